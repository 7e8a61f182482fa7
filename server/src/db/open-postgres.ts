import { sql } from 'drizzle-orm';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { Database, Query, TxOptions } from './database';
import { transactionScope } from './database';
import { dbFault, faultCode, openError } from './errors';
import { nameRegistry } from './prepared';
import './pg-numbers';
import * as schema from './schema.pg';
import { redactUrl } from '../redact-url';

const migrationsFolder = resolve(dirname(fileURLToPath(import.meta.url)), '../../migrations/pg');
/** Any constant: every process starting at once migrates in turn, not over each other. */
const MIGRATION_LOCK = 7_342_001;
/** Serialization failures and deadlocks are PostgreSQL asking for the transaction again. */
const RETRYABLE = new Set(['40001', '40P01']);
const READY_TIMEOUT_MS = 1000;

export interface PostgresOptions {
  /** Connections per process. */
  poolSize?: number;
}

/**
 * Connects to PostgreSQL and brings it to the latest migration (under an advisory lock, so
 * several processes starting together migrate once). Fails with one line naming the cause.
 */
export async function openPostgres(url: string, opts: PostgresOptions = {}): Promise<Database> {
  const where = redactUrl(url);
  const pool = new pg.Pool({ connectionString: url, max: opts.poolSize ?? 10, connectionTimeoutMillis: 5000 });
  // A connection dropped by the server (restart, failover, pg_terminate_backend) while idle in
  // the pool, or while checked out between a transaction's statements: without a listener
  // node-postgres throws it as an uncaught exception. The query that meets the dead connection
  // fails instead (a DbFault: 503, "send it again"), and the pool replaces it.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  try {
    const client = await pool.connect();
    try {
      await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
      await migrate(drizzle(client), { migrationsFolder });
    } finally {
      await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
      client.release();
    }
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw openError(where, error);
  }
  return postgresDatabase(pool, drizzle(pool, { schema }), where);
}

/** How long afterErasure waits for older snapshots to end, and for customer_keys' lock. */
const ERASURE_SNAPSHOT_WAIT_MS = 2000;
const ERASURE_LOCK_TIMEOUT_MS = 1000;
/** The rewrite itself: the table has a row per customer, so this is generous. */
const ERASURE_REWRITE_TIMEOUT_MS = 30_000;

/**
 * Rewrites customer_keys so rows deleted by transactions committed before the call are in no
 * live page. False when that is not sure (the caller logs it; the erasure stands): another
 * session's snapshot older than the call still saw them (VACUUM FULL copies such rows into the
 * new files), the lock did not come within ERASURE_LOCK_TIMEOUT_MS (another process rewriting
 * it, a long reader), VACUUM warned (not the table's owner: it skips the table) or failed.
 * Outside any transaction (VACUUM refuses to run in one), on its own pooled connection.
 */
async function erasureRewrite(pool: pg.Pool): Promise<boolean> {
  let client: pg.PoolClient | undefined;
  let broken: Error | undefined;
  let warned = false;
  const onNotice = (n: { severity?: string }) => void (n.severity === 'WARNING' && (warned = true));
  try {
    client = await pool.connect();
    // Every transaction committed by now (the erasure among them) has an xid below this.
    const { rows } = await client.query<{ horizon: string; full: string }>(
      'select (pg_snapshot_xmax(pg_current_snapshot())::text::numeric % 4294967296)::text as horizon, pg_snapshot_xmax(pg_current_snapshot())::text as full',
    );
    const { horizon, full } = rows[0]!;
    // A snapshot taken before that may still see the deleted row, and VACUUM keeps what some
    // snapshot sees: other sessions of this database (other roles' only with pg_read_all_stats),
    // walsenders and replication slots feeding back a standby's xmin, prepared transactions. And
    // VACUUM's own snapshot: its xmin is the oldest transaction still running in ANY database of
    // the cluster, and VACUUM keeps rows deleted after that: wait until all running then have ended.
    const older = async () =>
      (
        await client!.query<{ older: boolean }>(
          `select exists (select 1 from pg_stat_activity where pid <> pg_backend_pid() and (datname = current_database() or datname is null) and age(backend_xmin) > age($1::xid))
               or exists (select 1 from pg_replication_slots where age(xmin) > age($1::xid))
               or exists (select 1 from pg_prepared_xacts where database = current_database() and age(transaction) > age($1::xid))
               or pg_snapshot_xmin(pg_current_snapshot()) < $2::xid8 as older`,
          [horizon, full],
        )
      ).rows[0]!.older;
    const until = Date.now() + ERASURE_SNAPSHOT_WAIT_MS;
    let seen = await older();
    while (seen && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 50));
      seen = await older();
    }
    // Rewritten even so: everything else deleted goes, and the next erasure's rewrite may take the rest.
    client.on('notice', onNotice);
    await client.query(`set lock_timeout = ${ERASURE_LOCK_TIMEOUT_MS}`);
    await client.query(`set statement_timeout = ${ERASURE_REWRITE_TIMEOUT_MS}`);
    try {
      // Unqualified, as every statement of the app's: the connection's search_path names the schema.
      await client.query('vacuum (full) customer_keys');
    } finally {
      await client.query('reset lock_timeout; reset statement_timeout');
    }
    return !seen && !warned;
  } catch (error) {
    // Lock or statement timeout (55P03, 57014), a dropped connection: the erasure has committed
    // and stands; the caller says its key row may still be in a page.
    if (dbFault(error)) broken = error as Error;
    return false;
  } finally {
    client?.off('notice', onNotice);
    client?.release(broken);
  }
}

function postgresDatabase(pool: pg.Pool, orm: NodePgDatabase<typeof schema>, where: string): Database {
  const scope = transactionScope();
  const claim = nameRegistry();
  // Transactions of one lock key wait their turn in this process before taking a connection:
  // a burst for one tenant then holds one pooled connection, not all of them while they wait
  // on the advisory lock, and other tenants, sign-ins and /ready keep being served.
  const turns = new Map<string, Promise<unknown>>();
  // afterErasure's rewrite: one at a time in this process, and erasures that commit while one
  // runs share the next (a rewrite started after their commit covers them all).
  let rewrite: Promise<boolean> | null = null;
  let lastRewrite: Promise<boolean> | null = null;
  // A drizzle instance per pooled connection, made once (the pool reuses its connections).
  const orms = new WeakMap<pg.PoolClient, NodePgDatabase<typeof schema>>();
  const ormOn = (client: pg.PoolClient) => orms.get(client) ?? orms.set(client, drizzle(client, { schema })).get(client)!;
  function inTurn<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const mine = (turns.get(key) ?? Promise.resolve()).then(fn, fn);
    const settled = mine.catch(() => undefined);
    turns.set(key, settled);
    void settled.then(() => turns.get(key) === settled && turns.delete(key));
    return mine;
  }
  const root = orm as unknown as Query;
  const execute = (q: Query, query: ReturnType<typeof sql>) => (q as unknown as NodePgDatabase).execute(query);
  const lockIn = (q: Query, key: string, shared = false) =>
    execute(
      q,
      shared
        ? sql`select pg_advisory_xact_lock_shared(hashtextextended(${key}, 0))`
        : sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`,
    );
  const lockAll = async (q: Query, opts?: TxOptions) => {
    if (opts?.lock) await lockIn(q, opts.lock);
    for (const l of opts?.locks ?? []) await lockIn(q, l.key, l.shared);
  };

  return {
    dialect: 'postgres',
    // The twin tables: same names and JavaScript types as the SQLite ones the repositories are typed against.
    t: schema as unknown as Database['t'],
    get q() {
      return scope.current() ?? root;
    },
    where,
    async afterErasure() {
      // The deleted key row stays in its heap page (and an index page may keep its customer id)
      // until VACUUM, and plain VACUUM only unlinks it: its bytes may stay in the page's free
      // space. `VACUUM (FULL)` writes customer_keys (its index and TOAST table too) into new
      // files holding only the rows some snapshot can still see, and truncates the old files: no
      // live page keeps the key. One row per customer, so the rewrite is quick, but it holds an
      // ACCESS EXCLUSIVE lock while it runs: see `erasureRewrite` for the waits it allows.
      // WAL segments (until recycled or, archived, while kept) and base backups still hold the
      // wrapped key, readable with the master key, for as long as they are retained (or until `npm run rotate-master-key` has re-wrapped the live keys under a new master key and the old one is destroyed: that makes those copies useless).
      const start = () => {
        // Started: erasures committed from now on wait for the next rewrite, not this one.
        rewrite = null;
        return erasureRewrite(pool);
      };
      const mine = (rewrite ??= (lastRewrite ?? Promise.resolve(true)).then(start, start));
      lastRewrite = mine;
      return mine;
    },
    async tx(fn, opts) {
      const outer = scope.current();
      if (outer) {
        await lockAll(outer, opts);
        return fn(outer);
      }
      const once = async () => {
        // Our own checkout, not drizzle's pool transaction: that one never releases a connection
        // whose BEGIN fails (cut just after checkout), and the pool runs dry.
        const client = await pool.connect();
        let broken: Error | undefined;
        try {
          return await ormOn(client).transaction(async (t) => {
            const q = t as unknown as Query;
            // First statement: locks are always taken before any row lock, so lock order is the same everywhere.
            await lockAll(q, opts);
            return scope.run(q, () => fn(q));
          });
        } catch (error) {
          if (dbFault(error)) broken = error as Error; // a dead connection goes, it does not go back to the pool
          throw error;
        } finally {
          client.release(broken);
        }
      };
      const run = async () => {
        for (let attempt = 1; ; attempt++) {
          try {
            return await once();
          } catch (error) {
            if (attempt < 4 && RETRYABLE.has(faultCode(error) ?? '')) continue;
            throw error;
          }
        }
      };
      return opts?.lock ? inTurn(opts.lock, run) : run();
    },
    // Built on the current transaction's builder at each call (a statement is bound to its
    // connection); named, so each pooled connection parses and plans it once.
    prepared(name, build) {
      claim(name, build);
      return async (values) =>
        (build(scope.current() ?? root) as unknown as { prepare(name: string): { execute(v: Record<string, unknown>): Promise<never> } })
          .prepare(name)
          .execute(values);
    },
    inTx: () => scope.current() !== undefined,
    async takeLocks(locks) {
      const q = scope.current();
      if (!q) throw new Error('takeLocks outside a transaction');
      await lockAll(q, { locks });
    },
    async rows<T>(query: ReturnType<typeof sql>) {
      return (await execute(scope.current() ?? root, query)).rows as T[];
    },
    async problem() {
      const timeout = new Promise<string>((r) =>
        setTimeout(r, READY_TIMEOUT_MS, `database: no answer within ${READY_TIMEOUT_MS} ms`).unref(),
      );
      const check = pool
        .query<{ standby: boolean }>('select pg_is_in_recovery() as standby')
        .then(({ rows }) => (rows[0]?.standby ? 'database: cannot write (this PostgreSQL is a read-only standby)' : null))
        .catch((e: Error) => `database: cannot read (${faultCode(e) ?? e.message})`);
      return Promise.race([check, timeout]);
    },
    async close() {
      await pool.end();
    },
  };
}
