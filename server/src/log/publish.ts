/**
 * Publishes checkpoints where the database's administrator cannot quietly change them: a file
 * opened for appending only (O_APPEND: each line lands at the end, never over an earlier one),
 * and an HTTP witness when one is configured (best effort: a witness down must not stop signing).
 */
import { closeSync, fsyncSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Checkpoint } from './checkpoint';

export interface PublishLog {
  warn(obj: object, msg: string): void;
}

/** One checkpoint as a line of the file and the witness's body; verify-log reads these back. */
export const checkpointLine = (c: Checkpoint) =>
  JSON.stringify({ v: 1, tenantId: c.tenantId, seq: c.seq, hash: c.hash, at: c.at, keyId: c.keyId, signature: c.signature });

export function createPublisher(opts: { file: string | null; witnessUrl: string | null; log: PublishLog; timeoutMs?: number }) {
  let fd: number | null = null;
  return {
    async publish(checkpoints: Checkpoint[]): Promise<void> {
      if (checkpoints.length === 0) return;
      const lines = checkpoints.map(checkpointLine);
      if (opts.file) {
        if (fd === null) {
          mkdirSync(dirname(opts.file), { recursive: true });
          fd = openSync(opts.file, 'a'); // O_APPEND | O_CREAT
        }
        writeSync(fd, lines.map((l) => `${l}\n`).join(''));
        fsyncSync(fd);
      }
      if (opts.witnessUrl) {
        const url = opts.witnessUrl;
        await Promise.all(
          lines.map(async (body) => {
            try {
              const res = await fetch(url, {
                method: 'POST',
                headers: { 'content-type': 'application/json' },
                body,
                signal: AbortSignal.timeout(opts.timeoutMs ?? 5000),
              });
              if (!res.ok) opts.log.warn({ status: res.status }, 'the checkpoint witness refused a checkpoint');
            } catch (err) {
              opts.log.warn({ err: (err as Error).message }, 'the checkpoint witness could not be reached');
            }
          }),
        );
      }
    },
    close() {
      if (fd !== null) closeSync(fd);
      fd = null;
    },
  };
}
