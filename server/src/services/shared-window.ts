/**
 * Push windows shared by every process of a deployment, through Redis: at most one push per
 * subject per window whichever process saw the change. Each process coalesces its own changes
 * first (coalescer.ts); this folds the processes' pushes into one, so an agent's panel gets one
 * signals push per 100 ms with four processes as with one, and the work behind each push (a read,
 * a broadcast every process decodes) is not done once per process.
 *
 * A process that finds no window open claims it and pushes; one that finds it open marks the
 * subject dirty, and the holder pushes again when its window ends (after its push settled, so pushes
 * never overtake each other). Both steps are atomic in Redis, so a change is never marked after
 * the holder has looked. If the holder dies, its window expires and whoever marked a change
 * claims it then: a change is pushed late, never dropped.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

export interface SharedWindows<A extends string[]> {
  /** Pushes now when no process has the subject's window open (opening it); else marks the change for that window's end. */
  changed(...subject: A): Promise<void>;
  /** As `changed`, but the caller has sent the change itself: true when this process opened the window (nothing pushed). */
  lead(...subject: A): Promise<boolean>;
  /** No more claims or pushes from this process; windows it holds expire and are recovered by the others. */
  close(): Promise<void>;
}

// KEYS: window, dirty. ARGV: token, expiry ms. 1: this token holds the window now (dirty
// cleared: the push that follows reads everything committed before it); 0: open elsewhere, marked dirty.
const CLAIM = `if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then redis.call('DEL', KEYS[2]) return 1 end
redis.call('SET', KEYS[2], '1', 'PX', ARGV[2] * 2) return 0`;
// KEYS: window, dirty. ARGV: token, next token, expiry ms. 1: something changed during the window, and the
// next one is this process's under the next token (it pushes now); 0: ended, nothing changed; -1: not this
// token's any more (it expired; whoever holds it now answers for it).
const END = `if redis.call('GET', KEYS[1]) ~= ARGV[1] then return -1 end
if redis.call('DEL', KEYS[2]) == 1 then redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) return 1 end
redis.call('DEL', KEYS[1]) return 0`;
// KEYS: window, dirty. ARGV: token, expiry ms. A change marked, its window gone with nobody having
// pushed it (the holder died): claimed, 1; else 0.
const ORPHAN = `if redis.call('EXISTS', KEYS[1]) == 1 or redis.call('EXISTS', KEYS[2]) == 0 then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) redis.call('DEL', KEYS[2]) return 1`;

/** How long a window stands unless its holder ends it: a window a live holder has not ended by then is a dead holder's. */
export const holdMs = (windowMs: number) => windowMs * 5;

/** The Redis keys of a subject's window and of its mark. */
export function windowKeys(prefix: string, subject: string[]): readonly [window: string, dirty: string] {
  const key = `${prefix}${subject.join(':')}`;
  return [`${key}:window`, `${key}:dirty`];
}

export function createSharedWindows<A extends string[]>(
  redis: Redis,
  opts: {
    /** Prefixes the Redis keys: the deployment's prefix and what is pushed. */
    prefix: string;
    windowMs: number;
    push: (...subject: A) => Promise<void>;
    /** Redis failed: the push goes ahead (one too many beats one missing). */
    onError: (err: unknown) => void;
  },
): SharedWindows<A> {
  const { windowMs } = opts;
  const expiryMs = holdMs(windowMs);
  const keys = (subject: A) => windowKeys(opts.prefix, subject);
  let closed = false;
  const running = new Set<Promise<unknown>>();
  /** Timers running, each with what wakes its waiter: its time, or the close. */
  const timers = new Map<NodeJS.Timeout, () => void>();
  const orphanChecks = new Set<string>();
  const track = <T>(p: Promise<T>) => {
    running.add(p);
    void p.then(
      () => running.delete(p),
      () => running.delete(p),
    );
    return p;
  };
  /** Resolves after `ms`, or at once when closed (the caller checks `closed`). */
  const after = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      t.unref();
      timers.set(t, resolve);
    });

  /** This process's window (its token), or null: marked for another's; on a Redis failure, a push holding nothing (token null). */
  async function claim(subject: A): Promise<{ token: string | null } | null> {
    const token = randomUUID();
    try {
      const won = await redis.eval(CLAIM, 2, ...keys(subject), token, expiryMs);
      if (won === 1) return { token };
      watchForOrphan(subject);
      return null;
    } catch (err) {
      opts.onError(err);
      return { token: null };
    }
  }

  /** Ends the window once its time is up and its push has settled; pushes again, in a new window, if something changed meanwhile. */
  function endAfter(subject: A, token: string | null, pushed: Promise<unknown>) {
    if (token === null) return;
    void track(
      Promise.all([after(windowMs), pushed.catch(() => undefined)]).then(async () => {
        if (closed) return;
        const next = randomUUID();
        const again = await redis.eval(END, 2, ...keys(subject), token, next, expiryMs).catch((err) => (opts.onError(err), 0));
        if (again === 1 && !closed) pushIn(subject, next);
      }),
    );
  }

  /** Pushes in the window this process holds under `token`. */
  function pushIn(subject: A, token: string | null): Promise<void> {
    const pushed = track(opts.push(...subject));
    endAfter(subject, token, pushed);
    return pushed;
  }

  /** After marking a change: if the holder dies before pushing it, claim the expired window and push. */
  function watchForOrphan(subject: A) {
    const [window] = keys(subject);
    if (orphanChecks.has(window)) return;
    orphanChecks.add(window);
    const token = randomUUID();
    void track(
      after(expiryMs + windowMs).then(async () => {
        orphanChecks.delete(window);
        if (closed) return;
        const won = await redis.eval(ORPHAN, 2, ...keys(subject), token, expiryMs).catch((err) => (opts.onError(err), null));
        // null: Redis failed, so push holding nothing, as a claim does.
        if (won === null) await pushIn(subject, null);
        else if (won === 1 && !closed) await pushIn(subject, token);
      }),
    );
  }

  async function changed(subject: A): Promise<void> {
    if (closed) return;
    const mine = await claim(subject);
    if (mine && !closed) await pushIn(subject, mine.token);
  }

  return {
    changed: (...subject) => changed(subject),
    async lead(...subject) {
      if (closed) return false;
      const mine = await claim(subject);
      if (mine) endAfter(subject, mine.token, Promise.resolve());
      return !!mine;
    },
    async close() {
      closed = true;
      for (const [t, wake] of timers) {
        clearTimeout(t);
        wake();
      }
      timers.clear();
      await Promise.allSettled([...running]);
    },
  };
}
