import { and, asc, gt, inArray, lt, or } from 'drizzle-orm';
import type { Db } from '../db/open';
import { signInFailures } from '../db/schema.sqlite';

/**
 * Sign-in attempts and failures as timed rows by key, kept in the database so the throttle holds
 * across restarts and across processes sharing the database. What the keys mean is the
 * throttle's business (auth/sign-in-throttle.ts); this stores, swaps and forgets rows.
 */
export function createSignInFailuresRepository(db: Db) {
  return {
    /**
     * Reads the keys' row times after `since` (oldest first), lets `decide` name the keys that get a
     * row at `at`, and adds them; in one IMMEDIATE transaction, so concurrent sign-ins, in this
     * process or another, decide one after the other, each seeing the rows of those before it.
     * Returns the decision and the new rows' ids.
     */
    async decide<T>(keys: string[], since: number, at: number, decide: (times: Map<string, number[]>) => { result: T; add: string[] }): Promise<{ result: T; ids: number[] }> {
      return db.transaction(
        (tx) => {
          const times = new Map(keys.map((key) => [key, [] as number[]]));
          const rows = tx
            .select({ key: signInFailures.key, at: signInFailures.at })
            .from(signInFailures)
            .where(and(inArray(signInFailures.key, keys), gt(signInFailures.at, since)))
            .orderBy(asc(signInFailures.at))
            .all();
          for (const r of rows) times.get(r.key)?.push(r.at);
          const { result, add } = decide(times);
          const ids = add.length === 0 ? [] : tx.insert(signInFailures).values(add.map((key) => ({ key, at }))).returning({ id: signInFailures.id }).all().map((r) => r.id);
          return { result, ids };
        },
        { behavior: 'immediate' },
      );
    },

    /** Swaps the rows `ids` for one row per key at `at`, and forgets every row older than `forgetBefore` (the table stays one window deep). */
    async replace(ids: number[], keys: string[], at: number, forgetBefore: number): Promise<void> {
      db.transaction((tx) => {
        if (ids.length > 0) tx.delete(signInFailures).where(inArray(signInFailures.id, ids)).run();
        if (keys.length > 0) tx.insert(signInFailures).values(keys.map((key) => ({ key, at }))).run();
        tx.delete(signInFailures).where(lt(signInFailures.at, forgetBefore)).run();
      });
    },

    /** Deletes the rows `ids` and every row of `keys`. */
    async remove(ids: number[], keys: string[]): Promise<void> {
      if (ids.length === 0 && keys.length === 0) return;
      db.delete(signInFailures).where(or(inArray(signInFailures.id, ids), inArray(signInFailures.key, keys))).run();
    },
  };
}
export type SignInFailuresRepository = ReturnType<typeof createSignInFailuresRepository>;
