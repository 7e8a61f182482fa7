/**
 * Lets a signed-in test browser run Leeway on some of its tenant's pinned helpdesk hosts, as a
 * user would: the panel's content script runs only on hosts the tenant pins (GET
 * /v1/helpdesk-hosts) and the user allowed (`https://<host>/*`).
 *
 * Chromium shows a native prompt for permissions.request that no automation can click. What can
 * be automated is what a user does on chrome://extensions → Leeway → Site access → "Add a site"
 * (developerPrivate.addHostPermission, the call that page makes). That alone does not make an
 * optional host permission active; with the site added there, the options page's own "Allow on
 * <host>" button (permissions.request, in a real click) resolves true without a prompt, so this
 * drives the product's real path: the options page lists the tenant's pinned hosts, the user
 * allows each, and the background registers the content script there, which this waits for.
 *
 * Call after signIn (the pinned list is fetched after sign-in) and before opening helpdesk pages.
 */
import type { ExtensionBrowser } from './browser';

/** The extension APIs evaluated inside Chromium (typed here). */
declare const chrome: {
  developerPrivate: { addHostPermission(id: string, host: string): Promise<void> };
  scripting: { getRegisteredContentScripts(): Promise<{ id: string; matches?: string[] }[]> };
  storage: { local: { get(key: string): Promise<Record<string, unknown>> } };
};

/** As the extension asks (background/pinned-hosts.ts): plain http only for this machine, where a server serves its own pages. */
export const hostPattern = (host: string) => `${/^(?:127\.0\.0\.1|localhost)(?::\d+)?$/.test(host) ? 'http' : 'https'}://${host}/*`;

/** Adds `https://<host>/*` for each host the way chrome://extensions does (a pre-grant: the options page's Allow then needs no prompt). */
export async function grantHosts(b: ExtensionBrowser, hosts: string[]): Promise<void> {
  const page = await b.context.newPage();
  try {
    await page.goto(`chrome://extensions/?id=${b.extensionId}`);
    for (const host of hosts)
      await page.evaluate(([id, p]) => chrome.developerPrivate.addHostPermission(id!, p!), [b.extensionId, hostPattern(host)]);
  } finally {
    await page.close();
  }
}

/** The host patterns the background has registered the panel's content script on now. */
export async function registeredPatterns(b: ExtensionBrowser): Promise<string[]> {
  const worker = b.context.serviceWorkers()[0] ?? (await b.context.waitForEvent('serviceworker'));
  const scripts = await worker.evaluate(() => chrome.scripting.getRegisteredContentScripts());
  return scripts.flatMap((s) => s.matches ?? []);
}

/**
 * Grants the hosts, then waits until the panel's content script is registered on each. Throws,
 * naming the missing hosts and the tenant's pinned list, when a host never gets registered (most
 * often: the signed-in user's tenant does not pin it).
 */
export async function allowHosts(
  b: ExtensionBrowser,
  hosts: string[],
  /** `granted`: grantHosts already ran (a stack grants while its server starts: it needs no sign-in). */
  opts: { timeoutMs?: number; granted?: boolean } = {},
): Promise<void> {
  const wildcard = hosts.filter((h) => h.includes('*'));
  if (wildcard.length) throw new Error(`allowHosts takes exact hosts, not ${wildcard.join(', ')}`);
  if (!opts.granted) await grantHosts(b, hosts);
  const deadline = Date.now() + (opts.timeoutMs ?? 15_000);
  const options = await b.context.newPage();
  try {
    await options.goto(`chrome-extension://${b.extensionId}/options.html`);
    for (const host of hosts) {
      const row = options.locator(`[data-host="${host}"]`);
      // Absent when the tenant does not pin it: fall through to the error below, which says so.
      if (
        !(await row.waitFor({ timeout: Math.max(1, deadline - Date.now()) }).then(
          () => true,
          () => false,
        ))
      )
        break;
      const button = row.getByRole('button', { name: `Allow on ${host}` });
      if (await button.count()) await button.click();
      await row.getByTestId('allowed').waitFor({ timeout: Math.max(1, deadline - Date.now()) });
    }
  } finally {
    await options.close();
  }
  let missing = hosts;
  while (Date.now() < deadline) {
    const registered = await registeredPatterns(b);
    // On the server's own host Leeway runs on some of its paths only (its desk, pop and widget pages).
    missing = hosts.filter((h) => !registered.some((p) => p.startsWith(hostPattern(h).slice(0, -1))));
    if (!missing.length) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  const worker = b.context.serviceWorkers()[0]!;
  const pinned = await worker.evaluate(async () => (await chrome.storage.local.get('helpdeskHosts')).helpdeskHosts ?? null);
  throw new Error(
    `Leeway was not registered on ${missing.join(', ')} within the time; the tenant's pinned hosts are ${JSON.stringify(pinned)}`,
  );
}

/**
 * Makes `https://<host>/*` an active permission of the extension whether or not the tenant pins
 * the host: what a user could do from the browser's own UI. For tests that prove a permission
 * alone does not make Leeway run somewhere. (permissions.request from the options page, evaluated
 * over CDP as a user gesture, after the chrome://extensions pre-grant so no prompt shows.)
 */
export async function forceHostPermission(b: ExtensionBrowser, host: string): Promise<void> {
  await grantHosts(b, [host]);
  const page = await b.context.newPage();
  try {
    await page.goto(`chrome-extension://${b.extensionId}/options.html`);
    const cdp = await b.context.newCDPSession(page);
    const res = (await cdp.send('Runtime.evaluate', {
      expression: `chrome.permissions.request({ origins: [${JSON.stringify(hostPattern(host))}] })`,
      userGesture: true,
      awaitPromise: true,
      returnByValue: true,
    })) as { result: { value?: unknown }; exceptionDetails?: { text: string } };
    await cdp.detach();
    if (res.result.value !== true) throw new Error(`the browser did not grant ${hostPattern(host)}: ${JSON.stringify(res)}`);
  } finally {
    await page.close();
  }
}
