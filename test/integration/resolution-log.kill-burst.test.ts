/**
 * The resolution log when a process appending to it is SIGKILLed in the middle of a burst: the
 * chain it leaves verifies.
 */
import { spawn } from 'node:child_process';
import { expect, it, onTestFinished } from 'vitest';
import { startTestApp } from '../support/app';
import { bundled } from '../support/bundled';

/**
 * Appends before the kill: enough that it lands mid-burst. Each is an fsync'd commit (FULL sync),
 * which under a loaded disk (the suite's parallel group copies PostgreSQL databases) can take a
 * second: 300 of them once overran the minute.
 */
const BURST = 100;

it('a process killed in the middle of a burst of appends leaves a chain that verifies', async () => {
  const dir = await startTestApp();
  try {
    // The app keeps the database open; the burst process appends beside it, as a second server would.
    const where = dir.target.kind === 'postgres' ? dir.target.url : dir.target.file;
    const child = spawn(
      process.execPath,
      [await bundled('test/support/append-burst.ts'), where, dir.seeded.acme.tenantId, dir.masterKeyHex],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    // Never left running (a test that fails or times out would leave it appending for the rest of the run).
    onTestFinished(() => void (child.exitCode === null && child.signalCode === null && child.kill('SIGKILL')));
    let last = 0;
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (d: Buffer) => {
        last = Number(d.toString().trim().split('\n').at(-1));
        if (last >= BURST) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      // A burst process that dies by itself is a failure in words, not a wait for the timeout.
      child.once(
        'exit',
        (code, signal) => last < BURST && reject(new Error(`the burst process exited (${code ?? signal}) after ${last} appends`)),
      );
    });
    await new Promise((r) => child.once('exit', r));
    const report = await dir.app.repos.log.verify(dir.seeded.acme.tenantId);
    expect(report.ok).toBe(true);
    expect(report.entries).toBeGreaterThanOrEqual(BURST);
  } finally {
    await dir.close();
  }
}, 120_000);
