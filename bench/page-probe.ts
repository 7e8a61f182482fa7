/**
 * Timestamps taken inside the panel's frame (panel.html, the extension page the content script
 * mounts) on the same wall-anchored clock as node's `performance.timeOrigin + performance.now()`,
 * so "sent in node" and "shown in the panel" can be subtracted without the polling delay of
 * playwright's waits.
 */
import type { Frame, Page } from 'playwright-core';
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
  const root = document.querySelector('.panel');
  if (!root) throw new Error('no .panel in the panel frame');
  const seen = (window.__leewaySeen = {});
  const scan = () => {
    const t = performance.timeOrigin + performance.now();
    for (const li of root.querySelectorAll('li[data-event-id]')) seen[li.getAttribute('data-event-id')] ??= t;
  };
  scan(); // rows already shown are not "new"
  new MutationObserver(scan).observe(root, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-event-id'] });
})()`;

/** The panel's frame in `page` (an out-of-process extension frame the page itself cannot see into). */
export function panelFrame(page: Page): Frame {
  const frame = page.frames().find((f) => /^chrome-extension:\/\/[^/]+\/panel\.html/.test(f.url()));
  if (!frame) throw new Error('no panel frame on the page');
  return frame;
}

/** Records, for every event row that appears in the panel from now on, when it appeared. */
export async function watchEventRows(frame: Frame): Promise<void> {
  await frame.evaluate(WATCH_EVENT_ROWS);
}

/** Waits until the row of `eventId` has appeared and returns when it did (page clock). */
export async function rowSeenAt(frame: Frame, eventId: string, timeoutMs = 10_000): Promise<number> {
  const handle = await frame.waitForFunction((id) => window.__leewaySeen?.[id], eventId, { timeout: timeoutMs, polling: 'raf' });
  return (await handle.jsonValue()) as number;
}

/**
 * Page clock minus node clock, from the exchange with the smallest round trip. Both
 * clocks anchor to the same system wall clock, so this should be well under a millisecond;
 * it is reported as a sanity check, not subtracted.
 */
export async function clockOffsetMs(page: Page | Frame, tries = 30): Promise<{ offset: number; rtt: number }> {
  let best = { offset: 0, rtt: Infinity };
  for (let i = 0; i < tries; i++) {
    const t0 = nowMs();
    const p = await page.evaluate(() => performance.timeOrigin + performance.now());
    const t1 = nowMs();
    if (t1 - t0 < best.rtt) best = { offset: p - (t0 + t1) / 2, rtt: t1 - t0 };
  }
  return best;
}
