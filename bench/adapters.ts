/**
 * Per built-in adapter with a host, against its fixture at its real host name:
 * - navigation started → the panel shows ticket A's customer (Dana Whitfield), p50 over fresh tabs;
 * - the content script's long tasks: long animation frames (> 50 ms, PerformanceObserver
 *   'long-animation-frame', installed before any script) in which a chrome-extension:// script
 *   ran; there should be none. 'longtask' entries carry no script attribution, and in headless
 *   Chromium on 2 cores page parsing and software rendering make some on every page: they are
 *   reported apart (adapter_page_long_tasks) for context.
 * The end is stamped where it happens (panel-shown.ts, as panel-ready.ts), so polling is not part of the figure.
 */
import type { Page } from 'playwright-core';
import { HELPDESK_FIXTURES, startHelpdesksStack } from '../test/support/helpdesks-stack';
import { panelShownAt, stampPanelShown } from './panel-shown';
import { nowMs, percentile } from './stats';
import { figure, type Figure } from './types';

const RUNS = 5;
const NAME = 'Dana Whitfield';

export const adapterNames = [
  ...HELPDESK_FIXTURES.map((f) => `adapter_${f.id}_panel_ready_ms`),
  'adapter_long_tasks',
  'adapter_long_task_max_ms',
  'adapter_page_long_tasks',
];

/** Source text, not a function: tsx would wrap inner functions in a helper the page lacks. */
const probe = `(() => {
  window.__longTasks = [];
  window.__frames = [];
  try { new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__longTasks.push(e.duration); }).observe({ type: 'longtask', buffered: true }); } catch {}
  // Long animation frames name the scripts that ran in them: the content script's are chrome-extension:// URLs.
  try { new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__frames.push({ duration: e.duration, blocking: e.blockingDuration, scripts: e.scripts.map((s) => ({ url: s.sourceURL, ms: s.duration, invoker: s.invoker })) }); }).observe({ type: 'long-animation-frame', buffered: true }); } catch {}
})()`;

async function oneRun(page: Page, url: string): Promise<{ ms: number; longTasks: number[]; ours: number[] }> {
  await page.addInitScript(probe);
  await page.addInitScript(stampPanelShown(NAME));
  const t0 = nowMs();
  await page.goto(url);
  const readyAt = await panelShownAt(page);
  await page.waitForTimeout(200); // let a long task that ends after the paint be reported
  const longTasks = await page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks);
  // A long frame counts against the content script when one of its scripts is the extension's.
  const ours = await page.evaluate(() =>
    (window as unknown as { __frames: { duration: number; scripts: { url: string }[] }[] }).__frames
      .filter((f) => f.scripts.some((s) => s.url.startsWith('chrome-extension://')))
      .map((f) => f.duration),
  );
  return { ms: readyAt - t0, longTasks, ours };
}

export async function adaptersBench(): Promise<Figure[]> {
  const stack = await startHelpdesksStack();
  try {
    const figures: Figure[] = [];
    const allLong: number[] = [];
    const oursLong: number[] = [];
    for (const f of HELPDESK_FIXTURES) {
      const samples: number[] = [];
      for (let i = 0; i < RUNS + 1; i++) {
        const page = await stack.browser.context.newPage();
        try {
          const r = await oneRun(page, f.urls.a);
          if (i > 0) samples.push(r.ms); // the first run warms the fixture server and the socket
          allLong.push(...r.longTasks);
          oursLong.push(...r.ours);
        } finally {
          await page.close();
        }
      }
      figures.push(figure(`adapter_${f.id}_panel_ready_ms`, percentile(samples, 50), 'ms'));
    }
    figures.push(figure('adapter_long_tasks', oursLong.length, 'count'));
    figures.push(figure('adapter_long_task_max_ms', oursLong.length ? Math.max(...oursLong) : 0, 'ms'));
    // Every long task on the page, whoever caused it (headless software rendering included): context for the above.
    figures.push(figure('adapter_page_long_tasks', allLong.length, 'count'));
    return figures;
  } finally {
    await stack.close();
  }
}
