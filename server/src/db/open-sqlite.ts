import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { accessSync, constants, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database as Db, Query } from './database';
import { transactionScope } from './database';
import { faultCode, openError } from './errors';
import { nameRegistry } from './prepared';
import { keepSqliteFilesPrivate } from './private-file';
import * as schema from './schema.sqlite';
import { storageProblem } from './storage';

const migrationsFolder = resolve(dirname(fileURLToPath(import.meta.url)), '../../migrations/sqlite');
/** How long the readiness write check may wait for another process's write lock, instead of the usual 5 s. */
const READY_LOCK_WAIT_MS = 250;

export interface SqliteDatabase extends Db {
  readonly dialect: 'sqlite';
  /** The driver's handle, for SQLite-only tools (tests that damage the file, checkpoints). */
  readonly sqlite: Database.Database;
}

/**
 * Opens (creating if needed) the SQLite file and brings it to the latest migration.
 * A directory that is missing and cannot be made, read-only or full throws a DbOpenError
 * whose message names the file and the cause in one line.
 */
export function openSqlite(file: string, sync: 'FULL' | 'NORMAL' = 'FULL'): SqliteDatabase {
  let sqlite: Database.Database | undefined;
  try {
    if (file !== ':memory:') {
      mkdirSync(dirname(file), { recursive: true });
      // WAL mode creates files beside the database: a read-only directory is named as such, not as SQLite's "cannot open".
      accessSync(dirname(file), constants.W_OK);
      keepSqliteFilesPrivate(file);
    }
    sqlite = new Database(file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma(`synchronous = ${sync}`);
    sqlite.pragma('foreign_keys = ON');
    // Deleted and overwritten rows are zeroed in the file, not left in free space: erasure's
    // scrubbed values and destroyed customer keys must not be readable from the bytes. For the
    // whole connection, not the key table alone: SQLite's setting is per connection, and every
    // value an erasure overwrites (identities, notes, conflicts) needs it as much as the keys.
    sqlite.pragma('secure_delete = ON');
    // Another process (a migration, a second server during a restart) may hold the lock briefly.
    sqlite.pragma('busy_timeout = 5000');
    const orm = drizzle({ client: reusingStatements(sqlite), schema });
    migrate(orm, { migrationsFolder });
    return sqliteDatabase(sqlite, orm as unknown as Query, file);
  } catch (error) {
    sqlite?.close();
    throw openError(file, error);
  }
}

/** Distinct statements kept prepared; the least recently used goes first (`inArray` lists make new texts). */
const STATEMENTS_KEPT = 500;

/**
 * The connection as drizzle sees it, with each statement compiled once per SQL text and reused:
 * drizzle prepares every query it runs afresh, and SQLite's compile costs about as much as running
 * a small query. Safe on this one connection: queries run one at a time (better-sqlite3 is
 * synchronous and resets a statement after each call), and SQLite recompiles a kept statement
 * itself when a migration changes the schema.
 */
function reusingStatements(sqlite: Database.Database): Database.Database {
  const kept = new Map<string, Database.Statement>();
  const client = {
    prepare(source: string) {
      let stmt = kept.get(source);
      // Taken out and put back below, so the map stays in order of last use.
      if (stmt) kept.delete(source);
      else stmt = sqlite.prepare(source);
      kept.set(source, stmt);
      if (kept.size > STATEMENTS_KEPT) kept.delete(kept.keys().next().value!);
      // drizzle reads rows as arrays (`stmt.raw().all()`) for some queries and as objects for
      // others; the mode sticks to the statement, so a reused one starts from objects again.
      if (stmt.reader) stmt.raw(false);
      return stmt;
    },
    // drizzle's own `transaction` (unused here: db.tx owns transactions) goes to the connection.
    transaction: sqlite.transaction.bind(sqlite),
  };
  return client as unknown as Database.Database;
}

function sqliteDatabase(sqlite: Database.Database, q: Query, file: string): SqliteDatabase {
  const scope = transactionScope();
  const claim = nameRegistry();
  // One connection: transactions take turns in this process; IMMEDIATE serialises them with other processes.
  let turn: Promise<unknown> = Promise.resolve();
  function exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const mine = turn.then(fn, fn);
    turn = mine.catch(() => undefined);
    return mine;
  }

  return {
    dialect: 'sqlite',
    t: schema,
    q,
    sqlite,
    where: file,
    async tx(fn) {
      const outer = scope.current();
      if (outer) return fn(outer);
      return exclusive(async () => {
        sqlite.exec('BEGIN IMMEDIATE');
        try {
          const result = await scope.run(q, () => fn(q));
          sqlite.exec('COMMIT');
          return result;
        } catch (error) {
          if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
          throw error;
        }
      });
    },
    // One connection, one builder in and out of transactions: compiled on first use, reused after.
    prepared(name, build) {
      claim(name, build);
      let made: ReturnType<ReturnType<typeof build>['prepare']> | undefined;
      return async (values) => (made ??= build(q).prepare()).execute(values);
    },
    inTx: () => scope.current() !== undefined,
    async takeLocks() {
      if (!scope.current()) throw new Error('takeLocks outside a transaction');
    },
    async rows<T>(query: Parameters<Query['all']>[0]) {
      return (q as unknown as { all(query: unknown): T[] }).all(query);
    },
    async problem() {
      try {
        sqlite.prepare('select 1').get();
      } catch (e) {
        return `database: cannot read (${faultCode(e) ?? (e as Error).message})`;
      }
      const storage = storageProblem(sqlite.name); // disk full or read-only: a rolled-back BEGIN below cannot see it
      if (storage) return storage;
      // Taking the write lock (and releasing it unwritten) proves another process is not holding it for long.
      return exclusive(async () => {
        const wait = sqlite.pragma('busy_timeout', { simple: true }) as number;
        sqlite.pragma(`busy_timeout = ${READY_LOCK_WAIT_MS}`);
        try {
          sqlite.exec('BEGIN IMMEDIATE');
          sqlite.exec('ROLLBACK');
          return null;
        } catch (e) {
          return `database: cannot write (${faultCode(e) ?? (e as Error).message})`;
        } finally {
          sqlite.pragma(`busy_timeout = ${wait}`);
        }
      });
    },
    async afterErasure() {
      // The WAL still holds the pages as they were before the erasure: copy the current ones into
      // the file and truncate it. In turn with transactions, so none is open on this connection.
      return exclusive(async () => {
        const [r] = sqlite.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
        // Another process reading an older snapshot blocks it: the erasure stands, the caller says the WAL was left.
        return !r?.busy;
      });
    },
    async close() {
      await exclusive(async () => {
        // Fold the WAL into the main file, so the file alone is complete after a clean stop.
        sqlite.pragma('wal_checkpoint(TRUNCATE)');
        sqlite.close();
      });
    },
  };
}
