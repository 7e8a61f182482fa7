/**
 * Stories 1, 2 and 7 of docs/product.md in real Chromium: the built extension on a
 * Zendesk-like page at https://acme.zendesk.com, the real server process on a real
 * SQLite file, a signed webhook from "the billing system".
 */
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { panel, type ExtensionBrowser } from '../support/browser';
import { outOfView, panelAxeViolations } from '../support/panel-checks';
import { analyseFrames, collectFrames, installFrameSampler, type PageSample } from '../support/panel-frames';
import type { HelpdeskServer } from '../support/helpdesk-server';
import { startServer, type ServerProcess } from '../support/server-process';
import { startZendeskStack, type ZendeskStack } from '../support/stack';
import { postEvent } from '../support/webhook';

let stack: ZendeskStack;
let server: ServerProcess;
let helpdesk: HelpdeskServer;
let browser: ExtensionBrowser;
let key: { id: string; secret: string };
const SHOTS = 'test-results';

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  stack = await startZendeskStack();
  ({ server, helpdesk, browser, ingestKey: key } = stack);
});

afterAll(async () => {
  stack.server = server; // the last test restarts the server
  await stack?.close();
});

const customerName = (page: Page) => panel(page).locator('[data-field="customer-name"]');

describe('the panel on a Zendesk ticket', () => {
  it('shows the ticket’s customer: name, tier, value, tenure, open tickets and recent events (story 1)', async () => {
    const page = await browser.context.newPage();
    await page.goto('https://acme.zendesk.com/agent/tickets/101');
    await expect.poll(() => customerName(page).textContent()).toBe('Dana Whitfield');
    const p = panel(page);
    expect(await p.getAttribute('data-ticket')).toBe('101');
    expect(await p.locator('[data-field="tier"]').textContent()).toBe('gold');
    expect(await p.locator('[data-field="ltv"]').textContent()).toBe('$4,820');
    expect(await p.locator('[data-field="tenure"]').textContent()).toMatch(/^5 yr/);
    expect(await p.locator('[data-field="open-tickets"]').textContent()).toBe('1');
    const events = p.locator('li[data-event-id]');
    expect(await events.count()).toBe(5);
    // Newest first: the cancellation-page visit from a few hours ago leads.
    expect(await events.first().getAttribute('data-event-type')).toBe('page.visited');
    expect(await events.first().getAttribute('class')).toContain('alert');
    expect(await p.locator('[data-status]').getAttribute('data-status')).toBe('online');
    // Decision first: who, then what the agent may do (in view at 1280×800), then signals and events; "Resolve…" closes.
    const order = await p.evaluate((el) =>
      ['.card', '.leeway', '.signals', 'ol.events', '.resolve-bar'].map((s) => {
        const at = el.querySelector(s);
        return at ? [...el.querySelectorAll('*')].indexOf(at) : -1;
      }),
    );
    expect(order.every((at, i) => at >= 0 && (i === 0 || at > order[i - 1]!))).toBe(true);
    expect(await outOfView(page, ['ul.allowances', 'select[name=action]', 'input[name=amount]', 'button[type=submit]'])).toEqual([]);
    // The live pill and every text hold AA contrast; the panel passes axe.
    expect(await panelAxeViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/zendesk-panel.png` });
    await page.close();
  });

  it('shows a billing system’s "payment failed" live, without a reload (story 2)', async () => {
    const page = await browser.context.newPage();
    await page.goto('https://acme.zendesk.com/agent/tickets/101');
    await expect.poll(() => customerName(page).textContent()).toBe('Dana Whitfield');
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));

    const res = await postEvent(server.url, key, {
      type: 'payment.failed',
      customer: { email: 'dana.whitfield@example.com' },
      data: { amountCents: 12900, currency: 'USD', reason: 'card declined' },
    });
    expect(res.status).toBe(200);
    const item = panel(page).locator(`li[data-event-id="${res.body.eventId}"]`);
    await item.waitFor();
    expect(await item.textContent()).toContain('Payment failed · $129 (card declined)');
    expect(await panel(page).locator('li[data-event-id]').first().getAttribute('data-event-id')).toBe(res.body.eventId);
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42); // same document: no reload
    // Announced politely without moving focus: the page keeps it.
    await expect
      .poll(() => panel(page).locator('[role=status][data-field="announce-status"]').textContent(), { timeout: 5_000 })
      .toBe('New for Dana Whitfield: Payment failed · $129 (card declined)');
    expect(await page.evaluate(() => document.activeElement?.tagName)).not.toBe('IFRAME');
    await page.screenshot({ path: `${SHOTS}/zendesk-live-event.png` });
    await page.close();
  });

  it('switching from ticket A to B in the single-page app never shows A’s customer on B, not for a frame (story 7)', async () => {
    const page = await browser.context.newPage();
    // Every animation frame of the page (where it is, whether the panel's frame is visible) and of
    // the panel's own frame (which ticket and customer it renders), on one clock.
    await installFrameSampler(page);
    // B's requester is slow to load, so there is a window in which only A's data is known.
    helpdesk.delay(/^\/api\/v2\/tickets\/102\.json$/, 400);
    await page.goto('https://acme.zendesk.com/agent/tickets/101');
    await expect.poll(() => customerName(page).textContent()).toBe('Dana Whitfield');

    await page.locator('[data-test-id="header-tab"][data-ticket-id="102"]').click();
    await expect.poll(() => customerName(page).textContent()).toBe('Marco Rossi');
    // And straight back, then on to a third ticket before anything has loaded.
    await page.locator('[data-test-id="header-tab"][data-ticket-id="101"]').click();
    await page.locator('[data-test-id="header-tab"][data-ticket-id="102"]').click();
    await expect.poll(() => customerName(page).textContent()).toBe('Marco Rossi');

    const rec = await collectFrames(page);
    const ticketOf = (p: PageSample) => /tickets\/(\d+)/.exec(new URL(p.href).pathname)?.[1] ?? null;
    const customers: Record<string, string> = { '101': 'Dana Whitfield', '102': 'Marco Rossi' };
    const result = analyseFrames(rec, ticketOf, (t) => (t && customers[t] ? [customers[t]] : []));
    const onB = rec.page.filter((p) => ticketOf(p) === '102');
    expect(onB.length).toBeGreaterThan(10);
    expect(rec.panel.length, 'the panel frame was not sampled: the check would be vacuous').toBeGreaterThan(10);
    expect(result.stale, 'a visible frame named another ticket’s customer').toEqual([]);
    expect(result.wrongTicketFrames, 'a visible frame named another ticket than the page').toBe(0);
    // The slow window really happened: on B, the panel was hidden or said nothing of a customer for a while.
    const panelAt = (t: number) => rec.panel.filter((q) => q.t <= t).at(-1);
    expect(onB.some((p) => !p.visible || !panelAt(p.t)?.name)).toBe(true);
    // And the panel was on screen on B in the end, naming Marco.
    expect(onB.at(-1)?.visible).toBe(true);
    expect(await page.title()).toBe('#102 – Zendesk');
    await page.close();
  });

  it('says plainly when the requester is unknown, and offers nothing it does not know', async () => {
    const page = await browser.context.newPage();
    await page.goto('https://acme.zendesk.com/agent/tickets/103');
    const unknown = panel(page).locator('[data-field="unknown"]');
    await unknown.waitFor();
    // In words, masked: never the raw email or an identity code.
    expect(await unknown.textContent()).toContain('No customer matches s***@example.net or requester #9003 on acme.zendesk.com.');
    expect(await unknown.textContent()).not.toContain('someone.new@example.net');
    expect(await customerName(page).count()).toBe(0);
    expect(await panel(page).locator('li[data-event-id]').count()).toBe(0);
    await page.close();
  });

  it('goes "offline, retrying" with the last context marked stale when the server dies, and recovers by itself', async () => {
    const page = await browser.context.newPage();
    await page.goto('https://acme.zendesk.com/agent/tickets/102');
    await expect.poll(() => customerName(page).textContent()).toBe('Marco Rossi');

    await server.stop('SIGKILL');
    const status = panel(page).locator('[data-status]');
    await expect.poll(() => status.getAttribute('data-status')).toBe('offline');
    expect(await status.textContent()).toBe('offline, retrying');
    expect(await panel(page).getAttribute('class')).toContain('stale');
    expect(await customerName(page).textContent()).toBe('Marco Rossi');
    await page.screenshot({ path: `${SHOTS}/zendesk-offline.png` });

    server = await startServer({ dbFile: server.dbFile, port: server.port });
    await expect.poll(() => status.getAttribute('data-status'), { timeout: 20_000 }).toBe('online');
    await expect.poll(() => panel(page).getAttribute('class')).not.toContain('stale');
    expect(await customerName(page).textContent()).toBe('Marco Rossi');

    // Live again: an event after the restart reaches the panel.
    const res = await postEvent(server.url, key, {
      type: 'order.placed',
      customer: { email: 'marco.rossi@example.com' },
      data: { orderId: 'A-20001', amountCents: 9900, currency: 'USD' },
    });
    await panel(page).locator(`li[data-event-id="${res.body.eventId}"]`).waitFor();
    await page.close();
  });
});
