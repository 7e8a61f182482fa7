/**
 * Every built-in helpdesk adapter with a host, in real Chromium against its saved fixture at
 * its real host name: ticket A shows Dana Whitfield; switching to ticket B inside the
 * single-page app shows Marco Rossi, and, sampled every animation frame, never Dana while the
 * page is on B. One browser, one fixture server, one Leeway server for all of them.
 */
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adapters } from '../../extension/adapters';
import { panel } from '../support/browser';
import { analyseFrames, collectFrames, installFrameSampler } from '../support/panel-frames';
import { HELPDESK_FIXTURES, startHelpdesksStack, type HelpdesksStack } from '../support/helpdesks-stack';

const SHOTS = 'test-results';
let stack: HelpdesksStack;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  stack = await startHelpdesksStack();
});
afterAll(() => stack?.close());

/** The customer the panel names now, or null: never waits, so polls stay short. */
const customerName = async (page: Page) => (await panel(page).locator('[data-field="customer-name"]').allTextContents())[0] ?? null;

/** The in-app control that opens ticket B: the fixture's nav link, or Zendesk's header tab. */
const openB = (page: Page, id: string) =>
  id === 'zendesk'
    ? page.locator('[data-test-id="header-tab"][data-ticket-id="102"]').click()
    : page.locator('#nav [data-goto]').nth(1).click();

describe('every built-in adapter follows its helpdesk from ticket A to ticket B', () => {
  it('covers every adapter that has a host', () => {
    const withHost = adapters.filter((a) => a.matches.length > 0).map((a) => a.id);
    expect(HELPDESK_FIXTURES.map((f) => f.id).sort(), 'an adapter with a host has no browser fixture').toEqual(withHost.sort());
  });

  it.each(HELPDESK_FIXTURES.map((f) => [f.id, f] as const))('%s: A shows Dana, B shows Marco and never Dana', async (id, fixture) => {
    const adapter = adapters.find((a) => a.id === id)!;
    const ticketOf = (href: string) => adapter.ticketIdFromUrl(new URL(href));
    const b = ticketOf(fixture.urls.b)!;
    const page = await stack.browser.context.newPage();
    try {
      // Every animation frame, in the page (where it is, whether the panel's frame is visible) and in
      // the panel's own frame (what it names), stamped on one clock.
      await installFrameSampler(page);
      await page.goto(fixture.urls.a);
      await expect.poll(() => customerName(page), { timeout: 10_000 }).toBe('Dana Whitfield');
      expect(await panel(page).getAttribute('data-ticket')).toBe(ticketOf(fixture.urls.a));

      await openB(page, id);
      await expect.poll(() => customerName(page), { timeout: 10_000 }).toBe('Marco Rossi');
      expect(ticketOf(page.url())).toBe(b);
      await page.screenshot({ path: `${SHOTS}/adapter-${id}.png` });

      const rec = await collectFrames(page);
      const a = ticketOf(fixture.urls.a)!;
      const customers: Record<string, string> = { [a]: 'Dana Whitfield', [b]: 'Marco Rossi' };
      const result = analyseFrames(
        rec,
        (p) => ticketOf(p.href),
        (t) => (t && customers[t] ? [customers[t]] : []),
      );
      const onB = rec.page.filter((p) => ticketOf(p.href) === b);
      expect(onB.length, 'no frame was sampled on ticket B').toBeGreaterThan(3);
      expect(rec.panel.length, 'the panel frame was not sampled: the check would be vacuous').toBeGreaterThan(3);
      expect(result.stale, 'a visible frame named another ticket’s customer').toEqual([]);
      expect(result.wrongTicketFrames, 'a visible frame named another ticket than the page').toBe(0);
    } finally {
      await page.close();
    }
  });
});
