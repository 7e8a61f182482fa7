import { type Database, tenantLock } from '../db/database';

/**
 * Atomicity across repositories, for routes and services that must not hold the db. Every repository
 * call made inside `fn` joins the transaction (db.tx's scope), and a call made inside another one joins
 * that one, so a service's transaction and its caller's are one.
 *
 * Two doors, because the tenant's lock is a choice with a cost: `inTenantTransaction` serialises against
 * every other writer of the tenant's budgets, log chain, versions, erasures and merges (a PostgreSQL
 * advisory lock; SQLite serialises all writers anyway), which those flows need; `transaction` only makes
 * the writes land together (a sign-in and its session, a setting and its audit entry) without queueing
 * behind the tenant's other work.
 */
export function createTransactions(db: Database) {
  return {
    /** `lock`: a narrower resource to serialise on instead of the whole tenant (one tenant's helpdesk host list). */
    transaction: <T>(fn: () => Promise<T>, opts?: { lock?: string }): Promise<T> => db.tx(() => fn(), opts),
    inTenantTransaction: <T>(tenantId: string, fn: () => Promise<T>): Promise<T> => db.tx(() => fn(), { lock: tenantLock(tenantId) }),
  };
}
