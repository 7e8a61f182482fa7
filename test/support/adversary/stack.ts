/**
 * The adversarial harness's stack: one Leeway server with the declarative adapter defined, one
 * fixture server for every fixture, one Chromium allowed on every fixture host.
 */
import { ACME_ADAPTER, ACME_HOST } from '../../fixtures/custom-helpdesk/routes';
import { allowHosts, grantHosts } from '../allow-hosts';
import type { ExtensionBrowser } from '../browser';
import { startHelpdesksStack, type HelpdesksStack } from '../helpdesks-stack';
import { ALL_FIXTURES } from './conditions';

export type HarnessStack = HelpdesksStack;

async function adminDefinesDeclarative(serverUrl: string) {
  const signed = await fetch(`${serverUrl}/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'admin@acme.test', password: 'leeway-demo' }),
  });
  const { token } = (await signed.json()) as { token: string };
  const res = await fetch(`${serverUrl}/v1/adapters`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(ACME_ADAPTER),
  });
  if (res.status !== 201) throw new Error(`defining the declarative adapter: ${res.status} ${await res.text()}`);
}

/**
 * Server, fixture server (every fixture, the declarative one too), Chromium signed in as an acme
 * agent and allowed on every fixture host (pinned hosts; with older builds that register the
 * content script from the manifest, the allow step only grants).
 */
export const startHarnessStack = (): Promise<HarnessStack> =>
  startHelpdesksStack({
    fixtures: ALL_FIXTURES,
    prepare: adminDefinesDeclarative,
    allow: allowOrLegacy,
    // One agent opening 266 tickets in three minutes, five at a time, is no agent's pace: the
    // default 600 socket events a minute per sign-in refused the harness's own opens on a fast
    // machine (each open asks for context, signals, offers and its interaction).
    serverEnv: { LEEWAY_SOCKET_RATE_LIMIT: '0' },
  });

/**
 * Allows the hosts (pinned-host builds: grant + wait for the content script's registration).
 * Builds from before pinned hosts register the panel from the manifest, so granting is enough
 * there, and the declarative adapter needs the user's "Allow" on the options page: done too, so
 * the harness can be checked against those builds.
 */
export async function allowOrLegacy(b: ExtensionBrowser, hosts: string[]): Promise<void> {
  try {
    await allowHosts(b, hosts, { timeoutMs: 20_000 });
  } catch (e) {
    if (!(await legacyBuild(b))) throw e;
    if (hosts.includes(ACME_HOST)) {
      await grantHosts(b, [ACME_HOST]).catch(() => {});
      await allowDeclarativeLegacy(b);
    }
  }
}

/** A build whose manifest still lists the panel content script (before pinned hosts). */
async function legacyBuild(b: ExtensionBrowser): Promise<boolean> {
  const worker = b.context.serviceWorkers()[0]!;
  const manifest = (await worker.evaluate('chrome.runtime.getManifest()')) as { content_scripts?: unknown[] };
  return (manifest.content_scripts ?? []).length > 0;
}

/** Older builds: the options page's "Allow on <host>" registers the declarative adapter's origin. */
async function allowDeclarativeLegacy(b: ExtensionBrowser) {
  const page = await b.context.newPage();
  try {
    await page.goto(`chrome-extension://${b.extensionId}/options.html`);
    const row = page.locator('[data-adapter="Acme Helpdesk"]');
    await row.waitFor({ timeout: 10_000 });
    await row.getByRole('button', { name: `Allow on ${ACME_HOST}` }).click();
    await row.getByTestId('allowed').waitFor({ timeout: 10_000 });
  } finally {
    await page.close();
  }
}
