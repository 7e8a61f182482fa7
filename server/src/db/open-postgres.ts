import { sql } from 'drizzle-orm';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { Database, Query } from './database';
import { transactionScope } from './database';
import { dbFault, faultCode, openError } from './errors';
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

function postgresDatabase(pool: pg.Pool, orm: NodePgDatabase<typeof schema>, where: string): Database {
  const scope = transactionScope();
  // Transactions of one lock key wait their turn in this process before taking a connection:
  // a burst for one tenant then holds one pooled connection, not all of them while they wait
  // on the advisory lock, and other tenants, sign-ins and /ready keep being served.
  const turns = new Map<string, Promise<unknown>>();
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
  const lockIn = (q: Query, key: string) => execute(q, sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`);

  return {
    dialect: 'postgres',
    // The twin tables: same names and JavaScript types as the SQLite ones the repositories are typed against.
    t: schema as unknown as Database['t'],
    get q() {
      return scope.current() ?? root;
    },
    where,
    async afterErasure() {
      // Nothing here. A deleted row stays in its heap page (and the WAL segments) until VACUUM
      // reclaims the space and later writes reuse it; an operator wanting the key row gone from
      // live pages sooner runs `VACUUM customer_keys` (VACUUM FULL rewrites the table). Base
      // backups and archived WAL keep the wrapped key, readable with the master key, for as long
      // as they are retained (there is no LEEWAY_MASTER_KEY rotation yet to make those copies useless).
      return true;
    },
    async tx(fn, opts) {
      const outer = scope.current();
      if (outer) {
        if (opts?.lock) await lockIn(outer, opts.lock);
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
            if (opts?.lock) await lockIn(q, opts.lock);
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
    inTx: () => scope.current() !== undefined,
    async rows<T>(query: ReturnType<typeof sql>) {
      return (await execute(scope.current() ?? root, query)).rows as T[];
    },
    async problem() {
      const timeout = new Promise<string>((r) => setTimeout(r, READY_TIMEOUT_MS, `database: no answer within ${READY_TIMEOUT_MS} ms`).unref());
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
