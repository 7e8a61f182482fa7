/**
 * Hot-path queries written once with drizzle's builders and placeholders (`sql.placeholder('x')`
 * where a value goes), run with their values: `db.prepared(name, (q) => q.select()…)`.
 *
 * Why: drizzle builds a query's SQL text and parameter list on every call, and on the ingest path
 * that building cost more CPU than SQLite running the statement (issue 21's profile: 40% of the
 * server's time). Each engine keeps what it can (open-sqlite.ts, open-postgres.ts).
 */
import type { Query } from './database';

/** A builder drizzle can prepare: a select, insert, update or delete, with or without `returning`. */
export interface Preparable<R> {
  prepare(): { execute(values?: Record<string, unknown>): Promise<R> | R };
}

export type Prepared<R> = (values: Record<string, unknown>) => Promise<R>;
export type PrepareQuery = <R>(name: string, build: (q: Query) => Preparable<R>) => Prepared<R>;

/**
 * Each name stands for one query on a database: PostgreSQL keeps a named statement per connection,
 * and a name given to another query would fail there at its first call, not here. (The same query
 * named again, by a second set of repositories on the same database, is the same statement.)
 */
export function nameRegistry() {
  const queries = new Map<string, string>();
  return (name: string, build: (q: Query) => unknown) => {
    const source = build.toString();
    const known = queries.get(name);
    if (known !== undefined && known !== source)
      throw new Error(`Two different prepared queries are named ${name}: give each its own name`);
    queries.set(name, source);
  };
}
