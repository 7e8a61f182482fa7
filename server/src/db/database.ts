/**
 * One data layer over SQLite or PostgreSQL. Repositories write each query once with drizzle's
 * builders against `db.t` (the SQLite-typed tables; on PostgreSQL the twin tables of
 * schema.pg.ts with the same names and JavaScript types) and await it. They never call
 * `.get()/.all()/.run()` (SQLite only) nor `q.transaction` (use `db.tx`).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { SQL } from 'drizzle-orm';
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import type * as schema from './schema.sqlite';

export type Tables = typeof schema;
/** The query builder, typed as SQLite's async flavour: every query is awaited, on either engine. */
export type Query = BaseSQLiteDatabase<'async', unknown, Tables>;
export type Dialect = 'sqlite' | 'postgres';

export interface TxOptions {
  /**
   * Serialises this transaction against every other one naming the same key, across processes
   * (a PostgreSQL advisory lock; SQLite's IMMEDIATE lock already serialises all writers).
   * Budgets, the log chain and exception decisions lock their tenant: `tenantLock(id)`.
   */
  lock?: string;
  /** More locks, taken after `lock` in this order (wider first, then sorted): see `TxLock`. */
  locks?: TxLock[];
}

/**
 * A lock held to the end of the transaction. Shared ones of one key coexist and exclude an
 * exclusive one: ingest holds its tenant's `customersLock` shared and each customer's
 * `customerLock`, so different customers' events proceed together while an erasure or a merge
 * (which hold `customersLock` exclusively) waits for them and they for it.
 */
export interface TxLock {
  key: string;
  shared?: boolean;
}

/**
 * Hot-path queries written once with drizzle's builders and placeholders (`sql.placeholder('x')`
 * where a value goes), run with their values: `db.prepared(name, (q) => q.select()…)`.
 *
 * Why: drizzle builds a query's SQL text and parameter list on every call, and on the ingest path
 * that building cost more CPU than SQLite running the statement (issue 21's profile: 40% of the
 * server's time). Each engine keeps what it can (open-sqlite.ts, open-postgres.ts).
 */
export interface Preparable<R> {
  /** A select, insert, update or delete, with or without `returning`. */
  prepare(): { execute(values?: Record<string, unknown>): Promise<R> | R };
}
export type Prepared<R> = (values: Record<string, unknown>) => Promise<R>;
export type PrepareQuery = <R>(name: string, build: (q: Query) => Preparable<R>) => Prepared<R>;

export interface Database {
  readonly dialect: Dialect;
  readonly t: Tables;
  /** Inside `tx`, that transaction's builder; outside, the shared one. */
  readonly q: Query;
  /**
   * Runs `fn` in one transaction: all of it is stored or none. Called inside another `tx`, it joins it.
   * Every write goes through here (on SQLite a write outside would land in whichever transaction is open).
   */
  tx<T>(fn: (q: Query) => Promise<T>, opts?: TxOptions): Promise<T>;
  /**
   * Inside `tx`: takes these locks now, in the order given (callers take wider ones first and sort
   * the rest, so every transaction takes them in one order), for locks known only once the
   * transaction has read something. SQLite: nothing to take, its one writer is already alone.
   */
  takeLocks(locks: TxLock[]): Promise<void>;
  /** Whether the caller runs inside `tx`: writes that must land with another (an audit entry and its action) check it. */
  inTx(): boolean;
  /**
   * A query for the hot path, built once with placeholders and run with values, inside whichever
   * transaction is open at the call (`PrepareQuery`). Each name stands for one query (prepared.ts).
   */
  prepared: PrepareQuery;
  /** A raw statement's rows (use drizzle's `sql` template: it places parameters for the engine). */
  rows<T>(query: SQL): Promise<T[]>;
  /** Why this database cannot take traffic now (read and write checks), or null. */
  problem(): Promise<string | null>;
  /**
   * After an erasure has committed: makes what it deleted gone from the files, not only unlinked
   * (SQLite: the WAL's older page images, still holding the rows, are folded in and truncated;
   * PostgreSQL: customer_keys is rewritten by VACUUM (FULL), so no live page keeps a deleted key).
   * Outside any transaction. False when it could not finish (SQLite: another process was reading;
   * PostgreSQL: the table's lock did not come soon, or a snapshot older than the erasure saw the row).
   */
  afterErasure(): Promise<boolean>;
  /** Where the data is, for logs and the banner: the file, or the URL without its password. */
  readonly where: string;
  close(): Promise<void>;
}

export const tenantLock = (tenantId: string) => `tenant:${tenantId}`;
/** Which customers exist and what they own: ingest holds it shared, erasure and merge exclusively. */
export const customersLock = (tenantId: string) => `customers:${tenantId}`;
/** One customer's events, in arrival order. */
export const customerLock = (tenantId: string, customerId: string) => `customer:${tenantId}:${customerId}`;

/** The transaction a piece of async work runs in, so nested repository calls join it. */
export function transactionScope() {
  const als = new AsyncLocalStorage<Query>();
  return {
    current: () => als.getStore(),
    run: <T>(q: Query, fn: () => Promise<T>) => als.run(q, fn),
  };
}
