/**
 * Timestamps taken inside the page (main world) on the same wall-anchored clock as
 * node's `performance.timeOrigin + performance.now()`, so "sent in node" and "shown in
 * the page" can be subtracted without the polling delay of playwright's waits.
 */
import type { Page } from 'playwright-core';
import { nowMs } from './stats';

declare global {
  interface Window {
    /** event id → when its `li[data-event-id]` first appeared in the panel. */
    __leewaySeen?: Record<string, number>;
  }
}

// Page code is passed as source text: tsx (esbuild keepNames) would otherwise wrap inner
// functions in a `__name` helper that does not exist in the page.
const WATCH_EVENT_ROWS = `(() => {
  const root = document.querySelector('leeway-panel')?.shadowRoot;
  if (!root) throw new Error('no open shadow root on leeway-panel');
  const seen = (window.__leewaySeen = {});
  const scan = () => {
    const t = performance.timeOrigin + performance.now();
    for (const li of root.querySelectorAll('li[data-event-id]')) seen[li.getAttribute('data-event-id')] ??= t;
  };
  scan(); // rows already shown are not "new"
  new MutationObserver(scan).observe(root, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-event-id'] });
})()`;

/** Records, for every event row that appears in the panel from now on, when it appeared. */
export async function watchEventRows(page: Page): Promise<void> {
  await page.evaluate(WATCH_EVENT_ROWS);
}

/** Waits until the row of `eventId` has appeared and returns when it did (page clock). */
export async function rowSeenAt(page: Page, eventId: string, timeoutMs = 10_000): Promise<number> {
  const handle = await page.waitForFunction((id) => window.__leewaySeen?.[id], eventId, { timeout: timeoutMs, polling: 'raf' });
  return (await handle.jsonValue()) as number;
}

/**
 * Page clock minus node clock, from the exchange with the smallest round trip. Both
 * clocks anchor to the same system wall clock, so this should be well under a millisecond;
 * it is reported as a sanity check, not subtracted.
 */
export async function clockOffsetMs(page: Page, tries = 30): Promise<{ offset: number; rtt: number }> {
  let best = { offset: 0, rtt: Infinity };
  for (let i = 0; i < tries; i++) {
    const t0 = nowMs();
    const p = await page.evaluate(() => performance.timeOrigin + performance.now());
    const t1 = nowMs();
    if (t1 - t0 < best.rtt) best = { offset: p - (t0 + t1) / 2, rtt: t1 - t0 };
  }
  return best;
}
