import { and, asc, eq, gt, inArray, like, lt, notLike, or } from 'drizzle-orm';
import type { Database, Query } from '../db/database';

/** Rows older than `before` are forgotten, except keys starting with `longer.prefix`, kept until `longer.before`. */
export interface Forget {
  before: number;
  longer?: { prefix: string; before: number };
}

/**
 * Sign-in attempts, failures and marks as timed rows by key, kept in the database so the throttle
 * holds across restarts and across processes sharing the database. What the keys mean is the
 * throttle's business (auth/sign-in-throttle.ts); this stores, swaps and forgets rows.
 */
export function createSignInFailuresRepository(db: Database) {
  const { signInFailures } = db.t;

  /**
   * Runs `fn` in one transaction holding a lock per key, taken in sorted order: two callers
   * sharing some keys wait for each other in turn, never in a circle.
   */
  function underLocks<T>(keys: string[], fn: (tx: Query) => Promise<T>): Promise<T> {
    const [first, ...rest] = [...new Set(keys)].sort();
    if (first === undefined) return db.tx(fn);
    return db.tx((tx) => (rest.length > 0 ? underLocks(rest, fn) : fn(tx)), { lock: `signin:${first}` });
  }

  return {
    /**
     * Reads the keys' row times after `since` (oldest first), lets `decide` name the keys that get a
     * row at `at`, and adds them; in one transaction holding a lock per key of `serialise`, so
     * concurrent sign-ins sharing one of those keys, in this process or another, decide one after
     * the other, each seeing the rows of those before it. Returns the decision and the new rows' ids.
     */
    async decide<T>(
      keys: string[],
      serialise: string[],
      since: number,
      at: number,
      decide: (times: Map<string, number[]>) => { result: T; add: string[] },
    ): Promise<{ result: T; ids: number[] }> {
      return underLocks(serialise, async (tx) => {
        const times = new Map(keys.map((key) => [key, [] as number[]]));
        const rows = await tx
          .select({ key: signInFailures.key, at: signInFailures.at })
          .from(signInFailures)
          .where(and(inArray(signInFailures.key, keys), gt(signInFailures.at, since)))
          .orderBy(asc(signInFailures.at));
        for (const r of rows) times.get(r.key)?.push(r.at);
        const { result, add } = decide(times);
        const ids =
          add.length === 0
            ? []
            : (
                await tx
                  .insert(signInFailures)
                  .values(add.map((key) => ({ key, at })))
                  .returning({ id: signInFailures.id })
              ).map((r) => r.id);
        return { result, ids };
      });
    },

    /**
     * In one transaction (a decision reads an attempt either in flight or settled, never neither):
     * deletes the rows `ids` and every row of `drop`, adds a row per key of `add` at `at`, and
     * forgets old rows (the table stays about one window deep).
     */
    async swap(ids: number[], drop: string[], add: string[], at: number, forget: Forget): Promise<void> {
      await db.tx(async (tx) => {
        if (ids.length > 0 || drop.length > 0)
          await tx.delete(signInFailures).where(or(inArray(signInFailures.id, ids), inArray(signInFailures.key, drop)));
        if (add.length > 0) await tx.insert(signInFailures).values(add.map((key) => ({ key, at })));
        const old = lt(signInFailures.at, forget.before);
        if (!forget.longer) return void (await tx.delete(signInFailures).where(old));
        // Prefixes are the throttle's own words ([a-z:]), so LIKE needs no escaping.
        const { prefix, before } = forget.longer;
        await tx
          .delete(signInFailures)
          .where(
            or(
              and(old, notLike(signInFailures.key, `${prefix}%`)),
              and(like(signInFailures.key, `${prefix}%`), lt(signInFailures.at, before)),
            ),
          );
      });
    },

    /**
     * Under `key`'s lock, in one transaction: when `key` has no row after `since`, adds one at `at`
     * and runs `then` in the same transaction (what it writes commits with the row, or neither).
     * Says whether it did: of concurrent callers, in any process, exactly one does.
     */
    async once(key: string, since: number, at: number, then: () => Promise<void>): Promise<boolean> {
      return underLocks([key], async (tx) => {
        const [seen] = await tx
          .select({ id: signInFailures.id })
          .from(signInFailures)
          .where(and(eq(signInFailures.key, key), gt(signInFailures.at, since)))
          .limit(1);
        if (seen) return false;
        await tx.insert(signInFailures).values({ key, at });
        await then();
        return true;
      });
    },
  };
}
export type SignInFailuresRepository = ReturnType<typeof createSignInFailuresRepository>;
