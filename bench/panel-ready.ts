/**
 * Ticket URL navigation started → panel shows the customer's name, p50 over fresh pages
 * (each a new tab, as an agent opening a ticket). The end is stamped where it happens (in the
 * page, or in the panel's frame and the page: panel-shown.ts), so polling is not part of the figure.
 */
import type { Page } from 'playwright-core';
import { CUSTOMER_NAME, TICKET_URL, withDemoStack } from './leeway-demo';
import { panelShownAt, stampPanelShown } from './panel-shown';
import { nowMs, percentile } from './stats';
import { figure, type Figure } from './types';

const RUNS = 15;
const WARMUP = 1;

export const panelReadyNames = ['panel_ready_ms'];

async function oneRun(page: Page): Promise<number> {
  await page.addInitScript(stampPanelShown(CUSTOMER_NAME));
  const t0 = nowMs();
  await page.goto(TICKET_URL);
  return (await panelShownAt(page)) - t0;
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
