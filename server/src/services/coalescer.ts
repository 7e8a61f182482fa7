/**
 * Pushes computed at most once per window per subject (a customer's signals, a panel's
 * suggestions): the first change pushes at once (the agent sees it as soon as it can be
 * computed); changes within the next `windowMs` are folded into one push when the window ends,
 * computed then from everything stored, so the last push is always current. A burst of 50
 * events for one customer costs two computations, not 50, and a subject's pushes never run two at once.
 */
export interface Coalescer<A extends string[]> {
  changed(...subject: A): void;
  /**
   * The caller sends this change itself (an event carrying its signals): true when no window was
   * open, and one now is, as if pushed now, so changes within it are folded into its trailing push;
   * false when one is open (this change is folded into it) or the coalescer is closed.
   */
  lead(...subject: A): boolean;
  /**
   * No more pushes: pending windows are dropped (the server is closing). Resolves once the pushes
   * already running have settled, so the database they read is not closed under them.
   */
  close(): Promise<void>;
}

export function createCoalescer<A extends string[]>(push: (...subject: A) => Promise<void>, windowMs: number): Coalescer<A> {
  /**
   * Subjects inside a window, and whether something changed since its push. A window ends once
   * its time is up and its push has settled: a slow push is never overtaken by the next one, so
   * computations never pile up on a slow database.
   */
  const open = new Map<string, { dirty: boolean; timer: NodeJS.Timeout; waiting: number }>();
  let closed = false;
  const running = new Set<Promise<void>>();

  function pushNow(key: string, subject: A, pushing: () => Promise<void> = () => push(...subject)) {
    const w = { dirty: false, timer: setTimeout(() => end(), windowMs), waiting: 2 };
    const end = () => {
      if (--w.waiting) return;
      open.delete(key);
      if (w.dirty && !closed) pushNow(key, subject);
    };
    w.timer.unref();
    open.set(key, w);
    const pushed = pushing().then(end, end);
    running.add(pushed);
    void pushed.finally(() => running.delete(pushed));
  }

  return {
    changed(...subject) {
      if (closed) return;
      const key = subject.join('\n');
      const w = open.get(key);
      if (w) w.dirty = true;
      else pushNow(key, subject);
    },
    lead(...subject) {
      if (closed) return false;
      const key = subject.join('\n');
      const w = open.get(key);
      if (w) w.dirty = true;
      else pushNow(key, subject, () => Promise.resolve());
      return !w;
    },
    async close() {
      closed = true;
      for (const w of open.values()) clearTimeout(w.timer);
      open.clear();
      await Promise.all(running);
    },
  };
}
