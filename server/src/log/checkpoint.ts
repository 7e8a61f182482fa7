/**
 * A checkpoint: the server's signed statement that a tenant's log had `hash` at `seq` at time
 * `at`. Published outside the database (a file, a witness, the auditors' consoles), it lets
 * anyone holding it prove later that the stored log still extends it (verify-log --checkpoints).
 */
import { sign, verify, type KeyObject } from 'node:crypto';
import { field } from './chain';
import type { SigningKey } from './signing-key';

export interface Checkpoint {
  tenantId: string;
  seq: number;
  hash: string;
  /** Milliseconds since the epoch. */
  at: number;
  keyId: string;
  /** Ed25519 over signedBytes(), base64. */
  signature: string;
}

/**
 * What is signed: a version tag, then each field length-prefixed (chain.ts's encoding), so no
 * two checkpoints share bytes and a later format cannot be mistaken for this one.
 */
export const signedBytes = (c: Pick<Checkpoint, 'tenantId' | 'seq' | 'hash' | 'at'>) =>
  Buffer.from(`leeway-log-checkpoint:1:${[c.tenantId, c.seq, c.hash, c.at].map(field).join('')}`, 'utf8');

export function signCheckpoint(key: SigningKey, c: Pick<Checkpoint, 'tenantId' | 'seq' | 'hash' | 'at'>): Checkpoint {
  return { tenantId: c.tenantId, seq: c.seq, hash: c.hash, at: c.at, keyId: key.keyId, signature: sign(null, signedBytes(c), key.privateKey).toString('base64') };
}

export function checkSignature(publicKey: KeyObject, c: Checkpoint): boolean {
  try {
    return verify(null, signedBytes(c), publicKey, Buffer.from(c.signature, 'base64'));
  } catch {
    return false;
  }
}
