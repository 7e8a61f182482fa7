/**
 * A token bucket per socket for client→server events: `perMinute` tokens, refilled evenly,
 * so a panel's bursts pass and a runaway or hostile client is told to slow down.
 * Configured per socket.io server (tests run several apps in one process).
 */
interface Bucket {
  tokens: number;
  at: number;
}
type HasServer = { nsp: { server: object } };

const limits = new WeakMap<object, number>();
const buckets = new WeakMap<object, Bucket>();

/** Events per minute per socket on this server; 0 turns the limit off. */
export function limitSocketEvents(io: object, perMinute: number): void {
  limits.set(io, perMinute);
}

/** Takes one token for an event; returns the refusal to answer with when the bucket is empty. */
export function takeEventToken(socket: HasServer, now = Date.now()): string | null {
  const perMinute = limits.get(socket.nsp.server);
  if (!perMinute) return null;
  const b = buckets.get(socket) ?? { tokens: perMinute, at: now };
  b.tokens = Math.min(perMinute, b.tokens + ((now - b.at) * perMinute) / 60_000);
  b.at = now;
  buckets.set(socket, b);
  if (b.tokens >= 1) {
    b.tokens -= 1;
    return null;
  }
  const seconds = Math.max(1, Math.ceil(((1 - b.tokens) * 60) / perMinute));
  return `Too many requests: at most ${perMinute} events a minute on one connection; retry in ${seconds} second${seconds === 1 ? '' : 's'}`;
}
