import { and, asc, gt, inArray, lt, or } from 'drizzle-orm';
import type { Database, Query } from '../db/database';

/**
 * Sign-in attempts and failures as timed rows by key, kept in the database so the throttle holds
 * across restarts and across processes sharing the database. What the keys mean is the
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
        const ids = add.length === 0 ? [] : (await tx.insert(signInFailures).values(add.map((key) => ({ key, at }))).returning({ id: signInFailures.id })).map((r) => r.id);
        return { result, ids };
      });
    },

    /** Swaps the rows `ids` for one row per key at `at`, and forgets every row older than `forgetBefore` (the table stays one window deep). */
    async replace(ids: number[], keys: string[], at: number, forgetBefore: number): Promise<void> {
      // One transaction: a decision reads the attempt either in flight or failed, never neither.
      await db.tx(async (tx) => {
        if (ids.length > 0) await tx.delete(signInFailures).where(inArray(signInFailures.id, ids));
        if (keys.length > 0) await tx.insert(signInFailures).values(keys.map((key) => ({ key, at })));
        await tx.delete(signInFailures).where(lt(signInFailures.at, forgetBefore));
      });
    },

    /** Deletes the rows `ids` and every row of `keys`. */
    async remove(ids: number[], keys: string[]): Promise<void> {
      if (ids.length === 0 && keys.length === 0) return;
      await db.tx(async (tx) => {
        await tx.delete(signInFailures).where(or(inArray(signInFailures.id, ids), inArray(signInFailures.key, keys)));
      });
    },
  };
}
export type SignInFailuresRepository = ReturnType<typeof createSignInFailuresRepository>;
