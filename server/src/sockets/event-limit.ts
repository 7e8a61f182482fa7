/**
 * A token bucket per sign-in (session) for client→server events: `perMinute` tokens, refilled
 * evenly, so a panel's bursts pass and a runaway or hostile client is told to slow down. Every
 * socket of one session draws from the same bucket: reconnecting or opening more sockets gives
 * no fresh allowance. And one per person, of SIGN_INS_PER_PERSON sign-ins' worth, which all their
 * sign-ins draw from too: a second device is not starved by the first, and signing in again and
 * again (each sign-in had a bucket of its own) buys no more. Configured per socket.io server
 * (tests run several apps in one process).
 */
interface Bucket {
  tokens: number;
  at: number;
}
type HasSession = { nsp: { server: object }; data: { principal: { sessionId: string; userId: string } } };

/** How many sign-ins' allowance one person's sign-ins share (REST's per-person limit is the same: plugins/external/rate-limits.ts). */
export const SIGN_INS_PER_PERSON = 3;
const WINDOW_MS = 60_000;

interface Limit {
  perMinute: number;
  /** Per session, and per person (`SIGN_INS_PER_PERSON` times as large). */
  buckets: Map<string, Bucket>;
  people: Map<string, Bucket>;
  sweptAt: number;
}
const limits = new WeakMap<object, Limit>();

/** Events per minute per session on this server; 0 turns the limit off. */
export function limitSocketEvents(io: object, perMinute: number): void {
  limits.set(io, { perMinute, buckets: new Map(), people: new Map(), sweptAt: 0 });
}

/** Takes one token for an event from the sign-in's bucket and its person's; returns the refusal to answer with when either is empty. */
export function takeEventToken(socket: HasSession, now = Date.now()): string | null {
  const limit = limits.get(socket.nsp.server);
  if (!limit?.perMinute) return null;
  forgetRefilled(limit, now);
  const { sessionId, userId } = socket.data.principal;
  const perMinute = limit.perMinute;
  const session = refilled(limit.buckets, sessionId, perMinute, now);
  const person = refilled(limit.people, userId, perMinute * SIGN_INS_PER_PERSON, now);
  if (session.tokens >= 1 && person.tokens >= 1) {
    session.tokens -= 1;
    person.tokens -= 1;
    return null;
  }
  // The one that is empty says when to retry (the sign-in's when both are).
  const [empty, max, per] =
    session.tokens < 1
      ? [session, perMinute, 'per sign-in']
      : [person, perMinute * SIGN_INS_PER_PERSON, "for one person's sign-ins together"];
  const seconds = Math.max(1, Math.ceil(((1 - empty.tokens) * 60) / max));
  return `Too many requests: at most ${max} events a minute ${per}; retry in ${seconds} second${seconds === 1 ? '' : 's'}`;
}

/** `key`'s bucket, refilled for the time since it was last used. */
function refilled(buckets: Map<string, Bucket>, key: string, perMinute: number, now: number): Bucket {
  const b = buckets.get(key) ?? { tokens: perMinute, at: now };
  b.tokens = Math.min(perMinute, b.tokens + (Math.max(0, now - b.at) * perMinute) / WINDOW_MS);
  b.at = now;
  buckets.set(key, b);
  return b;
}

/**
 * A bucket untouched for a minute has refilled: it is the same as a new one, so it is dropped.
 * Swept at most once a minute, so memory holds only the sessions active in the last two.
 */
function forgetRefilled(limit: Limit, now: number): void {
  if (now - limit.sweptAt < WINDOW_MS) return;
  limit.sweptAt = now;
  for (const buckets of [limit.buckets, limit.people]) for (const [key, b] of buckets) if (now - b.at >= WINDOW_MS) buckets.delete(key);
}

/** How many sessions have a bucket on this server (the test checks refilled ones are forgotten). */
export function bucketCount(io: object): number {
  return limits.get(io)?.buckets.size ?? 0;
}
