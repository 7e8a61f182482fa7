/**
 * A call made whenever something changes, at most one at a time and at most one start per
 * `gapMs`: the first change after a quiet spell calls at once; changes while a call is out or
 * within the gap ask for exactly one more, made when both allow. So a burst of pushes (a business
 * system sending fifty orders for one customer) costs a handful of calls, not fifty, and never
 * eats the sign-in's allowance of socket events that the agent's own grants draw from.
 */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}
const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export interface Paced {
  /** Something changed: a call will be made that starts after this moment. */
  request(): void;
  /** No more calls (the view is gone); one already out still ends. */
  stop(): void;
}

export function paced(call: () => Promise<unknown>, gapMs: number, clock: Clock = realClock): Paced {
  let wanted = false;
  let out = false;
  let stopped = false;
  let lastStart = Number.NEGATIVE_INFINITY;
  let timer: unknown = null;
  const done = () => {
    out = false;
    next();
  };
  function next() {
    if (!wanted || stopped || out || timer !== null) return;
    const wait = lastStart + gapMs - clock.now();
    if (wait > 0) {
      timer = clock.setTimeout(() => {
        timer = null;
        next();
      }, wait);
      return;
    }
    wanted = false;
    out = true;
    lastStart = clock.now();
    call().then(done, done);
  }
  return {
    request() {
      wanted = true;
      next();
    },
    stop() {
      stopped = true;
      if (timer !== null) clock.clearTimeout(timer);
      timer = null;
    },
  };
}
