/**
 * When each live connection's session ends, and one timer for the earliest of them: a live socket is
 * never asked for its token again, so it is disconnected when its session ends by time. One timer per
 * process, not one per connection: each of thousands of sockets held a Timeout and, its delay being
 * its own, a timer list of its own too (bench/soak.ts measures memory per socket).
 */

/** setTimeout's longest delay; an end further off is looked at again then. */
const MAX_DELAY = 2 ** 31 - 1;

export interface SessionEnds<S> {
  /** `socket` is disconnected at `endsAt` (ms since the epoch), unless forgotten first. */
  add(socket: S, endsAt: number): void;
  /** The connection went: its session's end no longer concerns it. */
  forget(socket: S): void;
  /** How many connections wait for their end (tests). */
  readonly size: number;
}

export function createSessionEnds<S>(disconnect: (socket: S) => void, now: () => number = Date.now): SessionEnds<S> {
  const ends = new Map<S, number>();
  let timer: NodeJS.Timeout | undefined;
  let armedFor = Number.POSITIVE_INFINITY;

  function arm(at: number) {
    if (at >= armedFor) return;
    clearTimeout(timer);
    armedFor = at;
    // Unref'd: the connections keep the process alive, never their ends.
    timer = setTimeout(due, Math.min(Math.max(0, at - now()), MAX_DELAY)).unref();
  }

  /** Disconnects every connection whose end has come (O(connections), once per end, not per connection), then waits for the next. */
  function due() {
    timer = undefined;
    armedFor = Number.POSITIVE_INFINITY;
    const t = now();
    let next = Number.POSITIVE_INFINITY;
    for (const [socket, at] of ends) {
      if (at > t) next = Math.min(next, at);
      else {
        ends.delete(socket);
        disconnect(socket);
      }
    }
    if (next !== Number.POSITIVE_INFINITY) arm(next);
  }

  return {
    add(socket, endsAt) {
      ends.set(socket, endsAt);
      arm(endsAt);
    },
    forget(socket) {
      // The timer stays armed: when it fires it finds nothing due and waits for the next end.
      ends.delete(socket);
    },
    get size() {
      return ends.size;
    },
  };
}
