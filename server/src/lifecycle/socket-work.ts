/**
 * Socket handlers in flight, per socket.io server, so a shutdown can let them finish before
 * it disconnects the sockets and closes the database. Once draining, new events are not run:
 * they are answered `retry` (nothing was stored), and the client sends the same payload, with
 * the same idempotency key, after it reconnects.
 */
import type { SocketError } from '@shared/events';

export const DRAINING_REPLY: SocketError = { error: 'The server is restarting: nothing was done; send it again in a moment', retry: true };

export interface SocketWork {
  readonly inFlight: number;
  readonly draining: boolean;
  /** Stop starting new handlers; resolves when the running ones have finished. */
  drain(): Promise<void>;
}

interface Tracker extends SocketWork {
  begin(): boolean;
  end(): void;
}

// Keyed by the socket.io server: tests run several apps in one process.
const trackers = new WeakMap<object, Tracker>();

export function socketWork(server: object): SocketWork {
  return tracker(server);
}

function tracker(server: object): Tracker {
  let t = trackers.get(server);
  if (t) return t;
  let inFlight = 0;
  let draining = false;
  let idle: (() => void)[] = [];
  t = {
    get inFlight() {
      return inFlight;
    },
    get draining() {
      return draining;
    },
    begin() {
      if (draining) return false;
      inFlight++;
      return true;
    },
    end() {
      if (--inFlight > 0) return;
      for (const resolve of idle) resolve();
      idle = [];
    },
    drain() {
      draining = true;
      return inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => idle.push(resolve));
    },
  };
  trackers.set(server, t);
  return t;
}

/** Wraps one socket event listener so it counts while it runs, and is skipped once draining. */
export function tracked<A extends unknown[]>(socket: { nsp: { server: object } }, listener: (...args: A) => Promise<unknown>) {
  const t = tracker(socket.nsp.server);
  return (...args: A) => {
    if (!t.begin()) {
      const ack = args.at(-1);
      if (typeof ack === 'function') ack(DRAINING_REPLY);
      return;
    }
    void listener(...args).finally(() => t.end());
  };
}
