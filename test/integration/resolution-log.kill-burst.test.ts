/**
 * The resolution log when a process appending to it is SIGKILLed in the middle of a burst: the
 * chain it leaves verifies.
 */
import { spawn } from 'node:child_process';
import { expect, it, onTestFinished } from 'vitest';
import { startTestApp } from '../support/app';

it('a process killed in the middle of a burst of appends leaves a chain that verifies', async () => {
  const dir = await startTestApp();
  try {
    // The app keeps the database open; the burst process appends beside it, as a second server would.
    const where = dir.target.kind === 'postgres' ? dir.target.url : dir.target.file;
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'test/support/append-burst.ts', where, dir.seeded.acme.tenantId, dir.masterKeyHex],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    // Never left running (a test that fails or times out would leave it appending for the rest of the run).
    onTestFinished(() => void (child.exitCode === null && child.signalCode === null && child.kill('SIGKILL')));
    let last = 0;
    await new Promise<void>((resolve) => {
      child.stdout!.on('data', (d: Buffer) => {
        last = Number(d.toString().trim().split('\n').at(-1));
        if (last >= 300) {
          child.kill('SIGKILL');
          resolve();
        }
      });
    });
    await new Promise((r) => child.once('exit', r));
    const report = await dir.app.repos.log.verify(dir.seeded.acme.tenantId);
    expect(report.ok).toBe(true);
    expect(report.entries).toBeGreaterThanOrEqual(300);
  } finally {
    await dir.close();
  }
}, 60_000);
