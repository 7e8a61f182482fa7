/**
 * The ingest webhook's signature scheme, shared so that senders (tests, benchmarks,
 * example clients) and the server compute it the same way:
 *   x-leeway-signature: v1=<hex HMAC-SHA256(secret, `${timestamp}.${rawBody}`)>
 *   x-leeway-timestamp: <unix seconds>
 * Node's crypto only: this module is never bundled into the extension.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-leeway-signature';
export const TIMESTAMP_HEADER = 'x-leeway-timestamp';
export const KEY_HEADER = 'x-leeway-key';
export const REPLAY_TOLERANCE_S = 300;

export function sign(secret: string, timestamp: number, rawBody: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')}`;
}

export function signatureMatches(secret: string, timestamp: number, rawBody: string, given: string): boolean {
  const expected = Buffer.from(sign(secret, timestamp, rawBody));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

export function signedHeaders(keyId: string, secret: string, rawBody: string, now = Date.now()): Record<string, string> {
  const timestamp = Math.floor(now / 1000);
  return {
    'content-type': 'application/json',
    [KEY_HEADER]: keyId,
    [TIMESTAMP_HEADER]: String(timestamp),
    [SIGNATURE_HEADER]: sign(secret, timestamp, rawBody),
  };
}
