/**
 * `demo_first_panel_s`: `npm run demo -- --headless` on a fresh database, from the server being
 * ready to the panel showing Dana Whitfield on the demo desk (two Chromiums launched, both signed
 * in, the desk's host allowed, the lead on duty, the ticket opened). Issue 20's goal: ≤ 60 s.
 * Its peer in the same run: one Chromium with the extension, launched until its service worker runs.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { launchWithExtension } from '../scripts/demo/chromium';
import { percentile } from './stats';
import { figure, type Figure } from './types';

export const demoFirstPanelNames = ['demo_first_panel_s', 'chromium_launch_s'];

const ROOT = resolve(import.meta.dirname, '..');

async function chromiumLaunchS(): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const b = await launchWithExtension({ keepFirstRunPage: true });
    samples.push((performance.now() - t0) / 1000);
    await b.close();
  }
  return percentile(samples, 50);
}

async function demoRun(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'leeway-bench-demo-'));
  const env: NodeJS.ProcessEnv = { ...process.env, LEEWAY_PORT: '0', LEEWAY_DB_FILE: join(dir, 'demo.sqlite') };
  for (const name of ['NODE_ENV', 'LEEWAY_DATABASE_URL', 'LEEWAY_URL']) delete env[name];
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/demo.ts', '--headless', '--out', dir], {
    cwd: ROOT,
    env,
    stdio: 'pipe',
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const code = await new Promise<number | null>((res) => child.once('close', res));
  if (code !== 0) throw new Error(`npm run demo -- --headless failed:\n${out}`);
  return (JSON.parse(readFileSync(join(dir, 'demo-run.json'), 'utf8')) as { demo_first_panel_s: number }).demo_first_panel_s;
}

export async function demoFirstPanel(): Promise<Figure[]> {
  const launch = await chromiumLaunchS();
  const firstPanel = await demoRun();
  return [figure('demo_first_panel_s', firstPanel, 's', launch), figure('chromium_launch_s', launch, 's')];
}
