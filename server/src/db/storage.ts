/**
 * Would the database's file system take a write right now? A rolled-back SQLite transaction
 * writes nothing, so it cannot tell; the file system can: creating (and removing) an empty
 * file beside the database fails on a read-only disk — including one the kernel turned
 * read-only after an error, which access(2) still calls writable — and statfs shows a full one.
 */
import { closeSync, openSync, statfsSync, unlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Below this much free space a write may fail part-way: the disk counts as full. */
const MIN_FREE_BYTES = 1024 * 1024;

const REASONS: Record<string, string> = {
  EROFS: 'its disk is read-only',
  EACCES: 'its directory is not writable',
  EPERM: 'its directory is not writable',
  ENOSPC: 'disk full',
  EIO: 'disk I/O error',
};

/** Why the database's directory cannot take writes, in words, or null when it can. */
export function storageProblem(file: string): string | null {
  if (file === '' || file === ':memory:') return null;
  const dir = dirname(file);
  const probe = join(dir, `.leeway-write-probe-${process.pid}`);
  try {
    closeSync(openSync(probe, 'w'));
    unlinkSync(probe);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'unknown';
    return `database: cannot write (${REASONS[code] ?? code})`;
  }
  const fs = statfsSync(dir);
  const free = fs.bavail * fs.bsize;
  return free < MIN_FREE_BYTES ? `database: cannot write (disk full: ${Math.floor(free / 1024)} KiB free)` : null;
}
