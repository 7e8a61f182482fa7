/**
 * Ticket URL navigation started → panel shows the customer's name, p50 over fresh pages
 * (each a new tab, as an agent opening a ticket). The end is stamped where it happens (in the
 * page, or in the panel's frame and the page: panel-shown.ts), so polling is not part of the figure.
 * panel_ready_cold_ms: the same, for the first ticket in a browser signed in just before (a fresh
 * Chromium each time: nothing cached, the extension's pages never loaded), p50 of COLD_RUNS.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { CUSTOMER_NAME, freshSignedInBrowser, TICKET_URL, withDemoStack } from './leeway-demo';
import { panelShownAt, stampPanelShown } from './panel-shown';
import { nowMs, percentile } from './stats';
import { figure, type Figure } from './types';

const RUNS = 15;
const WARMUP = 1;
/** Each cold run launches and signs in a browser (seconds each): fewer runs than the warm figure. */
const COLD_RUNS = 3;

export const panelReadyNames = ['panel_ready_ms', 'panel_ready_cold_ms'];

async function oneRun(page: Page): Promise<number> {
  await page.addInitScript(stampPanelShown(CUSTOMER_NAME));
  const t0 = nowMs();
  await page.goto(TICKET_URL);
  return (await panelShownAt(page)) - t0;
}

async function inNewTab(context: BrowserContext): Promise<number> {
  const page = await context.newPage();
  try {
    return await oneRun(page);
  } finally {
    await page.close();
  }
}

export async function panelReady(): Promise<Figure[]> {
  return withDemoStack(async (stack) => {
    const samples: number[] = [];
    for (let i = 0; i < WARMUP + RUNS; i++) {
      const ms = await inNewTab(stack.browser.context);
      if (i >= WARMUP) samples.push(ms);
    }
    const cold: number[] = [];
    for (let i = 0; i < COLD_RUNS; i++) {
      const browser = await freshSignedInBrowser(stack);
      try {
        cold.push(await inNewTab(browser.context));
      } finally {
        await browser.close();
      }
    }
    return [figure('panel_ready_ms', percentile(samples, 50), 'ms'), figure('panel_ready_cold_ms', percentile(cold, 50), 'ms')];
  });
}
