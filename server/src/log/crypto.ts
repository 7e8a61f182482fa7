/**
 * Field encryption for personal data in the log: AES-256-GCM under a per-customer data key,
 * which is stored wrapped (encrypted) under the server's master key. Destroying the data key
 * makes those fields unreadable for good, while their ciphertext (and so the chain) stays.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export interface Sealed {
  /** base64 iv | tag | ciphertext */
  enc: string;
}

export function seal(key: Buffer, plaintext: string): Sealed {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([c.update(plaintext, 'utf8'), c.final()]);
  return { enc: Buffer.concat([iv, c.getAuthTag(), body]).toString('base64') };
}

export function open(key: Buffer, sealed: Sealed): string {
  const raw = Buffer.from(sealed.enc, 'base64');
  const d = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  d.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([d.update(raw.subarray(28)), d.final()]).toString('utf8');
}

export const isSealed = (v: unknown): v is Sealed => typeof v === 'object' && v !== null && typeof (v as Sealed).enc === 'string';

export const newDataKey = () => randomBytes(32);
export const wrapKey = (master: Buffer, key: Buffer) => seal(master, key.toString('base64')).enc;
export const unwrapKey = (master: Buffer, wrapped: string) => Buffer.from(open(master, { enc: wrapped }), 'base64');
