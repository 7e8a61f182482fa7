/**
 * Issue 20's launcher, in real Chromium with the built extension and the real server: the first run
 * opens the options page by itself, prefilled with the server the build was made for; the popup
 * says who is signed in, where, and whether the connection is live, and opens the side panel, the
 * QA console and the options page; signed in, the options page gives each role its next step.
 * axe finds nothing on each view; each is photographed.
 */
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverUrlFor } from '../../extension/popup/server-url-for';
import { Env } from '../../server/src/env-schema';
import { viewAxeViolations } from '../support/axe-views';
import { launchWithExtension, signIn, type ExtensionBrowser } from '../support/browser';
import { tabThrough, tabTo } from '../support/keyboard';
import { startServer, type ServerProcess } from '../support/server-process';

/** The extension API the test calls inside the service worker (evaluated there, typed here). */
declare const chrome: {
  tabs: { query(q: { active: boolean; lastFocusedWindow: boolean }): Promise<{ id: number }[]> };
  runtime: { getContexts(f: { contextTypes: string[] }): Promise<{ documentUrl?: string }[]> };
  windows: { getAll(): Promise<{ id: number }[]> };
  sidePanel: { close(o: { windowId: number }): Promise<void> };
};

/** What the build under test was made for: the same rule, from the same environment as `wxt build` (run them alike). */
const listen = Env.pick({ LEEWAY_HOST: true, LEEWAY_PORT: true }).parse(process.env);
const BUILT_FOR = serverUrlFor({ url: process.env.LEEWAY_URL, host: listen.LEEWAY_HOST, port: listen.LEEWAY_PORT });

let server: ServerProcess;
let b: ExtensionBrowser;

beforeAll(async () => {
  mkdirSync('test-results', { recursive: true });
  [server, b] = await Promise.all([startServer(), launchWithExtension([], { keepFirstRunPage: true })]);
});
afterAll(async () => {
  await b?.close().catch(() => {});
  await server?.stop();
});

const extensionUrl = (path: string) => `chrome-extension://${b.extensionId}/${path}`;
const opened = (path: string) => b.context.pages().find((p) => p.url().startsWith(extensionUrl(path)));
const worker = () => b.context.serviceWorkers()[0]!;

/**
 * The side panel is browser UI, not a tab playwright lists: the extension's own word on its
 * contexts says whether one shows sidepanel.html.
 */
const sidePanelShown = () =>
  worker().evaluate(async () =>
    (await chrome.runtime.getContexts({ contextTypes: ['SIDE_PANEL'] })).some((c) => c.documentUrl?.includes('/sidepanel.html')),
  );
const closeSidePanels = () =>
  worker().evaluate(async () => {
    for (const w of await chrome.windows.getAll()) await chrome.sidePanel.close({ windowId: w.id }).catch(() => {});
  });

/** No axe violation, and every control shows focus when Tabbed to; photographed as it is. */
async function clean(page: Page, shot: string) {
  await page.screenshot({ path: `test-results/launcher-${shot}.png` });
  expect(await viewAxeViolations(page)).toEqual([]);
  await page.bringToFront();
  expect(await tabThrough(page)).toEqual([]);
}

/** The popup as support opens it, diagnosing the tab last opened (the active one: Leeway has no `tabs` permission). */
async function openPopup(): Promise<Page> {
  const blank = await b.context.newPage();
  await blank.bringToFront();
  const [tab] = await worker().evaluate(() => chrome.tabs.query({ active: true, lastFocusedWindow: true }));
  const popup = await b.context.newPage();
  await popup.setViewportSize({ width: 420, height: 520 });
  await popup.goto(extensionUrl(`popup.html?tab=${tab!.id}`));
  await popup.locator('[data-field="server"]').getByText(/^http/).waitFor();
  return popup;
}

/** Signs out from the options page, as a user would. */
async function signOut() {
  const options = await b.context.newPage();
  await options.goto(extensionUrl('options.html'));
  await options.getByRole('button', { name: 'Sign out' }).click();
  await options.locator('input[name=email]').waitFor();
  await options.close();
}

describe('the launcher: first run, popup, options', () => {
  it('opens the options page by itself on install, prefilled with the server the build was made for', async () => {
    // Chromium installs the extension, then its background opens the page: on a loaded machine that takes seconds.
    await expect.poll(() => opened('options.html') !== undefined, { timeout: 20_000 }).toBe(true);
    const options = opened('options.html')!;
    await options.setViewportSize({ width: 1280, height: 800 });
    await options.locator('input[name=email]').waitFor();
    expect(await options.locator('input[name=serverUrl]').inputValue()).toBe(BUILT_FOR);
    await clean(options, 'first-run-options');
    await options.close();
  });

  it('signed out, the popup says so and opens the options page and the QA console', async () => {
    const popup = await openPopup();
    await expect.poll(() => popup.locator('[data-field="signed-in-as"]').textContent()).toBe('no: sign in from Options');
    expect(await popup.locator('[data-field="server"]').textContent()).toBe(BUILT_FOR);
    expect(await popup.locator('[data-field="connection"]').textContent()).toBe('signed out');
    await clean(popup, 'popup-signed-out');

    // Keyboard only: Tab to the console's button and press Enter.
    const consolePage = b.context.waitForEvent('page', (p) => p.url().startsWith(extensionUrl('console.html')));
    await popup.reload();
    await popup.bringToFront();
    const unseen = new Set<string>();
    await tabTo(popup, popup.getByRole('button', { name: 'QA console' }), unseen);
    await popup.keyboard.press('Enter');
    await (await consolePage).waitForLoadState();
    expect([...unseen]).toEqual([]);
    await (await consolePage).close();

    const options = b.context.waitForEvent('page', (p) => p.url().startsWith(extensionUrl('options.html')));
    await popup.getByRole('button', { name: 'Options' }).click();
    await (await options).locator('input[name=serverUrl]').waitFor();
    await (await options).close();
    await popup.close();
  });

  it('signed in, the popup shows who, where and live, and its side panel button opens the side panel', async () => {
    await signIn(b, server.url, 'lead@acme.test');
    const popup = await openPopup();
    await expect.poll(() => popup.locator('[data-field="signed-in-as"]').textContent()).toMatch(/^.+ \(supervisor\) at .+$/);
    expect(await popup.locator('[data-field="server"]').textContent()).toBe(server.url);
    await expect.poll(() => popup.locator('[data-field="connection"]').textContent()).toBe('live');
    await clean(popup, 'popup-signed-in');

    expect(await sidePanelShown()).toBe(false);
    await popup.getByRole('button', { name: 'Open the side panel' }).click();
    // Shown, or the popup's sentence on why not (the poll's failure message shows it).
    const error = popup.locator('[data-field="open-error"]');
    await expect
      .poll(async () => ((await sidePanelShown()) ? 'shown' : await error.textContent({ timeout: 100 }).catch(() => null)))
      .toBe('shown');
    await closeSidePanels();
    await popup.close();
    await signOut();
  });

  // Each role's button and the address it opens (the demo desk is the demo server's own page).
  for (const [email, role, step, button, opens] of [
    ['lead@acme.test', 'supervisor', /^Open the side panel and tick On duty/, 'Open the side panel', 'sidepanel.html'],
    ['agent@acme.test', 'agent', /^Open a ticket in your helpdesk \(or the demo desk\)/, 'Open the demo desk', '/demo/desk/tickets/101'],
    ['auditor@acme.test', 'auditor', /^Open the QA console/, 'Open the QA console', 'console.html'],
    ['admin@acme.test', 'admin', /^Open the console: People/, 'Open the console', 'console.html'],
  ] as const) {
    it(`signed in as ${role}, the options page shows the connection and the next step, and its button takes it`, async () => {
      await signIn(b, server.url, email);
      const options = await b.context.newPage();
      await options.goto(extensionUrl('options.html'));
      const next = options.getByTestId('next-step');
      expect(await next.getAttribute('data-role')).toBe(role);
      expect(await next.locator('p').first().textContent()).toMatch(step);
      await expect.poll(() => options.locator('[data-field="connection"]').textContent()).toBe('live');
      await next.getByRole('button', { name: button }).waitFor();
      await clean(options, `options-${role}`);

      if (opens === 'sidepanel.html') {
        await closeSidePanels();
        await next.getByRole('button', { name: button }).click();
        await expect.poll(sidePanelShown).toBe(true);
        await closeSidePanels();
      } else {
        const url = opens.startsWith('/') ? `${server.url}${opens}` : extensionUrl(opens);
        const page = () => b.context.pages().find((p) => p.url().startsWith(url));
        await page()?.close();
        await next.getByRole('button', { name: button }).click();
        await expect.poll(() => page() !== undefined).toBe(true);
        await page()!.close();
      }

      await options.getByRole('button', { name: 'Sign out' }).click();
      await options.locator('input[name=email]').waitFor();
      await options.close();
    });
  }
});
