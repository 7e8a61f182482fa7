/**
 * A small file that must survive a crash or power loss the moment it is written (the demo's
 * generated secrets beside the database): written to a temporary name, flushed, renamed into
 * place, and the directory flushed. Without the flushes ext4 can leave it empty after a crash
 * in its first seconds, and the next start would read an empty secret.
 */
import { closeSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

export function writeFileDurably(file: string, content: string, mode = 0o600): void {
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w', mode);
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
  const dir = openSync(dirname(file), 'r');
  try {
    fsyncSync(dir);
  } finally {
    closeSync(dir);
  }
}
