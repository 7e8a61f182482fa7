/**
 * What `verify-log --checkpoints FILE` checks for one tenant: every published checkpoint is
 * signed by the log's key, and the stored log extends each of them (log/verify.ts walks the
 * chain and meets each checkpoint at its seq). Names the first checkpoint the log contradicts.
 */
import type { KeyObject } from 'node:crypto';
import type { VerifyReport } from '@shared/schemas/resolutions';
import type { Database } from '../db/database';
import { checkSignature, type Checkpoint } from './checkpoint';
import { keyIdOf, rawPublicKey } from './signing-key';
import { verifyLog } from './verify';

export interface PublishedCheckpoint extends Checkpoint {
  /** Its place among the tenant's checkpoints in the file, from 1: how messages name it. */
  n: number;
}

/** The file's JSON lines, by tenant; a line that is not a checkpoint is an error naming the line. */
export function readCheckpoints(text: string): Map<string, PublishedCheckpoint[]> {
  const byTenant = new Map<string, PublishedCheckpoint[]>();
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let c: Checkpoint;
    try {
      c = JSON.parse(line);
    } catch {
      throw new Error(`line ${i + 1} is not JSON`);
    }
    const ok =
      typeof c.tenantId === 'string' &&
      Number.isInteger(c.seq) &&
      c.seq > 0 &&
      typeof c.hash === 'string' &&
      Number.isInteger(c.at) &&
      typeof c.keyId === 'string' &&
      typeof c.signature === 'string';
    if (!ok) throw new Error(`line ${i + 1} is not a checkpoint (tenantId, seq, hash, at, keyId, signature)`);
    const list = byTenant.get(c.tenantId) ?? [];
    list.push({ tenantId: c.tenantId, seq: c.seq, hash: c.hash, at: c.at, keyId: c.keyId, signature: c.signature, n: list.length + 1 });
    byTenant.set(c.tenantId, list);
  });
  return byTenant;
}

export async function verifyAgainstCheckpoints(
  db: Database,
  tenantId: string,
  checkpoints: PublishedCheckpoint[],
  publicKey: KeyObject,
  now = Date.now(),
): Promise<VerifyReport> {
  const keyId = keyIdOf(rawPublicKey(publicKey));
  // A checkpoint not signed by the key proves nothing (anyone can write the file's format): refused before the walk.
  const forged = checkpoints.find((c) => c.keyId !== keyId || !checkSignature(publicKey, c));
  if (forged) {
    return {
      tenantId,
      ok: false,
      entries: 0,
      pruned: 0,
      headSeq: 0,
      problem: {
        seq: forged.seq,
        id: null,
        message: `checkpoint ${forged.n} (seq ${forged.seq}) is not signed by key ${keyId}${forged.keyId !== keyId ? ` (it names key ${forged.keyId})` : ''}`,
      },
      verifiedAt: new Date(now).toISOString(),
    };
  }
  return verifyLog(
    db,
    tenantId,
    now,
    checkpoints.map((c) => ({ seq: c.seq, hash: c.hash, label: String(c.n) })),
  );
}
