/**
 * The key a client sent, from the key stored for it: the server stores a client's idempotency key
 * under its author ("u:<user id>:<key>", server/src/idempotency.ts); keys it makes itself start "srv:".
 */
export const clientKeyOf = (stored: string) => (stored.startsWith('u:') ? stored.slice(stored.indexOf(':', 2) + 1) : stored);

/** A SQL LIKE pattern matching the stored form of a client's key (any author). */
export const storedKeyLike = (clientKey: string) => `u:%:${clientKey}`;
