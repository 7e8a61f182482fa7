/**
 * The key that signs the log's checkpoints: Ed25519 (node:crypto's own, no dependency).
 * LEEWAY_LOG_SIGNING_KEY is either a PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----", e.g. from
 * `openssl genpkey -algorithm ed25519`) or the key's 32-byte seed as 64 hex characters
 * (`openssl rand -hex 32`), the form the demo keeps beside its database.
 */
import { createHash, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';

/** The DER prefix that makes a 32-byte Ed25519 seed a PKCS#8 private key (RFC 8410). */
const PKCS8_ED25519 = Buffer.from('302e020100300506032b657004220420', 'hex');
/** The DER prefix of an Ed25519 SubjectPublicKeyInfo, before the 32 raw key bytes. */
const SPKI_ED25519 = Buffer.from('302a300506032b6570032100', 'hex');

export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** The raw 32-byte public key, base64: what the route, the file and verify-log show. */
  publicKeyBase64: string;
  keyId: string;
}

/** Null when `text` is neither form, or not an Ed25519 key. */
export function parseSigningKey(text: string): SigningKey | null {
  const s = text.trim();
  let privateKey: KeyObject;
  try {
    if (s.startsWith('-----BEGIN')) privateKey = createPrivateKey(s);
    else if (/^[0-9a-f]{64}$/i.test(s))
      privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519, Buffer.from(s, 'hex')]), format: 'der', type: 'pkcs8' });
    else return null;
  } catch {
    return null;
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') return null;
  return withPublic(privateKey, createPublicKey(privateKey));
}

function withPublic(privateKey: KeyObject, publicKey: KeyObject): SigningKey {
  const raw = rawPublicKey(publicKey);
  return { privateKey, publicKey, publicKeyBase64: raw.toString('base64'), keyId: keyIdOf(raw) };
}

export const rawPublicKey = (k: KeyObject) => (k.export({ format: 'der', type: 'spki' }) as Buffer).subarray(SPKI_ED25519.length);

/** The first 16 hex characters of SHA-256 over the raw public key: names a key without being it. */
export const keyIdOf = (rawPublic: Buffer) => createHash('sha256').update(rawPublic).digest('hex').slice(0, 16);

/** A public key given as base64 of its 32 raw bytes, or as an SPKI PEM; null when it is neither. */
export function parsePublicKey(text: string): KeyObject | null {
  const s = text.trim();
  try {
    const key = s.startsWith('-----BEGIN')
      ? createPublicKey(s)
      : createPublicKey({ key: Buffer.concat([SPKI_ED25519, Buffer.from(s, 'base64')]), format: 'der', type: 'spki' });
    return key.asymmetricKeyType === 'ed25519' ? key : null;
  } catch {
    return null;
  }
}
