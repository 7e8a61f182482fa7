/**
 * Ticket URL navigation started → panel shows the customer's name, p50 over fresh pages
 * (each a new tab, as an agent opening a ticket). The end is stamped inside the page by a
 * MutationObserver, so playwright's polling interval is not part of the figure.
 */
import type { Page } from 'playwright-core';
import { CUSTOMER_NAME, TICKET_URL, withDemoStack } from './leeway-demo';
import { nowMs, percentile } from './stats';
import { figure, type Figure } from './types';

const RUNS = 15;
const WARMUP = 1;

declare global {
  interface Window {
    __leewayReadyAt?: number;
  }
}

export const panelReadyNames = ['panel_ready_ms'];

/**
 * Runs in the page's main world before any page script: stamps when the name appears.
 * Source text, not a function: tsx would wrap inner functions in a `__name` helper the page lacks.
 */
const stampWhenNameShown = (name: string) => `(() => {
  const name = ${JSON.stringify(name)};
  const check = (root) => {
    const el = root.querySelector('[data-field="customer-name"]');
    if (el?.textContent === name && window.__leewayReadyAt === undefined) window.__leewayReadyAt = performance.timeOrigin + performance.now();
  };
  const hook = (host) => {
    const root = host.shadowRoot;
    if (!root) return void setTimeout(() => hook(host), 0); // attached after insertion: look again shortly
    new MutationObserver(() => check(root)).observe(root, { childList: true, subtree: true, characterData: true });
    check(root);
  };
  const docObserver = new MutationObserver(() => {
    const host = document.querySelector('leeway-panel');
    if (!host) return;
    docObserver.disconnect();
    hook(host);
  });
  docObserver.observe(document, { childList: true, subtree: true });
})()`;

async function oneRun(page: Page): Promise<number> {
  await page.addInitScript(stampWhenNameShown(CUSTOMER_NAME));
  const t0 = nowMs();
  await page.goto(TICKET_URL);
  const handle = await page.waitForFunction(() => window.__leewayReadyAt, undefined, { timeout: 30_000 });
  return ((await handle.jsonValue()) as number) - t0;
}

export async function panelReady(): Promise<Figure[]> {
  return withDemoStack(async ({ browser }) => {
    const samples: number[] = [];
    for (let i = 0; i < WARMUP + RUNS; i++) {
      const page = await browser.context.newPage();
      try {
        const ms = await oneRun(page);
        if (i >= WARMUP) samples.push(ms);
      } finally {
        await page.close();
      }
    }
    return [figure('panel_ready_ms', percentile(samples, 50), 'ms')];
  });
}
