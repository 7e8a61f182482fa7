/**
 * The demo desk in real Chromium with the built extension: the server in demo mode serves its own
 * small helpdesk (<server>/demo/desk/tickets/101) and pins its address for the demo tenant; the
 * agent signs in and allows that host from the options page, as any pinned host; the panel then
 * runs on the desk's pages only, shows each ticket's demo customer, follows an in-app tab switch,
 * and shows the unknown-requester state for ticket 104. A tenant that does not pin the desk
 * (globex) gets no panel there. The server's screen-pop page (issue 22) runs on the same allowed
 * host: a signed link shows its caller; a changed one opens nothing; another agent's opens no one.
 */
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registeredPatterns } from '../support/allow-hosts';
import { launchWithExtension, panel, PANEL_FRAME, signIn, type ExtensionBrowser } from '../support/browser';
import { ingestSecret, startServer, type ServerProcess } from '../support/server-process';
import { popUrl } from '@shared/pop-signature';
import { apiToken } from '../support/stack';

const SHOTS = 'test-results';
let server: ServerProcess;
let b: ExtensionBrowser;
let desk: string;
let page: Page;

declare const chrome: { developerPrivate: { addHostPermission(id: string, host: string): Promise<void> } };

const pinnedFor = async (email: string) => {
  const res = await fetch(`${server.url}/v1/helpdesk-hosts`, { headers: { authorization: `Bearer ${await apiToken(server.url, email)}` } });
  return ((await res.json()) as { hosts: string[] }).hosts;
};
const panelName = async (p: Page) => (await panel(p).locator('[data-field="customer-name"]').allTextContents())[0] ?? null;
const customerName = () => panelName(page);

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  // Chromium launches while the server starts: neither needs the other until the sign-in.
  [server, b] = await Promise.all([startServer(), launchWithExtension([])]);
  desk = new URL(server.url).host;
  // The server pins the desk's host for acme once it listens.
  for (const until = Date.now() + 10_000; !(await pinnedFor('agent@acme.test')).includes(desk); ) {
    if (Date.now() > until) throw new Error(`the demo tenant does not pin ${desk}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  await signIn(b, server.url, 'agent@acme.test');
});
afterAll(async () => {
  await b?.close().catch(() => {});
  await server?.stop().catch(() => {});
});

describe('the demo desk', () => {
  it('is one of the pinned hosts the agent allows, and Leeway then runs on its pages only', async () => {
    // What a user does on chrome://extensions → Leeway → Site access → Add a site; then the options page's own Allow.
    const ext = await b.context.newPage();
    await ext.goto(`chrome://extensions/?id=${b.extensionId}`);
    await ext.evaluate(([id, p]) => chrome.developerPrivate.addHostPermission(id!, p!), [b.extensionId, `http://${desk}/*`]);
    await ext.close();
    const options = await b.context.newPage();
    await options.goto(`chrome-extension://${b.extensionId}/options.html`);
    const row = options.locator(`[data-host="${desk}"]`);
    await row.waitFor({ timeout: 10_000 });
    await row.getByRole('button', { name: `Allow on ${desk}` }).click();
    await row.getByTestId('allowed').waitFor({ timeout: 10_000 });
    await options.screenshot({ path: `${SHOTS}/demo-desk-options.png` });
    await options.close();
    // The desk's pages, and the server's screen-pop and widget pages (issue 22).
    await expect
      .poll(() => registeredPatterns(b), { timeout: 10_000 })
      .toEqual([`${server.url}/demo/desk/*`, `${server.url}/pop*`, `${server.url}/widgets/*`]);
  });

  it('shows ticket 101’s demo customer in the panel', async () => {
    page = await b.context.newPage();
    await page.goto(`${server.url}/demo/desk/tickets/101`);
    await expect.poll(customerName, { timeout: 15_000 }).toBe('Dana Whitfield');
    expect(await page.locator('[data-desk-ticket="101"] .requester-name').textContent()).toBe('Dana Whitfield');
    expect(await panel(page).getAttribute('data-ticket')).toMatch(/101$/);
    await page.screenshot({ path: `${SHOTS}/demo-desk-101.png` });
  });

  it('follows an in-app tab switch to the next ticket’s customer, without a page load', async () => {
    await page.evaluate(() => {
      (globalThis as { __sameDocument?: boolean }).__sameDocument = true;
    });
    await page.locator('[data-desk-tab="102"]').click();
    await expect.poll(() => page.url()).toBe(`${server.url}/demo/desk/tickets/102`);
    await expect.poll(customerName, { timeout: 15_000 }).toBe('Marco Rossi');
    expect(await page.evaluate(() => (globalThis as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
    expect(await panel(page).getAttribute('data-ticket')).toMatch(/102$/);
    await page.screenshot({ path: `${SHOTS}/demo-desk-102.png` });
  });

  it('says a requester no customer matches is unknown (ticket 104)', async () => {
    await page.locator('[data-desk-link="104"]').click();
    const unknown = panel(page).locator('[data-field="unknown"]');
    await unknown.waitFor({ timeout: 15_000 });
    expect(await unknown.textContent()).toContain(`No customer matches j***@example.net or requester #9107 on ${desk}.`);
    expect(await page.evaluate(() => (globalThis as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
    await page.screenshot({ path: `${SHOTS}/demo-desk-unknown.png` });
  });

  it('back in the browser’s history, shows the previous ticket’s customer again', async () => {
    await page.goBack();
    await expect.poll(() => page.url()).toBe(`${server.url}/demo/desk/tickets/102`);
    await expect.poll(customerName, { timeout: 15_000 }).toBe('Marco Rossi');
  });

  it('runs nowhere else on the server’s origin', async () => {
    const other = await b.context.newPage();
    await other.goto(`${server.url}/health`);
    await other.waitForLoadState('load');
    await other.waitForTimeout(500);
    expect(await other.locator(PANEL_FRAME).count()).toBe(0);
    await other.close();
  });

  it('a signed screen-pop link shows the caller, whatever the page says beside it (issue 22)', async () => {
    const key = { id: 'acme-demo', secret: await ingestSecret(server.dbFile, 'acme-demo') };
    const pop = await b.context.newPage();
    await pop.goto(popUrl(server.url, key, { ani: '415.555.0123', agent: 'agent@acme.test', contact: 'five9-1001' }));
    await expect.poll(() => panelName(pop), { timeout: 15_000 }).toBe('Sam Okafor');
    expect(await pop.locator('h1').textContent()).toBe('Incoming call from +1 *** *** 0123');
    expect(await panel(pop).locator('[data-field="call-state"]').textContent()).toBe('Incoming call');
    // Suggested offers are asked once the panel is in view, never refused for the moment it was covered while placed.
    await pop.waitForTimeout(300);
    expect((await panel(pop).locator('[data-field="recommendations"]').allTextContents()).join(' ')).not.toContain('covered');
    // The page's words for "no panel?" step aside once the panel is on it: none sits under the panel.
    expect(await pop.locator('main p').first().isVisible()).toBe(false);
    await pop.screenshot({ path: `${SHOTS}/screen-pop.png` });
    // Changed after signing (another caller): the page says so, and no panel opens.
    const forged = new URL(popUrl(server.url, key, { ani: '415.555.0123', agent: 'agent@acme.test', contact: 'five9-1002' }));
    forged.searchParams.set('ani', '+14155550100');
    await pop.goto(forged.href);
    expect(await pop.locator('h1').textContent()).toBe('This pop link cannot be used');
    await pop.waitForTimeout(500);
    expect(await pop.locator(PANEL_FRAME).count()).toBe(0);
    await pop.screenshot({ path: `${SHOTS}/screen-pop-forged.png` });
    // For another agent: the page loads, the server refuses to open the call for this one.
    await pop.goto(popUrl(server.url, key, { ani: '415.555.0123', agent: 'senior@acme.test', contact: 'five9-1003' }));
    await expect.poll(() => panel(pop).locator('.note.error').textContent(), { timeout: 15_000 }).toContain('for another agent');
    expect(await panelName(pop)).toBeNull();
    await pop.close();
  });

  it('a tenant that does not pin the desk gets no panel there', async () => {
    await page.close();
    const options = await b.context.newPage();
    await options.goto(`chrome-extension://${b.extensionId}/options.html`);
    await options.getByRole('button', { name: 'Sign out' }).click();
    await options.locator('input[name=email]').waitFor();
    await options.close();
    await signIn(b, server.url, 'agent@globex.test');
    expect(await pinnedFor('agent@globex.test')).not.toContain(desk);
    await expect.poll(() => registeredPatterns(b), { timeout: 10_000 }).toEqual([]);
    page = await b.context.newPage();
    await page.goto(`${server.url}/demo/desk/tickets/101`);
    await page.locator('[data-desk-ticket="101"] .requester-name').waitFor();
    await page.waitForTimeout(1000);
    expect(await page.locator(PANEL_FRAME).count()).toBe(0);
    await page.screenshot({ path: `${SHOTS}/demo-desk-globex.png` });
  });
});
