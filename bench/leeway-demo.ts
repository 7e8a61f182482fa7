/** The demo stack every browser benchmark needs: server, Zendesk fixture, Chromium with the extension, signed in. */
import Database from 'better-sqlite3';
import { launchWithExtension, signIn, type ExtensionBrowser } from '../test/support/browser';
import { startHelpdeskServer, type HelpdeskServer } from '../test/support/helpdesk-server';
import { startServer, type ServerProcess } from '../test/support/server-process';
import { zendeskHosts, zendeskRoutes } from '../test/fixtures/zendesk/routes';
import { ensureExtensionBuilt } from './extension-build';

export const TICKET_URL = 'https://acme.zendesk.com/agent/tickets/101';
export const CUSTOMER_NAME = 'Dana Whitfield';
export const CUSTOMER_EMAIL = 'dana.whitfield@example.com';

export interface DemoStack {
  server: ServerProcess;
  helpdesk: HelpdeskServer;
  browser: ExtensionBrowser;
}

/**
 * Runs `body` with the stack up and always tears down whatever was started, in reverse
 * order, even when startup itself fails halfway.
 */
export async function withDemoStack<T>(body: (stack: DemoStack) => Promise<T>): Promise<T> {
  await ensureExtensionBuilt();
  let server: ServerProcess | undefined;
  let helpdesk: HelpdeskServer | undefined;
  let browser: ExtensionBrowser | undefined;
  try {
    const started = await Promise.allSettled([
      startServer({ env: { LEEWAY_BENCH_RELAY: '1', LEEWAY_LOG_LEVEL: 'warn' } }),
      startHelpdeskServer(zendeskHosts, zendeskRoutes),
    ]);
    if (started[0].status === 'fulfilled') server = started[0].value;
    if (started[1].status === 'fulfilled') helpdesk = started[1].value;
    for (const s of started) if (s.status === 'rejected') throw s.reason;
    browser = await launchWithExtension([`MAP *.zendesk.com 127.0.0.1:${helpdesk!.port}`]);
    await signIn(browser, server!.url, 'agent@acme.test');
    return await body({ server: server!, helpdesk: helpdesk!, browser });
  } finally {
    await browser?.close().catch(() => {});
    await helpdesk?.close().catch(() => {});
    await server?.stop().catch(() => {});
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
