/**
 * Issue 19's accessibility check on the extension's own pages, in real Chromium with the built
 * extension and the real server: axe-core's WCAG 2.2 A/AA rules find nothing on the supervisor's
 * side panel in each of its states, the popup and the options page; each state is photographed.
 */
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchWithExtension, panel, signIn, type ExtensionBrowser } from '../support/browser';
import { viewAxeViolations } from '../support/axe-views';
import { tabThrough } from '../support/keyboard';
import { startZendeskStack, type ZendeskStack } from '../support/stack';

/** The extension API the test calls inside the service worker (evaluated there, typed here). */
declare const chrome: { tabs: { query(q: { active: boolean; lastFocusedWindow: boolean }): Promise<{ id: number }[]> } };

const OTHER_SITE = 'https://shop.example.org/';
let stack: ZendeskStack;
let lead: ExtensionBrowser;

beforeAll(async () => {
  mkdirSync('test-results', { recursive: true });
  stack = await startZendeskStack({ email: 'agent@acme.test' });
  const port = stack.helpdesk.port;
  lead = await launchWithExtension([`MAP *.zendesk.com 127.0.0.1:${port}`, `MAP shop.example.org 127.0.0.1:${port}`]);
});
afterAll(async () => {
  await lead?.close().catch(() => {});
  await stack?.close();
});

async function extensionPage(b: ExtensionBrowser, path: string, size = { width: 1280, height: 800 }): Promise<Page> {
  const page = await b.context.newPage();
  await page.setViewportSize(size);
  await page.goto(`chrome-extension://${b.extensionId}/${path}`);
  return page;
}

/**
 * The popup as support opens it: in a tab of its own, diagnosing the tab last opened (`page`, the
 * active one: without a host permission Leeway cannot query tabs by address).
 */
async function popupFor(b: ExtensionBrowser, page: Page): Promise<Page> {
  await page.bringToFront();
  const [tab] = await b.context.serviceWorkers()[0]!.evaluate(() => chrome.tabs.query({ active: true, lastFocusedWindow: true }));
  const popup = await extensionPage(b, `popup.html?tab=${tab!.id}`, { width: 420, height: 520 });
  await popup.locator('[data-field="adapter"]').waitFor();
  return popup;
}

/** No axe violation, and every control shows focus when Tabbed to; photographed as it is. */
async function clean(page: Page, shot: string) {
  await page.screenshot({ path: `test-results/${shot}.png` });
  expect(await viewAxeViolations(page)).toEqual([]);
  await page.bringToFront();
  expect(await tabThrough(page)).toEqual([]);
}

const SIDE_PANEL = { width: 400, height: 800 };

describe('accessibility of the side panel, popup and options page', () => {
  it('signed out: options (and the invitation form), side panel and popup', async () => {
    const options = await extensionPage(lead, 'options.html');
    await options.locator('input[name=email]').waitFor();
    await clean(options, 'a11y-options-signed-out');
    await options.getByText('I have an invitation').click();
    await options.locator('input[name=inviteToken]').waitFor();
    await clean(options, 'a11y-options-invite');

    const side = await extensionPage(lead, 'sidepanel.html', SIDE_PANEL);
    await side.getByRole('button', { name: 'Open the options page' }).waitFor();
    await clean(side, 'a11y-sidepanel-signed-out');

    const shop = await lead.context.newPage();
    await shop.goto(OTHER_SITE).catch(() => {});
    const popup = await popupFor(lead, shop);
    await clean(popup, 'a11y-popup-signed-out');
    await Promise.all([options.close(), side.close(), popup.close(), shop.close()]);
  });

  it('signed in: options, and the popup on a helpdesk ticket and elsewhere', async () => {
    await signIn(lead, stack.server.url, 'lead@acme.test');
    const options = await extensionPage(lead, 'options.html');
    await options.getByTestId('signed-in').waitFor();
    await clean(options, 'a11y-options-signed-in');

    const shop = await lead.context.newPage();
    await shop.goto(OTHER_SITE).catch(() => {});
    const popup = await popupFor(lead, shop);
    expect(await popup.locator('[data-field="reason"]').textContent()).toMatch(/^Leeway does not run here: this is not a helpdesk host/);
    await clean(popup, 'a11y-popup-other-site');

    // The agent's browser runs the panel on the ticket: the popup reads what the adapter read.
    const ticket = await stack.browser.context.newPage();
    await ticket.goto('https://acme.zendesk.com/agent/tickets/101');
    await expect.poll(() => panel(ticket).locator('[data-field="customer-name"]').textContent()).toBe('Dana Whitfield');
    const onTicket = await popupFor(stack.browser, ticket);
    await onTicket.locator('[data-field="customer"]').getByText('Dana Whitfield').waitFor();
    await clean(onTicket, 'a11y-popup-helpdesk');
    // The popup follows the system's dark scheme: its colours must pass there too.
    await onTicket.emulateMedia({ colorScheme: 'dark' });
    await clean(onTicket, 'a11y-popup-helpdesk-dark');
    await Promise.all([options.close(), popup.close(), onTicket.close(), ticket.close(), shop.close()]);
  });

  it('the side panel: off duty, on duty with nothing waiting, a request, deciding it, recently decided', async () => {
    const side = await extensionPage(lead, 'sidepanel.html', SIDE_PANEL);
    await expect.poll(() => side.locator('[data-status]').first().getAttribute('data-status')).toBe('online');
    await side.getByText('Tick On duty to receive requests').waitFor();
    await clean(side, 'a11y-sidepanel-off-duty');

    await side.getByRole('checkbox', { name: /^On duty/ }).check();
    await side.getByText('Nothing waiting. New requests appear here as agents ask.').waitFor();
    await clean(side, 'a11y-sidepanel-on-duty-empty');

    const agent = await stack.browser.context.newPage();
    await agent.goto('https://acme.zendesk.com/agent/tickets/102');
    await expect.poll(() => panel(agent).locator('[data-field="customer-name"]').textContent()).toBe('Marco Rossi');
    const p = panel(agent);
    await p.locator('select[name=action]').selectOption('refund');
    await p.locator('select[name=reason]').selectOption('late_delivery');
    await p.locator('input[name=amount]').fill('150');
    await p.locator('textarea[name=note]').fill('Third late delivery in a month');
    await p.getByRole('button', { name: /^Request approval from a / }).click();

    const card = side.getByRole('article');
    await card.first().waitFor();
    await clean(side, 'a11y-sidepanel-pending');

    await card.getByRole('button', { name: 'Offer less' }).click();
    await card.getByRole('textbox', { name: 'Counter-offer' }).fill('120');
    expect(await card.getByRole('button', { name: 'Counter' }).isEnabled()).toBe(true);
    await clean(side, 'a11y-sidepanel-deciding');

    await card.getByRole('button', { name: 'Counter' }).click();
    await side.locator('[data-field="outcome"]').waitFor();
    await clean(side, 'a11y-sidepanel-decided');
    await Promise.all([side.close(), agent.close()]);
  });
});
