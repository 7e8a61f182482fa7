/**
 * Pushes computed at most once per window per subject (a customer's signals, a panel's
 * suggestions): the first change pushes at once (the agent sees it as soon as it can be
 * computed); changes within the next `windowMs` are folded into one push when the window ends,
 * computed then from everything stored, so the last push is always current. A burst of 50
 * events for one customer costs two computations, not 50.
 */
export interface Coalescer<A extends string[]> {
  changed(...subject: A): void;
  /** No more pushes: pending windows are dropped (the server is closing). */
  close(): void;
}

export function createCoalescer<A extends string[]>(push: (...subject: A) => Promise<void>, windowMs: number): Coalescer<A> {
  /** Subjects inside a window, and whether something changed since its push. */
  const open = new Map<string, { dirty: boolean; timer: NodeJS.Timeout }>();
  let closed = false;

  function pushNow(key: string, subject: A) {
    const timer = setTimeout(() => {
      const w = open.get(key);
      open.delete(key);
      if (w?.dirty && !closed) pushNow(key, subject);
    }, windowMs);
    timer.unref();
    open.set(key, { dirty: false, timer });
    void push(...subject);
  }

  return {
    changed(...subject) {
      if (closed) return;
      const key = subject.join('\n');
      const w = open.get(key);
      if (w) w.dirty = true;
      else pushNow(key, subject);
    },
    close() {
      closed = true;
      for (const w of open.values()) clearTimeout(w.timer);
      open.clear();
    },
  };
}
