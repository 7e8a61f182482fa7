/**
 * call_pop_p95_ms (issue 22): a call rings on Amazon Connect's CCP → the panel shows the caller's
 * name, p95 over CALLS calls on one CCP page kept open all day as an agent's is, with 500 other
 * agent sockets connected. Each call rings, is shown, then is hung up and cleared (the panel
 * hides) before the next; callers alternate so each pop shows a new name. Stamped where it
 * happens: the ring in the page, the name in the panel's frame, the frame's becoming visible in
 * the page (the later of the two is "shown"). The peer, measured in the same run: the same pops
 * with no other agent connected (call_pop_alone_p95_ms).
 */
import { randomUUID } from 'node:crypto';
import type { Frame, Page } from 'playwright-core';
import { CONNECT_URLS, connectFixture } from '../test/fixtures/amazon-connect/routes';
import { startHelpdesksStack } from '../test/support/helpdesks-stack';
import { startAgents } from './agents-process';
import { panelFrame } from './page-probe';
import { percentile, sleep } from './stats';
import { figure, type Figure } from './types';

const CALLS = 1000;
const ALONE_CALLS = 200;
const WARMUP = 10;
const OTHER_AGENTS = 500;
const CALLERS = [
  { number: '(415) 555-0100', name: 'Dana Whitfield' },
  { number: '+1 415 555 0123', name: 'Sam Okafor' },
];

export const callPopNames = ['call_pop_p50_ms', 'call_pop_p95_ms', 'call_pop_alone_p95_ms'];

declare global {
  interface Window {
    /** In the panel's frame: contact id → when its caller's name first showed. */
    __leewayNamed?: Record<string, number>;
    /** In the page: every moment the panel's frame became visible. */
    __leewayVisible?: number[];
  }
}

// Source text, not functions: tsx would wrap inner functions in a `__name` helper the page lacks.
const WATCH_NAMES = `(() => {
  const named = (window.__leewayNamed = {});
  const scan = () => {
    const panel = document.querySelector('.panel[data-ticket]');
    const name = document.querySelector('[data-field="customer-name"]');
    if (panel && name && name.textContent) named[panel.getAttribute('data-ticket')] ??= performance.timeOrigin + performance.now();
  };
  new MutationObserver(scan).observe(document, { childList: true, subtree: true, characterData: true, attributes: true });
})()`;
const WATCH_VISIBLE = `(() => {
  const shown = (window.__leewayVisible = []);
  let was = false;
  const frame = () => document.querySelector('iframe[data-leeway-panel]');
  const check = () => {
    const f = frame();
    const r = f && f.getBoundingClientRect();
    const now = !!f && r.width > 0 && r.height > 0 && f.checkVisibility({ checkVisibilityCSS: true, visibilityProperty: true, opacityProperty: true });
    if (now && !was) shown.push(performance.timeOrigin + performance.now());
    was = now;
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['style', 'class', 'hidden'] });
})()`;

/** Rings one call and returns how long until the panel showed its caller. */
async function onePop(page: Page, frame: Frame, caller: (typeof CALLERS)[number]): Promise<number> {
  const id = randomUUID();
  const rangAt = (await page.evaluate(
    `(() => { const t = performance.timeOrigin + performance.now(); window.ccpSim.ring(${JSON.stringify(id)}, ${JSON.stringify(caller.number)}); return t; })()`,
  )) as number;
  const named = (await (
    await frame.waitForFunction((c) => window.__leewayNamed?.[c], id, { timeout: 15_000, polling: 'raf' })
  ).jsonValue()) as number;
  const visible = (await (
    await page.waitForFunction((t) => window.__leewayVisible?.find((v) => v >= t), rangAt, { timeout: 15_000, polling: 'raf' })
  ).jsonValue()) as number;
  const name = await frame.evaluate(() => document.querySelector('[data-field="customer-name"]')?.textContent ?? null);
  if (name !== caller.name) throw new Error(`call ${id} showed ${name}, not ${caller.name}`);
  // Hung up and cleared: the panel hides before the next call.
  await page.evaluate(`window.ccpSim.hangUp(${JSON.stringify(id)}); window.ccpSim.clear(${JSON.stringify(id)})`);
  await page.waitForFunction(
    () => {
      const f = document.querySelector('iframe[data-leeway-panel]') as HTMLElement | null;
      return !f?.checkVisibility({ opacityProperty: true, visibilityProperty: true, checkVisibilityCSS: true });
    },
    undefined,
    { timeout: 15_000 },
  );
  return Math.max(named, visible) - rangAt;
}

async function pops(page: Page, frame: Frame, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < WARMUP + n; i++) {
    const ms = await onePop(page, frame, CALLERS[i % CALLERS.length]!).catch(async (e: Error) => {
      const shown = await frame
        .evaluate(() => document.querySelector('.panel')?.outerHTML.slice(0, 300) ?? 'no panel')
        .catch(() => 'frame gone');
      throw new Error(`call ${i + 1}: ${e.message}; the panel: ${shown}`);
    });
    if (i >= WARMUP) out.push(ms);
    await sleep(5);
  }
  return out;
}

export async function callPop(): Promise<Figure[]> {
  // A second of calls would be a runaway client to the per-session event limit: off, as in the other latency benches.
  const stack = await startHelpdesksStack({
    fixtures: [connectFixture],
    serverEnv: { LEEWAY_LOG_LEVEL: 'warn', LEEWAY_SOCKET_RATE_LIMIT: '0', LEEWAY_RATE_LIMIT: '0' },
  });
  try {
    const page = await stack.browser.context.newPage();
    await page.goto(CONNECT_URLS.ccp);
    await page.evaluate(WATCH_VISIBLE);
    // The panel's frame loads with the page (hidden until a call): watch it once it is there.
    let frame: Frame | null = null;
    for (let i = 0; !frame && i < 200; i++) {
      try {
        frame = panelFrame(page);
      } catch {
        await sleep(50);
      }
    }
    if (!frame) throw new Error('no panel frame on the CCP');
    await frame.waitForLoadState();
    await frame.evaluate(WATCH_NAMES);

    const alone = await pops(page, frame, ALONE_CALLS);
    const agents = await startAgents(stack.server.url, OTHER_AGENTS);
    let loaded: number[];
    try {
      loaded = await pops(page, frame, CALLS);
    } finally {
      await agents.stop();
    }
    console.error(`    ${CALLS} calls with ${OTHER_AGENTS} other agents connected; ${ALONE_CALLS} with none`);
    const aloneP95 = percentile(alone, 95);
    return [
      figure('call_pop_p50_ms', percentile(loaded, 50), 'ms', percentile(alone, 50)),
      figure('call_pop_p95_ms', percentile(loaded, 95), 'ms', aloneP95),
      figure('call_pop_alone_p95_ms', aloneP95, 'ms'),
    ];
  } finally {
    await stack.close();
  }
}
