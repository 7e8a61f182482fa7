/**
 * A helpdesk no built-in adapter knows ("Acme Helpdesk" at support.acme-helpdesk.test), made to
 * work with no new build: the tenant pins the host (an admin lists it; the demo seed does); an
 * admin defines a declarative adapter through the API; the signed-in agent's extension fetches
 * both; the user allows that host from the options page; the background registers the content
 * script there at run time; the panel shows the ticket's customer and follows an in-app switch.
 * An admin edits the pinned list from the options page: a wildcard is refused with the server's
 * sentence, and a host taken off the list stops running at once.
 *
 * The permission grant: Chromium shows a native prompt for permissions.request that no automation
 * can click. What can be automated is what a user does on chrome://extensions → Leeway → Site
 * access → "Add a site" (developerPrivate.addHostPermission, the call that page makes). With the
 * site added there, the extension's own permissions.request from the options page's "Allow"
 * button resolves true without a prompt, so the test drives the product's real request path.
 */
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACME_ADAPTER, ACME_HOST, customHelpdeskSite, customHelpdeskUrls } from '../fixtures/custom-helpdesk/routes';
import { hostPattern, registeredPatterns } from '../support/allow-hosts';
import { launchWithExtension, panel, PANEL_FRAME, signIn, type ExtensionBrowser } from '../support/browser';
import { analyseFrames, collectFrames, installFrameSampler } from '../support/panel-frames';
import { startHelpdeskServer, type HelpdeskServer } from '../support/helpdesk-server';
import { startServer, type ServerProcess } from '../support/server-process';

const SHOTS = 'test-results';
let server: ServerProcess;
let helpdesk: HelpdeskServer;
let b: ExtensionBrowser;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  [server, helpdesk] = await Promise.all([startServer(), startHelpdeskServer([customHelpdeskSite])]);
  b = await launchWithExtension([`MAP ${ACME_HOST} 127.0.0.1:${helpdesk.port}`]);
  await signIn(b, server.url, 'agent@acme.test');
});
afterAll(async () => {
  await b?.close().catch(() => {});
  await helpdesk?.close().catch(() => {});
  await server?.stop().catch(() => {});
});

async function adminDefines(definition: unknown) {
  const signIn = await fetch(`${server.url}/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'admin@acme.test', password: 'leeway-demo' }),
  });
  const { token } = (await signIn.json()) as { token: string };
  const res = await fetch(`${server.url}/v1/adapters`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(definition),
  });
  expect(res.status, await res.clone().text()).toBe(201);
}

/** What a user does on chrome://extensions → Leeway → Site access → Add a site. */
async function addSiteOnExtensionsPage(pattern: string) {
  const page = await b.context.newPage();
  try {
    await page.goto(`chrome://extensions/?id=${b.extensionId}`);
    await page.evaluate(([id, p]) => chrome.developerPrivate.addHostPermission(id!, p!), [b.extensionId, pattern]);
  } finally {
    await page.close();
  }
}

/** The extension APIs the test calls inside Chromium (evaluated there, typed here). */
declare const chrome: {
  scripting: { getRegisteredContentScripts(): Promise<{ id: string; matches?: string[]; js?: string[] }[]> };
  developerPrivate: { addHostPermission(id: string, host: string): Promise<void> };
  tabs: { query(q: { url: string }): Promise<{ id: number }[]> };
};

const customerName = async (page: Page) => (await panel(page).locator('[data-field="customer-name"]').allTextContents())[0] ?? null;
const worker = () => b.context.serviceWorkers()[0]!;

describe('a declarative adapter, end to end, on a helpdesk no built-in adapter knows', () => {
  it('shows no panel there before an admin defines the adapter', async () => {
    const page = await b.context.newPage();
    await page.goto(customHelpdeskUrls.a);
    await page.locator('.requester-card').waitFor();
    await page.waitForTimeout(500);
    expect(await page.locator(PANEL_FRAME).count()).toBe(0);
    await page.close();
  });

  it('runs nowhere until the user allows a pinned host: nothing in the manifest grants a site', async () => {
    const manifest = await worker().evaluate(() =>
      (globalThis as unknown as { chrome: { runtime: { getManifest(): Record<string, unknown> } } }).chrome.runtime.getManifest(),
    );
    expect(manifest.content_scripts).toBeUndefined();
    expect(manifest.host_permissions).toBeUndefined();
    // Any HTTPS host, and plain http on this machine only (a demo server's own desk).
    expect(manifest.optional_host_permissions).toEqual(['https://*/*', 'http://127.0.0.1/*', 'http://localhost/*']);
    expect(await registeredPatterns(b)).toEqual([]);
  });

  it('asks for the pinned host, registers at run time, shows the customer and follows a switch', async () => {
    await adminDefines(ACME_ADAPTER);

    const options = await b.context.newPage();
    await options.goto(`chrome-extension://${b.extensionId}/options.html`);
    // The tenant's pinned host, with its Allow button; the admin's adapter listed below.
    const row = options.locator(`[data-host="${ACME_HOST}"]`);
    await row.waitFor({ timeout: 10_000 });
    await options.locator('[data-adapter="Acme Helpdesk"]').waitFor({ timeout: 10_000 });
    expect(await options.getByTestId('hosts-editor').count(), 'only admins edit the list').toBe(0);
    expect(await registeredPatterns(b)).toEqual([]);

    await addSiteOnExtensionsPage(hostPattern(ACME_HOST));
    await row.getByRole('button', { name: `Allow on ${ACME_HOST}` }).click();
    await row.getByTestId('allowed').waitFor({ timeout: 10_000 });
    expect(await options.getByRole('status').textContent()).toBe(`Leeway now runs on ${ACME_HOST}: reload its tabs.`);
    await options.close();

    const registered = await worker().evaluate(() => chrome.scripting.getRegisteredContentScripts());
    expect(registered.map((s) => ({ matches: s.matches, js: s.js }))).toEqual([
      { matches: [`https://${ACME_HOST}/*`], js: ['content-scripts/reader.js'] },
    ]);

    const page = await b.context.newPage();
    await installFrameSampler(page);
    await page.goto(customHelpdeskUrls.a);
    await expect.poll(() => customerName(page), { timeout: 10_000 }).toBe('Dana Whitfield');
    expect(await panel(page).getAttribute('data-ticket')).toMatch(/123$/);

    // Sampled every animation frame, in the page and in the panel's frame: on ticket 124 the panel never names ticket 123's customer.
    await page.locator('#nav [data-goto="124"]').click();
    await expect.poll(() => customerName(page), { timeout: 10_000 }).toBe('Marco Rossi');
    const rec = await collectFrames(page);
    const names: Record<string, string[]> = { '123': ['Dana Whitfield'], '124': ['Marco Rossi'] };
    const analysis = analyseFrames(
      rec,
      (p) => /\/tickets\/(\d+)/.exec(p.href)?.[1] ?? null,
      (t) => (t ? (names[t] ?? []) : []),
    );
    expect(rec.page.filter((f) => f.href.endsWith('/124')).length).toBeGreaterThan(3);
    expect(analysis.stale, 'the panel showed Dana on ticket 124').toEqual([]);
    expect(await panel(page).getAttribute('data-ticket')).toMatch(/124$/);
    expect(await page.locator(PANEL_FRAME).count(), 'one panel, however many registrations fit').toBe(1);
    // The host page paints dark: the panel follows it, whatever the OS setting.
    expect(await panel(page).getAttribute('class')).toMatch(/\btheme-dark\b/);
    await page.screenshot({ path: `${SHOTS}/declarative-dark-host.png` });

    // The panel moves by its header, collapses, and is where the agent left it after a reload.
    // The frame is placed and sized by the content script, which hears of the collapse and the
    // drag from the panel through the background: each is waited for.
    await panel(page).locator('header button[title="Collapse"]').click();
    await expect.poll(async () => (await page.locator(PANEL_FRAME).boundingBox())!.height, { timeout: 5000 }).toBeLessThan(100);
    const header = panel(page).locator('header');
    const box = (await header.boundingBox())!;
    await page.mouse.move(box.x + 30, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(200, 120, { steps: 5 });
    await page.mouse.up();
    const expectedY = 120 - box.height / 2;
    await expect.poll(async () => Math.abs((await panel(page).boundingBox())!.y - expectedY), { timeout: 5000 }).toBeLessThanOrEqual(2);
    const moved = (await panel(page).boundingBox())!;
    expect(await panel(page).getAttribute('class')).toMatch(/\bcollapsed\b/);
    await page.screenshot({ path: `${SHOTS}/panel-moved-collapsed.png` });

    // Support's view: what the popup says about this tab (opened as a page, pointed at the tab).
    const [tab] = await worker().evaluate((url) => chrome.tabs.query({ url }), customHelpdeskUrls.b);
    const popup = await b.context.newPage();
    await popup.setViewportSize({ width: 520, height: 420 });
    await popup.goto(`chrome-extension://${b.extensionId}/popup.html?tab=${tab!.id}`);
    await popup.locator('[data-field="customer"]').getByText('Marco Rossi').waitFor({ timeout: 10_000 });
    expect(await popup.locator('[data-field="adapter"]').textContent()).toBe(
      'Acme Helpdesk (declarative adapter (from your admin), custom:acme-helpdesk)',
    );
    expect(await popup.locator('[data-field="ticket"]').textContent()).toBe('124');
    expect(await popup.locator('[data-field="source"]').textContent()).toBe('page');
    expect(await popup.locator('[data-field="requester"]').textContent()).toContain('marco.rossi@example.com');
    expect(await popup.locator('[data-field="status"]').textContent()).toBe('online');
    await popup.screenshot({ path: `${SHOTS}/popup-diagnostics.png` });
    await popup.close();

    await page.reload();
    await panel(page).waitFor();
    await expect.poll(async () => (await panel(page).boundingBox())?.y).toBe(moved.y);
    expect(await panel(page).getAttribute('class')).toMatch(/\bcollapsed\b/);
    await page.close();
  });

  it('says on the popup why a page has no panel', async () => {
    const page = await b.context.newPage();
    await page.goto(`https://${ACME_HOST}/nowhere`);
    const [tab] = await worker().evaluate((url) => chrome.tabs.query({ url }), `https://${ACME_HOST}/nowhere`);
    const popup = await b.context.newPage();
    await popup.goto(`chrome-extension://${b.extensionId}/popup.html?tab=${tab!.id}`);
    await popup.locator('[data-field="reason"], [data-field="ticket"]').first().waitFor();
    expect(await popup.locator('[data-testid="diagnostics"]').textContent()).toMatch(/this URL is not a ticket page/);
    await popup.close();
    await page.close();
  });

  it('lets an admin edit the pinned hosts: a wildcard or a repeat is refused with a sentence, a removed host stops running at once', async () => {
    const options = await b.context.newPage();
    await options.goto(`chrome-extension://${b.extensionId}/options.html`);
    await options.getByRole('button', { name: 'Sign out' }).click();
    await options.locator('input[name=email]').waitFor();
    await options.close();
    await signIn(b, server.url, 'admin@acme.test');

    const admin = await b.context.newPage();
    await admin.goto(`chrome-extension://${b.extensionId}/options.html`);
    const editor = admin.getByTestId('hosts-editor');
    const textarea = editor.locator('textarea[name=hosts]');
    await expect.poll(() => textarea.inputValue(), { timeout: 10_000 }).toContain(ACME_HOST);
    const pinned = (await textarea.inputValue()).split('\n').filter(Boolean);

    await textarea.fill(['*.acme-helpdesk.test', ...pinned].join('\n'));
    await editor.getByRole('button', { name: 'Save hosts' }).click();
    await expect.poll(() => editor.getByTestId('hosts-result').textContent()).toMatch(/exact host/);
    expect(await editor.getByTestId('hosts-result').getAttribute('role')).toBe('alert');
    // What only the server can say (its 400 sentence, passed through the background).
    await textarea.fill([...pinned, pinned[0]!].join('\n'));
    await editor.getByRole('button', { name: 'Save hosts' }).click();
    await expect.poll(() => editor.getByTestId('hosts-result').textContent()).toMatch(/each host once/);
    expect(await registeredPatterns(b)).toContain(hostPattern(ACME_HOST));

    await textarea.fill(pinned.filter((h) => h !== ACME_HOST).join('\n'));
    await editor.getByRole('button', { name: 'Save hosts' }).click();
    await expect
      .poll(() => editor.getByTestId('hosts-result').textContent())
      .toBe(`Saved: ${pinned.length - 1} host${pinned.length - 1 === 1 ? '' : 's'}.`);
    await expect.poll(() => registeredPatterns(b)).not.toContain(hostPattern(ACME_HOST));
    expect(await admin.locator(`[data-host="${ACME_HOST}"]`).count()).toBe(0);
    const page = await b.context.newPage();
    await page.goto(customHelpdeskUrls.a);
    await page.locator('.requester-card').waitFor();
    await page.waitForTimeout(500);
    expect(await page.locator(PANEL_FRAME).count(), 'no panel on a host the tenant no longer pins').toBe(0);
    await page.close();

    // Put back: the user's permission still stands, so it runs there again.
    await textarea.fill(pinned.join('\n'));
    await editor.getByRole('button', { name: 'Save hosts' }).click();
    await expect.poll(() => registeredPatterns(b)).toContain(hostPattern(ACME_HOST));
    await admin.close();
  });
});
