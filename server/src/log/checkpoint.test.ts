import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { dueSeqs } from './checkpointer';
import { checkSignature, signCheckpoint, signedBytes } from './checkpoint';
import { keyIdOf, parsePublicKey, parseSigningKey, rawPublicKey } from './signing-key';

const seed = '3f9c2a7d41e8b06f5c1d9e2a7b4f80c36d5e1a9b2c7f4e08d3a6b1c9e5f2a7d4';
const head = { tenantId: 't1', seq: 2000, hash: `v2:${'a'.repeat(64)}`, at: 1_700_000_000_000 };

describe('the checkpoint signing key', () => {
  it('reads a hex seed and a PKCS#8 PEM alike, and names the key by its public half', () => {
    const fromSeed = parseSigningKey(seed)!;
    const pem = fromSeed.privateKey.export({ format: 'pem', type: 'pkcs8' }) as string;
    const fromPem = parseSigningKey(pem)!;
    expect(fromPem.publicKeyBase64).toBe(fromSeed.publicKeyBase64);
    expect(fromSeed.keyId).toMatch(/^[0-9a-f]{16}$/);
    expect(fromSeed.keyId).toBe(keyIdOf(rawPublicKey(fromSeed.publicKey)));
    expect(parsePublicKey(fromSeed.publicKeyBase64)!.equals(fromSeed.publicKey)).toBe(true);
  });

  it('refuses what is not an Ed25519 private key', () => {
    expect(parseSigningKey('not a key')).toBeNull();
    expect(parseSigningKey('ab'.repeat(31))).toBeNull();
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ format: 'pem', type: 'pkcs8' }) as string;
    expect(parseSigningKey(rsa)).toBeNull();
  });
});

describe('a checkpoint', () => {
  const key = parseSigningKey(seed)!;
  it('verifies with the key that signed it, and not once any field changes', () => {
    const cp = signCheckpoint(key, head);
    expect(checkSignature(key.publicKey, cp)).toBe(true);
    for (const change of [{ tenantId: 't2' }, { seq: 2001 }, { hash: `v2:${'b'.repeat(64)}` }, { at: head.at + 1 }])
      expect(checkSignature(key.publicKey, { ...cp, ...change })).toBe(false);
    const other = parseSigningKey(generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }) as string)!;
    expect(checkSignature(other.publicKey, cp)).toBe(false);
  });

  it('signs a versioned, length-prefixed encoding: no two checkpoints share bytes', () => {
    expect(signedBytes(head).toString()).toBe(`leeway-log-checkpoint:1:S2:t1S4:2000S67:${head.hash}S13:1700000000000`);
    // Moving digits between the tenant and the seq changes the bytes.
    expect(signedBytes({ ...head, tenantId: 't12', seq: 0 }).equals(signedBytes({ ...head, tenantId: 't1', seq: 20 }))).toBe(false);
  });
});

describe('which checkpoints are due', () => {
  const now = 10 * 60_000;
  it('each multiple of the entry cadence crossed since the last one', () => {
    expect(dueSeqs(1000, now, 3500, 1000, 5, now)).toEqual([2000, 3000]);
  });
  it('the head too once the last is older than the minute cadence and the head moved', () => {
    expect(dueSeqs(1000, now - 5 * 60_000, 1200, 1000, 5, now)).toEqual([1200]);
    expect(dueSeqs(1000, now - 4 * 60_000, 1200, 1000, 5, now)).toEqual([]);
    expect(dueSeqs(1200, 0, 1200, 1000, 5, now)).toEqual([]);
  });
  it('a first one by time once the cadence has passed since the first entry', () => {
    expect(dueSeqs(0, now - 5 * 60_000, 3, 1000, 5, now)).toEqual([3]);
    expect(dueSeqs(0, now - 60_000, 3, 1000, 5, now)).toEqual([]);
  });
});
