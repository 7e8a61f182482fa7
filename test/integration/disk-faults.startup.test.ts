/**
 * The server started on a database directory that cannot take it (missing and uncreatable,
 * read-only, its disk turned read-only or full), on real file systems (test/support/mounts.ts;
 * root and mount(8) required: without them these tests fail, they do not skip): one line saying
 * what to fix, exit code 2, no stack trace.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { integrity, MiB, ROOT, SECRETS } from '../support/disk-faults';
import { mountTmpfs, type Tmpfs } from '../support/mounts';
import { startServer } from '../support/server-process';
import { bundled } from '../support/bundled';

/** Starts the server expecting it to refuse: its exit code and everything it printed. */
async function startRefused(dbFile: string, env: Record<string, string> = {}): Promise<{ code: number | null; lines: string[] }> {
  const child = spawn(process.execPath, [await bundled('server/src/main.ts'), '--demo'], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'test', LEEWAY_DB_FILE: dbFile, LEEWAY_PORT: '0', LEEWAY_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (b) => (out += b));
  child.stderr.on('data', (b) => (out += b));
  return new Promise((res) => {
    // A server that starts after all is stopped at once; the test then fails on its exit code.
    child.stdout.on('data', () => /listening on/.test(out) && child.kill('SIGKILL'));
    child.once('exit', (code) => res({ code, lines: out.split('\n').filter(Boolean) }));
  });
}

/** One line saying what to fix, exit code 2, and no stack trace. */
function expectOneClearLine(r: { code: number | null; lines: string[] }, file: string, reason: string) {
  expect({ code: r.code, stack: r.lines.filter((l) => /^\s+at /.test(l)) }).toEqual({ code: 2, stack: [] });
  expect(r.lines.filter((l) => l.startsWith('Cannot open the database'))).toEqual([
    `Cannot open the database ${file}: ${reason}. Nothing was changed; fix it and start again.`,
  ]);
}

describe('starting on a database directory that cannot take it', () => {
  const disks: Tmpfs[] = [];
  afterAll(() => {
    for (const d of disks) d.unmount();
  });

  it('says so in one line and exits 2 when the directory is missing and cannot be created', async () => {
    const disk = mountTmpfs(MiB, { readOnly: true });
    disks.push(disk);
    const file = join(disk.dir, 'missing', 'leeway.db');
    expectOneClearLine(await startRefused(file), file, 'its directory does not exist and could not be created (ENOENT)');
  }, 30_000);

  it('says so in one line and exits 2 when the directory is read-only', async () => {
    const disk = mountTmpfs(MiB, { readOnly: true });
    disks.push(disk);
    const file = join(disk.dir, 'leeway.db');
    expectOneClearLine(await startRefused(file, SECRETS), file, 'its directory is on a read-only file system (EROFS)');
  }, 30_000);

  it('says so in one line and exits 2 when an existing database’s disk has become read-only', async () => {
    const disk = mountTmpfs(16 * MiB);
    disks.push(disk);
    const file = join(disk.dir, 'leeway.db');
    const first = await startServer({ dbFile: file });
    await first.stop();
    disk.remount('ro');
    expectOneClearLine(await startRefused(file), file, 'its directory is on a read-only file system (EROFS)');
    disk.remount('rw');
    const again = await startServer({ dbFile: file });
    await again.stop();
    expect(await integrity(file)).toBe('ok');
  }, 60_000);

  it('says so in one line and exits 2 when the disk is full', async () => {
    const disk = mountTmpfs(MiB);
    disks.push(disk);
    disk.fill();
    const file = join(disk.dir, 'leeway.db');
    expectOneClearLine(await startRefused(file, SECRETS), file, 'the disk is full (SQLITE_FULL)');
  }, 30_000);
});
