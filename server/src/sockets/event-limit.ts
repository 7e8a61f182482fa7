/**
 * A token bucket per sign-in (session) for client→server events: `perMinute` tokens, refilled
 * evenly, so a panel's bursts pass and a runaway or hostile client is told to slow down. Every
 * socket of one session draws from the same bucket: reconnecting or opening more sockets gives
 * no fresh allowance. Configured per socket.io server (tests run several apps in one process).
 */
interface Bucket {
  tokens: number;
  at: number;
}
type HasSession = { nsp: { server: object }; data: { principal: { sessionId: string } } };

const WINDOW_MS = 60_000;

interface Limit {
  perMinute: number;
  buckets: Map<string, Bucket>;
  sweptAt: number;
}
const limits = new WeakMap<object, Limit>();

/** Events per minute per session on this server; 0 turns the limit off. */
export function limitSocketEvents(io: object, perMinute: number): void {
  limits.set(io, { perMinute, buckets: new Map(), sweptAt: 0 });
}

/** Takes one token for an event; returns the refusal to answer with when the bucket is empty. */
export function takeEventToken(socket: HasSession, now = Date.now()): string | null {
  const limit = limits.get(socket.nsp.server);
  if (!limit?.perMinute) return null;
  const { perMinute, buckets } = limit;
  forgetRefilled(limit, now);
  const key = socket.data.principal.sessionId;
  const b = buckets.get(key) ?? { tokens: perMinute, at: now };
  b.tokens = Math.min(perMinute, b.tokens + (Math.max(0, now - b.at) * perMinute) / WINDOW_MS);
  b.at = now;
  buckets.set(key, b);
  if (b.tokens >= 1) {
    b.tokens -= 1;
    return null;
  }
  const seconds = Math.max(1, Math.ceil(((1 - b.tokens) * 60) / perMinute));
  return `Too many requests: at most ${perMinute} events a minute per sign-in; retry in ${seconds} second${seconds === 1 ? '' : 's'}`;
}

/**
 * A bucket untouched for a minute has refilled: it is the same as a new one, so it is dropped.
 * Swept at most once a minute, so memory holds only the sessions active in the last two.
 */
function forgetRefilled(limit: Limit, now: number): void {
  if (now - limit.sweptAt < WINDOW_MS) return;
  limit.sweptAt = now;
  for (const [key, b] of limit.buckets) if (now - b.at >= WINDOW_MS) limit.buckets.delete(key);
}

/** How many sessions have a bucket on this server (the test checks refilled ones are forgotten). */
export function bucketCount(io: object): number {
  return limits.get(io)?.buckets.size ?? 0;
}
