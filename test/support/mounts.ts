/**
 * Real file systems to break on purpose: a small tmpfs to fill, and an ext4 image on a loop
 * device whose kernel can be told it hit an error, so it turns read-only under a running
 * process as a failing disk does. Needs root and mount(8); when they are missing the tests
 * fail saying so, they do not skip. Every mount made here is undone by `unmount()`.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

function run(cmd: string, args: string[]): string {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new Error(
      `${cmd} ${args.join(' ')} failed: ${(err.stderr || err.message).trim()}\n` +
        'These tests need root and mount(8) (tmpfs, and loop devices for ext4): run them as root on Linux.',
    );
  }
}

export interface Tmpfs {
  dir: string;
  /** Writes a file until the file system answers ENOSPC; returns its path. */
  fill(): string;
  unfill(): void;
  remount(mode: 'ro' | 'rw'): void;
  unmount(): void;
}

/** A tmpfs of `bytes`, mounted on a fresh directory. */
export function mountTmpfs(bytes: number, opts: { readOnly?: boolean } = {}): Tmpfs {
  const dir = mkdtempSync(join(tmpdir(), 'leeway-fs-'));
  run('mount', ['-t', 'tmpfs', '-o', `size=${bytes}${opts.readOnly ? ',ro' : ''}`, 'tmpfs', dir]);
  const filler = join(dir, 'filler');
  return {
    dir,
    fill() {
      const fd = openSync(filler, 'a');
      try {
        // Large writes first, then small ones, so not a byte is left.
        for (const size of [1 << 16, 512]) {
          const chunk = Buffer.alloc(size, 1);
          try {
            for (;;) writeSync(fd, chunk);
          } catch (e) {
            if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
          }
        }
      } finally {
        closeSync(fd);
      }
      return filler;
    },
    unfill: () => unlinkSync(filler),
    remount: (mode) => void run('mount', ['-o', `remount,${mode}`, dir]),
    unmount() {
      run('umount', [dir]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface Ext4 {
  dir: string;
  /** What the kernel does when ext4 (errors=remount-ro) meets an error: read-only at once, open files included. */
  failReadOnly(): void;
  /** Unmounts, checks the file system and mounts it again, writable: the repair after a read-only failure. */
  repair(): void;
  unmount(): void;
}

/** An ext4 file system in an image on a tmpfs, mounted with errors=remount-ro. */
export function mountExt4(megabytes: number): Ext4 {
  const store = mountTmpfs((megabytes + 8) * 1024 * 1024);
  const image = join(store.dir, 'disk.img');
  const dir = mkdtempSync(join(tmpdir(), 'leeway-ext4-'));
  try {
    writeFileSync(image, '');
    run('truncate', ['-s', `${megabytes}M`, image]);
    run('mkfs.ext4', ['-q', '-F', image]);
  } catch (e) {
    store.unmount();
    throw e;
  }
  const mount = () => run('mount', ['-o', 'loop,errors=remount-ro', image, dir]);
  mount();
  // The loop device's name is the ext4 instance's name under /sys/fs/ext4.
  const device = () => basename(run('findmnt', ['-n', '-o', 'SOURCE', dir]).trim());
  let mounted = true;
  return {
    dir,
    failReadOnly() {
      writeFileSync(`/sys/fs/ext4/${device()}/trigger_fs_error`, 'leeway disk-faults test\n');
      const options = run('findmnt', ['-n', '-o', 'OPTIONS', dir]).trim();
      if (!/(^|,)(ro|emergency_ro)(,|$)/.test(options))
        throw new Error(`the ext4 file system did not turn read-only (options: ${options.trim()})`);
    },
    repair() {
      run('umount', [dir]);
      mounted = false;
      // Exit code 1 means "errors corrected", which is the point; 4 and up, not corrected.
      try {
        execFileSync('e2fsck', ['-f', '-y', image], { stdio: 'pipe' });
      } catch (e) {
        if ((e as { status?: number }).status !== 1)
          throw new Error(`e2fsck could not repair the file system: ${String((e as { stdout?: Buffer }).stdout ?? e)}`);
      }
      mount();
      mounted = true;
    },
    unmount() {
      if (mounted) run('umount', [dir]);
      mounted = false;
      rmSync(dir, { recursive: true, force: true });
      store.unmount();
    },
  };
}
