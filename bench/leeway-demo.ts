/** The demo stack every browser benchmark needs: server, Zendesk fixture, Chromium with the extension, signed in. */
import Database from 'better-sqlite3';
import { allowHosts } from '../test/support/allow-hosts';
import { launchWithExtension, signIn, type ExtensionBrowser } from '../test/support/browser';
import { startZendeskStack, type ZendeskStack } from '../test/support/stack';
import { ensureExtensionBuilt } from './extension-build';

export const TICKET_URL = 'https://acme.zendesk.com/agent/tickets/101';
export const CUSTOMER_NAME = 'Dana Whitfield';
export const CUSTOMER_EMAIL = 'dana.whitfield@example.com';

export type DemoStack = ZendeskStack;

/** Runs `body` with the stack up and always tears it down; `env` adds to the server's environment. */
export async function withDemoStack<T>(body: (stack: DemoStack) => Promise<T>, env: Record<string, string> = {}): Promise<T> {
  await ensureExtensionBuilt();
  // The per-address limits off: the bench's simulated agents all connect from this one address, real ones from their own.
  const stack = await startZendeskStack({
    serverEnv: { LEEWAY_BENCH_RELAY: '1', LEEWAY_LOG_LEVEL: 'warn', LEEWAY_RATE_LIMIT: '0', ...env },
  });
  try {
    return await body(stack);
  } finally {
    await stack.close();
  }
}

/**
 * Another Chromium on the same stack, signed in just now as the stack's agent (as stack.ts does):
 * what an agent's first ticket after sign-in meets (panel_ready_cold_ms). The caller closes it.
 */
export async function freshSignedInBrowser(stack: DemoStack): Promise<ExtensionBrowser> {
  const browser = await launchWithExtension([`MAP *.zendesk.com 127.0.0.1:${stack.helpdesk.port}`]);
  try {
    await signIn(browser, stack.server.url, 'agent@acme.test');
    await allowHosts(browser, ['acme.zendesk.com']);
    return browser;
  } catch (e) {
    await browser.close().catch(() => {});
    throw e;
  }
}

/** Tenant id of the demo tenant and the customer id of Dana, read straight from the database. */
export function demoIds(dbFile: string): { tenantId: string; customerId: string } {
  const db = new Database(dbFile, { readonly: true });
  try {
    const tenant = db.prepare("select id from tenants where slug = 'acme'").get() as { id: string } | undefined;
    if (!tenant) throw new Error('demo tenant missing from the database');
    const identity = db
      .prepare("select customer_id from identities where tenant_id = ? and kind = 'email' and value = ?")
      .get(tenant.id, CUSTOMER_EMAIL) as { customer_id: string } | undefined;
    if (!identity) throw new Error(`demo customer ${CUSTOMER_EMAIL} missing from the database`);
    return { tenantId: tenant.id, customerId: identity.customer_id };
  } finally {
    db.close();
  }
}
