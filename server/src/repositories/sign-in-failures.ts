import { and, asc, eq, gt, lt } from 'drizzle-orm';
import type { Db } from '../db/open';
import { signInFailures } from '../db/schema.sqlite';

/**
 * Failed sign-ins, by key ("account:<email>", "address:<ip>"), kept in the database so the
 * throttle holds across restarts and, later, across processes sharing the database.
 */
export function createSignInFailuresRepository(db: Db) {
  return {
    /** Times of the key's failures after `since`, oldest first. */
    async since(key: string, since: number): Promise<number[]> {
      return db
        .select({ at: signInFailures.at })
        .from(signInFailures)
        .where(and(eq(signInFailures.key, key), gt(signInFailures.at, since)))
        .orderBy(asc(signInFailures.at))
        .all()
        .map((r) => r.at);
    },

    /** Counts one failure against each key, and forgets every failure older than `forgetBefore` (the table stays one window deep). */
    async record(keys: string[], at: number, forgetBefore: number): Promise<void> {
      db.transaction((tx) => {
        tx.insert(signInFailures).values(keys.map((key) => ({ key, at }))).run();
        tx.delete(signInFailures).where(lt(signInFailures.at, forgetBefore)).run();
      });
    },

    async clear(key: string): Promise<void> {
      db.delete(signInFailures).where(eq(signInFailures.key, key)).run();
    },
  };
}
export type SignInFailuresRepository = ReturnType<typeof createSignInFailuresRepository>;
