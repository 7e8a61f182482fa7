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
import { HELPDESK_FIXTURES, startHelpdesksStack, type HelpdesksStack } from '../support/helpdesks-stack';

const SHOTS = 'test-results';
let stack: HelpdesksStack;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  stack = await startHelpdesksStack();
});
afterAll(() => stack?.close());

interface Frame { href: string; ticket: string | null; name: string | null }
/** The customer the panel names now, or null: never waits, so polls stay short. */
const customerName = async (page: Page) => (await panel(page).locator('[data-field="customer-name"]').allTextContents())[0] ?? null;

/** Records, every animation frame, the page's URL and what the panel shows. */
const sampleFrames = (page: Page) =>
  page.evaluate(() => {
    const w = window as unknown as { frames_: Frame[] };
    w.frames_ = [];
    const tick = () => {
      const root = document.querySelector('leeway-panel')?.shadowRoot;
      w.frames_.push({
        href: location.href,
        ticket: root?.querySelector('.panel')?.getAttribute('data-ticket') ?? null,
        name: root?.querySelector('[data-field="customer-name"]')?.textContent ?? null,
      });
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });

/** The in-app control that opens ticket B: the fixture's nav link, or Zendesk's header tab. */
const openB = (page: Page, id: string) =>
  id === 'zendesk' ? page.locator('[data-test-id="header-tab"][data-ticket-id="102"]').click() : page.locator('#nav [data-goto]').nth(1).click();

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
      await page.goto(fixture.urls.a);
      await expect.poll(() => customerName(page), { timeout: 10_000 }).toBe('Dana Whitfield');
      expect(await panel(page).getAttribute('data-ticket')).toBe(ticketOf(fixture.urls.a));

      await sampleFrames(page);
      await openB(page, id);
      await expect.poll(() => customerName(page), { timeout: 10_000 }).toBe('Marco Rossi');
      expect(ticketOf(page.url())).toBe(b);
      await page.screenshot({ path: `${SHOTS}/adapter-${id}.png` });

      const frames = await page.evaluate(() => (window as unknown as { frames_: Frame[] }).frames_);
      const onB = frames.filter((f) => ticketOf(f.href) === b);
      expect(onB.length, 'no frame was sampled on ticket B').toBeGreaterThan(3);
      expect(onB.filter((f) => f.name === 'Dana Whitfield'), 'the panel showed Dana on ticket B').toEqual([]);
      expect(frames.filter((f) => f.ticket !== ticketOf(f.href)), 'the panel named another ticket than the page').toEqual([]);
    } finally {
      await page.close();
    }
  });
});
