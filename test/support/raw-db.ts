/**
 * Plain SQL against the database a test server uses, from outside it, on either engine: for
 * checking what was stored (counts, rows) and for tampering the way an attacker with database
 * access would. Statements use `?` placeholders; they become $1, $2… on PostgreSQL.
 */
import Database from 'better-sqlite3';
import pg from 'pg';
import '../../server/src/db/pg-numbers'; // counts as numbers, as the server reads them
import type { DbTarget } from './test-database';

export interface RawDb {
  all<T = Record<string, unknown>>(sql: string, ...params: unknown[]): Promise<T[]>;
  one<T = Record<string, unknown>>(sql: string, ...params: unknown[]): Promise<T | undefined>;
  /** Rows changed. */
  run(sql: string, ...params: unknown[]): Promise<number>;
  /** Row count of every table of the schema (not the migrations bookkeeping). */
  counts(): Promise<Record<string, number>>;
  close(): Promise<void>;
}

/** Every table's count in one statement: one round trip, not one per table (the REST fuzz takes two per request). */
const countAll = (tables: string[]) => tables.map((t) => `select '${t}' as name, count(*) as n from "${t}"`).join(' union all ');
const countsOf = (rows: { name: string; n: number | string }[]) => Object.fromEntries(rows.map((r) => [r.name, Number(r.n)]));

/** `?` outside quotes → $n. */
function numbered(sql: string): string {
  let n = 0;
  let quote: string | null = null;
  let out = '';
  for (const ch of sql) {
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '?') {
      out += `$${++n}`;
      continue;
    }
    out += ch;
  }
  return out;
}

export async function openRaw(target: DbTarget, opts: { readonly?: boolean } = {}): Promise<RawDb> {
  if (target.kind === 'sqlite') {
    const db = new Database(target.file, { readonly: opts.readonly ?? false });
    db.pragma('busy_timeout = 5000');
    const tables = () =>
      (
        db
          .prepare(
            "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%' order by name",
          )
          .all() as { name: string }[]
      ).map((t) => t.name);
    return {
      all: async <T>(sql: string, ...p: unknown[]) => db.prepare(sql).all(...p) as T[],
      one: async <T>(sql: string, ...p: unknown[]) => db.prepare(sql).get(...p) as T | undefined,
      run: async (sql, ...p) => db.prepare(sql).run(...p).changes,
      counts: async () => countsOf(db.prepare(countAll(tables())).all() as { name: string; n: number }[]),
      close: async () => void db.close(),
    };
  }
  const client = new pg.Client({ connectionString: target.url });
  client.on('error', () => undefined); // a dropped connection fails the next query instead of the process
  await client.connect();
  if (opts.readonly) await client.query('set default_transaction_read_only = on');
  const all = async <T>(sql: string, ...p: unknown[]) => (await client.query(numbered(sql), p)).rows as T[];
  return {
    all,
    one: async <T>(sql: string, ...p: unknown[]) => (await all<T>(sql, ...p))[0],
    run: async (sql, ...p) => (await client.query(numbered(sql), p)).rowCount ?? 0,
    counts: async () => {
      const tables = await all<{ name: string }>("select tablename as name from pg_tables where schemaname = 'public' order by tablename");
      return countsOf(await all<{ name: string; n: number }>(countAll(tables.map((t) => t.name))));
    },
    close: () => client.end(),
  };
}
