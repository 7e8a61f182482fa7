/**
 * Idempotency keys, as payment APIs use them: a key belongs to whoever sent it, a replay
 * returns the first result only to its author, and the same key with another body is refused.
 * Keys the server makes for its own writes live in a space no client key can reach.
 */
import { createHash } from 'node:crypto';
import { UserError } from './errors';

/** A stored key: made only by the two functions below, so no write can store a client's raw key. */
export type ScopedKey = string & { readonly __scoped: true };

/** A client's key, stored under its author: another user's identical key is another request. */
export const actorKey = (actorId: string, key: string) => `u:${actorId}:${key}` as ScopedKey;

/** A key the server makes (an approval's grant, a survey's log entry): never equal to an actor's key. */
export const serverKey = (kind: string, id: string) => `srv:${kind}:${id}` as ScopedKey;

/** Objects with their keys sorted, so the same request hashes the same whatever order its fields came in. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => [k, canonical(v)]),
    );
  }
  return value;
}

/** The request a key was used with, minus the key itself. */
export function requestHash(body: Record<string, unknown>): string {
  const { idempotencyKey: _key, ...rest } = body;
  return createHash('sha256')
    .update(JSON.stringify(canonical(rest)))
    .digest('hex');
}

/** Refuses a key that comes back with a different request (a stored hash of null predates hashing: trusted). */
export function assertSameRequest(stored: string | null, hash: string): void {
  if (stored !== null && stored !== hash) {
    throw new UserError(
      409,
      'This idempotency key was already used for a different request: send a new key for a new request, or the same request to get its first result',
    );
  }
}
