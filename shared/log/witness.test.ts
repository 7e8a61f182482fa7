import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signCheckpoint } from '../../server/src/log/checkpoint';
import { parseSigningKey, type SigningKey } from '../../server/src/log/signing-key';
import type { Checkpoint } from './checkpoint-message';
import { judge, signatureHolds, type Served, type Witnessed } from './witness';

const newKey = () => parseSigningKey(randomBytes(32).toString('hex'))!;
const key = newKey();
const T = Date.UTC(2026, 11, 1, 9, 0);
const hashOf = (seq: number, fork = '') => `v2:${(fork + String(seq)).padStart(64, '0')}`;
const cp = (seq: number, opts: { k?: SigningKey; fork?: string; at?: number } = {}): Checkpoint =>
  signCheckpoint(opts.k ?? key, { tenantId: 'acme', seq, hash: hashOf(seq, opts.fork), at: opts.at ?? T + seq * 1000 });
const served = (checkpoints: Checkpoint[], k: SigningKey = key): Served => ({ keyId: k.keyId, publicKey: k.publicKeyBase64, checkpoints });
const seenAt = (seq: number): Witnessed => ({ keyId: key.keyId, publicKey: key.publicKeyBase64, checkpoint: cp(seq) });

describe('an auditor console as the log’s witness', () => {
  it('checks the server’s Ed25519 signatures with WebCrypto, over the shared message', async () => {
    expect(await signatureHolds(key.publicKeyBase64, cp(1000))).toBe(true);
    expect(await signatureHolds(key.publicKeyBase64, { ...cp(1000), hash: hashOf(1000, 'f') })).toBe(false);
    expect(await signatureHolds(key.publicKeyBase64, { ...cp(1000), at: T })).toBe(false);
    expect(await signatureHolds(newKey().publicKeyBase64, cp(1000))).toBe(false);
    expect(await signatureHolds(key.publicKeyBase64, { ...cp(1000), signature: 'not base64!' })).toBe(false);
  });

  it('on first sight remembers the newest checkpoint; with none signed yet there is nothing to compare', async () => {
    expect(await judge(null, served([]))).toEqual({ state: 'none' });
    expect(await judge(null, served([cp(1000), cp(2000)]))).toEqual({
      state: 'ok',
      witnessed: { keyId: key.keyId, publicKey: key.publicKeyBase64, checkpoint: cp(2000) },
    });
  });

  it('moves on when the log grew and still holds what it saw', async () => {
    const j = await judge(seenAt(2000), served([cp(2000), cp(3000)]));
    expect(j).toMatchObject({ state: 'ok', witnessed: { checkpoint: { seq: 3000 } } });
    expect(await judge(seenAt(2000), served([cp(2000)]))).toMatchObject({ state: 'ok', witnessed: { checkpoint: { seq: 2000 } } });
  });

  it('raises “shorter” when the log no longer reaches what it saw', async () => {
    const j = await judge(seenAt(3000), served([]));
    expect(j).toMatchObject({ state: 'alarm', alarm: { kind: 'shorter' } });
    expect(j.state === 'alarm' && j.alarm.message).toContain('it had a signed checkpoint at entry 3000');
    expect(await judge(seenAt(3000), served([cp(2000)]))).toMatchObject({ state: 'alarm', alarm: { kind: 'shorter' } });
  });

  it('raises “forked” when the seen entry’s hash changed, or its checkpoint is gone under later ones', async () => {
    // Signed properly: someone holding the key re-signed a rewritten log.
    expect(await judge(seenAt(2000), served([cp(2000, { fork: 'f' }), cp(3000, { fork: 'f' })]))).toMatchObject({
      state: 'alarm',
      alarm: { kind: 'forked' },
    });
    expect(await judge(seenAt(2000), served([cp(2500), cp(3000)]))).toMatchObject({ state: 'alarm', alarm: { kind: 'forked' } });
  });

  it('raises “re-signed” when the same entry and hash were signed again', async () => {
    expect(await judge(seenAt(2000), served([cp(2000, { at: T + 99_000_000 })]))).toMatchObject({
      state: 'alarm',
      alarm: { kind: 're-signed' },
    });
  });

  it('raises an alarm for a checkpoint the key did not sign, such as one written into the database', async () => {
    const forged = { ...cp(3000), hash: hashOf(3000, 'f') };
    expect(await judge(seenAt(2000), served([cp(2000), forged]))).toMatchObject({
      state: 'alarm',
      alarm: { kind: 'bad-signature', seq: 3000 },
    });
    expect(await judge(null, served([cp(1000, { k: newKey() })]))).toMatchObject({
      state: 'alarm',
      alarm: { kind: 'bad-signature', seq: 1000 },
    });
  });

  it('raises “new key” when the server signs with another key than the one it first saw', async () => {
    const other = newKey();
    expect(await judge(seenAt(2000), served([cp(2000, { k: other })], other))).toMatchObject({
      state: 'alarm',
      alarm: { kind: 'new-key' },
    });
  });
});
