/**
 * `npm run demo -- --headless` as CI runs it: its own server on a fresh database, two Chromiums with
 * the built extension (agent on the demo desk, lead on duty), the loop played and photographed.
 * And the sentences it answers with when it cannot start.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runScript } from '../support/run-script';

const OUT = resolve('test-results/demo');
const freshDb = () => ({ LEEWAY_DB_FILE: join(mkdtempSync(join(tmpdir(), 'leeway-demo-')), 'demo.sqlite') });
// The demo is what a person runs: their environment, not a test server's.
const UNSET = ['NODE_ENV', 'LEEWAY_DATABASE_URL', 'LEEWAY_TEST_DB', 'LEEWAY_PORT', 'LEEWAY_URL'];

let taken: Server | undefined;
afterAll(() => taken?.close());

describe('npm run demo', () => {
  it('--headless plays the whole loop and photographs each step', async () => {
    const run = await runScript('demo.ts', ['--headless', '--out', OUT], { env: { ...freshDb(), LEEWAY_PORT: '0' }, unset: UNSET });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(/^Leeway demo server ready at http:\/\/127\.0\.0\.1:\d+\. Opening the agent’s and the team lead’s browsers/);
    expect(run.stdout).toMatch(/^1\. The panel shows Dana Whitfield on ticket 101 of the demo desk \(\d+\.\d s\)$/m);
    expect(run.stdout).toMatch(/Sent payment\.failed for dana\.whitfield@example\.com: stored as event /);
    expect(run.stdout).toMatch(/^8\. The agent logs the resolution in the tamper-evident log \(\d+\.\d s\)$/m);
    const played = JSON.parse(readFileSync(resolve(OUT, 'demo-run.json'), 'utf8')) as {
      demo_first_panel_s: number;
      steps: { step: string; atS: number; screenshot: string }[];
    };
    expect(played.demo_first_panel_s).toBeGreaterThan(0);
    expect(played.steps.map((s) => s.step)).toEqual([
      'The panel shows Dana Whitfield on ticket 101 of the demo desk',
      'A failed payment pushed by the billing system appears live in the panel',
      'The agent types $150: above their leeway, a team lead must approve',
      'The agent asks; the panel waits for the lead, with the time left to decide',
      'The request arrives live in the lead’s queue',
      'The lead approves it',
      'The agent sees the decision and what to tell the customer',
      'The agent logs the resolution in the tamper-evident log',
    ]);
    for (const s of played.steps) expect(existsSync(s.screenshot), s.screenshot).toBe(true);
  });

  it('says what to do when the port is taken (npm start already running)', async () => {
    taken = createServer();
    await new Promise<void>((res) => taken!.listen(0, '127.0.0.1', res));
    const port = (taken.address() as { port: number }).port;
    const run = await runScript('demo.ts', ['--headless', '--out', OUT], {
      env: { ...freshDb(), LEEWAY_PORT: String(port), LEEWAY_HOST: '127.0.0.1' },
      unset: UNSET,
    });
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe(
      `Port ${port} is taken: is \`npm start\` running? Then use it: \`npm run demo -- --server http://127.0.0.1:${port}\`; or choose another port with LEEWAY_PORT.`,
    );
  });

  it('without a display, says to run it headless', async () => {
    const run = await runScript('demo.ts', [], { unset: [...UNSET, 'DISPLAY', 'WAYLAND_DISPLAY'] });
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe(
      'No display here to open windows on: run `npm run demo -- --headless`; its screenshots go to test-results/demo/.',
    );
  });

  it('--server refuses a URL where no Leeway answers, in a sentence', async () => {
    const run = await runScript('demo.ts', ['--headless', '--server', 'http://127.0.0.1:9'], { unset: UNSET });
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe('No Leeway server answers at http://127.0.0.1:9. Start it with `npm start`, or leave out --server.');
  });
});
