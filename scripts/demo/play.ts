/**
 * The whole loop, played in the demo's two browsers as two people would: a billing event arrives
 * live, the agent asks for more than their leeway, the lead approves, the agent tells the customer
 * and logs the resolution. Each step is photographed and timed.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { type DemoWindows, panelOf } from './windows';

const ROOT = resolve(import.meta.dirname, '../..');

export interface PlayedStep {
  step: string;
  /** Seconds since the server was ready. */
  atS: number;
  screenshot: string;
}

export interface PlayOptions {
  serverUrl: string;
  readyAt: number;
  outDir: string;
  env: NodeJS.ProcessEnv;
  /** Told each step as it is done. */
  say(line: string): void;
}

const WAIT = { timeout: 20_000 };

export async function playLoop(w: DemoWindows, opts: PlayOptions): Promise<PlayedStep[]> {
  const steps: PlayedStep[] = [];
  const done = async (step: string, page: Page, name: string) => {
    const screenshot = resolve(opts.outDir, `${String(steps.length + 1).padStart(2, '0')}-${name}.png`);
    await page.screenshot({ path: screenshot });
    const atS = (Date.now() - opts.readyAt) / 1000;
    steps.push({ step, atS, screenshot });
    opts.say(`${steps.length}. ${step} (${atS.toFixed(1)} s)`);
  };
  const p = panelOf(w.desk);

  await p.locator('[data-field="customer-name"]').getByText('Dana Whitfield').waitFor(WAIT);
  await done('The panel shows Dana Whitfield on ticket 101 of the demo desk', w.desk, 'panel');

  opts.say(`   ${await sendEvent(opts, 'payment.failed', 'dana.whitfield@example.com')}`);
  await p
    .locator('[data-field="since-opened"]')
    .getByText(/Payment failed/)
    .waitFor(WAIT);
  await done('A failed payment pushed by the billing system appears live in the panel', w.desk, 'live-event');

  await p.locator('select[name=action]').selectOption('refund');
  await p.locator('select[name=reason]').selectOption('late_delivery');
  await p.locator('input[name=amount]').fill('150');
  await p.locator('[data-field="verdict"][data-outcome="needs_approval"]').waitFor(WAIT);
  await done('The agent types $150: above their leeway, a team lead must approve', w.desk, 'verdict');

  await p.locator('textarea[name=note]').fill('Third late delivery this month; card declined today');
  await p.getByRole('button', { name: /^Request approval from a / }).click();
  await p.locator('[data-field="exception"][data-status="pending"]').waitFor(WAIT);
  await done('The agent asks; the panel waits for the lead, with the time left to decide', w.desk, 'pending');

  const card = w.queue.getByRole('article', { name: 'Refund $150 for Dana Whitfield' });
  await card.waitFor(WAIT);
  await done('The request arrives live in the lead’s queue', w.queue, 'lead-queue');
  await card.getByRole('button', { name: 'Approve' }).click();
  await w.queue
    .getByRole('region', { name: 'Recently decided' })
    .getByText(/^Approved by /)
    .waitFor(WAIT);
  await done('The lead approves it', w.queue, 'lead-approved');

  await p.locator('[data-field="tell-customer"]').waitFor(WAIT);
  await done('The agent sees the decision and what to tell the customer', w.desk, 'decided');

  await p.getByRole('button', { name: 'Resolve…' }).click();
  await p.getByRole('combobox', { name: 'Category' }).selectOption('delivery');
  await p.getByRole('textbox', { name: 'Note' }).fill('Refunded the late delivery, approved by the team lead');
  await p.getByRole('button', { name: 'Log resolution' }).click();
  await p.getByText('Resolution logged').waitFor(WAIT);
  await done('The agent logs the resolution in the tamper-evident log', w.desk, 'resolved');
  return steps;
}

/** `npm run send-event`, as the README has a person run it; its sentence is returned. */
function sendEvent(opts: PlayOptions, type: string, email: string): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/send-event.ts', type, email], {
    cwd: ROOT,
    env: { ...opts.env, LEEWAY_URL: opts.serverUrl },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  return new Promise((res, rej) =>
    child.once('close', (code) => (code === 0 ? res(out.trim()) : rej(new Error(`send-event failed: ${out.trim()}`)))),
  );
}
