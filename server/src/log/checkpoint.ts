/**
 * A checkpoint: the server's signed statement that a tenant's log had `hash` at `seq` at time
 * `at`. Published outside the database (a file, a witness, the auditors' consoles), it lets
 * anyone holding it prove later that the stored log still extends it (verify-log --checkpoints).
 */
import { sign, verify, type KeyObject } from 'node:crypto';
import { checkpointMessage, type Checkpoint, type CheckpointFields } from '@shared/log/checkpoint-message';
import type { SigningKey } from './signing-key';

export type { Checkpoint };

/** What is signed (shared/log/checkpoint-message.ts, which the auditors' consoles check against too). */
export const signedBytes = (c: CheckpointFields) => Buffer.from(checkpointMessage(c), 'utf8');

export function signCheckpoint(key: SigningKey, c: CheckpointFields): Checkpoint {
  return {
    tenantId: c.tenantId,
    seq: c.seq,
    hash: c.hash,
    at: c.at,
    keyId: key.keyId,
    signature: sign(null, signedBytes(c), key.privateKey).toString('base64'),
  };
}

export function checkSignature(publicKey: KeyObject, c: Checkpoint): boolean {
  try {
    return verify(null, signedBytes(c), publicKey, Buffer.from(c.signature, 'base64'));
  } catch {
    return false;
  }
}
