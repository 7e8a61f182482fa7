/**
 * npm run db:move -- --from data/leeway.db --to postgres://user@host:5432/leeway   (defaults: LEEWAY_DB_FILE, LEEWAY_DATABASE_URL)
 * Stop the server first. Copies every table of the SQLite file (only read) into an empty PostgreSQL database in ONE
 * transaction, committed only when row counts, per-table content digests and each tenant's log chain and head agree.
 * Exit 0: moved and verified; 1: a check or the copy failed, nothing kept; 2: refused, nothing done.
 */
import Sqlite from 'better-sqlite3';
import { SingleBar } from 'cli-progress';
import { and, asc, count, eq, getTableColumns, getTableName, is, or, sql, Table, type SQL } from 'drizzle-orm';
import { getTableConfig, type SQLiteTable } from 'drizzle-orm/sqlite-core';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Database } from '../server/src/db/database';
import { DbOpenError, driverMessage, faultCode } from '../server/src/db/errors';
import { openPostgres } from '../server/src/db/open-postgres';
import { redactUrl } from '../server/src/redact-url';
import { openSqlite, type SqliteDatabase } from '../server/src/db/open-sqlite';
import * as schema from '../server/src/db/schema.sqlite';
import { createLogRepository } from '../server/src/repositories/log';

type Row = Record<string, unknown>;
/** Rows per page: a big table never sits in memory whole (and PostgreSQL's 65,535 parameters per insert hold). */
const PAGE_ROWS = 1_000;
const MAX_PARAMS = 30_000;
/** Tables this big get a progress line on stderr. */
const BIG = 10_000;
/** Verifying reads hashes and digests only; the master key would open sealed fields, which it never does. */
const NO_MASTER_KEY = Buffer.alloc(32);

/** Refused before anything was written: exit 2. */
class Refusal extends Error {}
/** The copy does not match the source: rolled back, exit 1. */
class Mismatch extends Error {
  constructor(
    readonly report: Report,
    readonly problems: string[],
  ) {
    super('the copy does not match');
  }
}

interface TableCheck {
  /** The export name (schema.sqlite.ts), and the table's name in SQL. */
  name: string;
  table: string;
  sqliteRows: number;
  postgresRows: number;
  sqliteDigest: string;
  postgresDigest: string;
}
interface ChainCheck {
  slug: string;
  entries: number;
  head: { seq: number; hash: string | null };
  copyHead: { seq: number; hash: string | null } | null;
  /** Why the chain does not verify on the copy, or null. */
  problem: string | null;
}
interface Report {
  tables: TableCheck[];
  chains: ChainCheck[];
  /** Each serial column and the id its next row gets. */
  sequences: { column: string; next: number }[];
}

/* ------------------------------------------------------------------ the schema */

/** A table by its export name: the SQLite schema's, or that database's own (on PostgreSQL, the twin). */
// biome-ignore lint/performance/noDynamicNamespaceImportAccess: the move copies every table by name; a one-off tool, not bundled
const schemaTable = (name: string) => schema[name as keyof typeof schema] as SQLiteTable;
const tableOf = (db: Database, name: string) => db.t[name as keyof Database['t']] as SQLiteTable;

/** Every table of the schema, parents before children: derived from the foreign keys, in export order within a layer. */
function inForeignKeyOrder(schema: Record<string, unknown>): string[] {
  const tables = Object.entries(schema).filter(([, v]) => is(v, Table)) as [string, SQLiteTable][];
  const parents = new Map(
    tables.map(([, t]) => [
      t,
      getTableConfig(t)
        .foreignKeys.map((fk) => fk.reference().foreignTable)
        .filter((p) => p !== t),
    ]),
  );
  const placed = new Set<SQLiteTable>();
  const order: string[] = [];
  while (order.length < tables.length) {
    const ready = tables.filter(([, t]) => !placed.has(t) && parents.get(t)!.every((p) => placed.has(p)));
    if (!ready.length)
      throw new Error(
        `the foreign keys of ${tables
          .filter(([, t]) => !placed.has(t))
          .map(([n]) => n)
          .join(', ')} form a cycle`,
      );
    for (const [name, t] of ready) {
      order.push(name);
      placed.add(t);
    }
  }
  return order;
}

/** The primary key's JavaScript keys, from the SQLite table (the twin has the same: schema-parity.test.ts). */
function primaryKeyOf(name: string): string[] {
  const t = schemaTable(name);
  const config = getTableConfig(t);
  const keyOf = new Map(Object.entries(getTableColumns(t)).map(([key, c]) => [c.name, key]));
  const columns = config.primaryKeys[0]?.columns ?? config.columns.filter((c) => c.primary);
  if (!columns.length) throw new Error(`${config.name} has no primary key: its rows cannot be read in pages`);
  return columns.map((c) => keyOf.get(c.name)!);
}

/* ------------------------------------------------------------------ reading and digesting */

/**
 * The table's rows a page at a time in primary-key order (keyset: each page starts after the last
 * key seen, so the index serves every page), as the drizzle objects of that engine.
 */
async function* pages(db: Database, name: string, size: number): AsyncGenerator<Row[]> {
  const table = tableOf(db, name);
  const columns = getTableColumns(table);
  const key = primaryKeyOf(name);
  const keyColumns = key.map((k) => columns[k]!);
  let after: SQL | undefined;
  for (;;) {
    const page: Row[] = await db.q
      .select()
      .from(table)
      .where(after)
      .orderBy(...keyColumns.map((c) => asc(c)))
      .limit(size);
    if (page.length) yield page;
    if (page.length < size) return;
    const last = page.at(-1)!;
    after = sql`(${sql.join(keyColumns, sql`, `)}) > (${sql.join(
      key.map((k) => sql`${last[k]}`),
      sql`, `,
    )})`;
  }
}

/** A row as text that is the same for the same JavaScript values: object keys sorted (jsonb reorders them). */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) throw new Error(`cannot digest a ${proto?.constructor?.name ?? 'value'}`);
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Row)[k])}`)
      .join(',')}}`;
  }
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  if (v === undefined || typeof v === 'bigint' || typeof v === 'function' || typeof v === 'symbol')
    throw new Error(`cannot digest a ${typeof v}`);
  return JSON.stringify(v);
}

const MOD = 1n << 256n;
/**
 * The sum of the rows' SHA-256 (mod 2^256): the same rows give the same digest whatever order they
 * are read in. Each engine reads in its own primary-key index order, and those differ (PostgreSQL
 * orders text by its collation, SQLite by bytes); sorting PostgreSQL by bytes instead would sort the
 * whole table for every page.
 */
class Digest {
  private sum = 0n;
  rows = 0;
  add(row: Row) {
    this.sum = (this.sum + BigInt(`0x${createHash('sha256').update(canonical(row)).digest('hex')}`)) % MOD;
    this.rows++;
  }
  hex() {
    return this.sum.toString(16).padStart(64, '0');
  }
}

/* ------------------------------------------------------------------ progress (stderr) */

function progress(label: string, total: number): { tick(n: number): void; done(): void } {
  if (total < BIG) return { tick: () => undefined, done: () => undefined };
  if (!process.stderr.isTTY) {
    console.error(`${label}: ${total.toLocaleString('en-US')} rows…`);
    return { tick: () => undefined, done: () => undefined };
  }
  const bar = new SingleBar({
    format: `${label.padEnd(34)} {bar} {value}/{total}`,
    hideCursor: true,
    clearOnComplete: true,
    stream: process.stderr,
  });
  bar.start(total, 0);
  return { tick: (n) => bar.increment(n), done: () => bar.stop() };
}

/* ------------------------------------------------------------------ the move */

/** Runs inside the SQLite transaction (the file's write lock: nobody writes while it is read) and the PostgreSQL one. */
async function move(src: SqliteDatabase, dst: Database, order: string[]): Promise<Report> {
  // The first of these answers "already holds data" in the words the operator expects.
  for (const name of ['tenants', ...order.filter((n) => n !== 'tenants')]) {
    const [row] = await dst.q.select({ one: sql`1` }).from(tableOf(dst, name)).limit(1);
    if (row)
      throw new Refusal(
        `Refused: ${dst.where} already holds data (rows in ${getTableName(tableOf(dst, name))}); the move fills only an empty database. Nothing was changed.`,
      );
  }
  const tenantRows = await src.q
    .select({ id: src.t.tenants.id, slug: src.t.tenants.slug, seq: src.t.tenants.logHeadSeq, hash: src.t.tenants.logHeadHash })
    .from(src.t.tenants)
    .orderBy(asc(src.t.tenants.slug));
  if (!tenantRows.length)
    throw new Refusal(`Refused: ${src.where} holds no tenants: nothing to move (is it the right file?). Nothing was changed.`);
  // Doubles read back exactly on PostgreSQL before 12 too (12+ prints the shortest exact form anyway).
  await dst.rows(sql`set local extra_float_digits = 3`);

  const tables: TableCheck[] = [];
  for (const name of order) {
    const from = tableOf(src, name);
    const [{ n: total }] = (await src.q.select({ n: count() }).from(from)) as [{ n: number }];
    const size = Math.max(1, Math.min(PAGE_ROWS, Math.floor(MAX_PARAMS / Object.keys(getTableColumns(from)).length)));
    const digest = new Digest();
    const table = getTableName(from);
    const shown = progress(`copying ${table}`, total);
    try {
      for await (const page of pages(src, name, size)) {
        await dst.q.insert(tableOf(dst, name)).values(page as never);
        for (const row of page) digest.add(row);
        shown.tick(page.length);
      }
    } catch (e) {
      throw new Error(`copying ${table}: ${driverMessage(e)}`, { cause: e });
    } finally {
      shown.done();
    }
    if (digest.rows !== total)
      throw new Error(`${table}: counted ${total} rows but read ${digest.rows}: is another process writing to the file?`);
    tables.push({ name, table, sqliteRows: total, postgresRows: 0, sqliteDigest: digest.hex(), postgresDigest: '' });
  }

  // Read back through the same transaction: what a commit would keep.
  for (const check of tables) {
    const to = tableOf(dst, check.name);
    const [{ n }] = (await dst.q.select({ n: count() }).from(to)) as [{ n: number }];
    const digest = new Digest();
    const shown = progress(`checking ${check.table}`, n);
    for await (const page of pages(dst, check.name, PAGE_ROWS)) {
      for (const row of page) digest.add(row);
      shown.tick(page.length);
    }
    shown.done();
    check.postgresRows = n;
    check.postgresDigest = digest.rows === n ? digest.hex() : `(${digest.rows} of ${n} rows read in key order)`;
  }

  // Each tenant's chain on the copy (the repository reads through dst.q: this transaction), and its head.
  const copyLog = createLogRepository(dst, NO_MASTER_KEY);
  const sourceLog = createLogRepository(src, NO_MASTER_KEY);
  const chains: ChainCheck[] = [];
  for (const t of tenantRows) {
    const report = await copyLog.verify(t.id);
    const [copyHead] = await dst.q
      .select({ seq: dst.t.tenants.logHeadSeq, hash: dst.t.tenants.logHeadHash })
      .from(dst.t.tenants)
      .where(eq(dst.t.tenants.id, t.id));
    let problem = report.ok ? null : report.problem!.message;
    if (problem) {
      // Tell a copy fault from a source that was already broken.
      const source = await sourceLog.verify(t.id);
      problem += source.ok
        ? ' (the SQLite file verifies: the copy differs)'
        : ` (on the SQLite file too: ${source.problem!.message}; restore it from a backup)`;
    }
    chains.push({ slug: t.slug, entries: report.entries, head: { seq: t.seq, hash: t.hash }, copyHead: copyHead ?? null, problem });
  }

  const report: Report = { tables, chains, sequences: [] };
  const problems = await findProblems(src, dst, report);
  if (problems.length) throw new Mismatch(report, problems);
  // Last, once everything matched: setval is not undone by a rollback.
  report.sequences = await resetSequences(dst, order);
  return report;
}

async function findProblems(src: SqliteDatabase, dst: Database, report: Report): Promise<string[]> {
  const problems: string[] = [];
  const short = (digest: string) => (/^[0-9a-f]{64}$/.test(digest) ? digest.slice(0, 12) : digest);
  for (const t of report.tables) {
    if (t.sqliteRows !== t.postgresRows) problems.push(`${t.table}: ${t.sqliteRows} rows in SQLite, ${t.postgresRows} in PostgreSQL`);
    if (t.sqliteDigest !== t.postgresDigest) {
      problems.push(`${t.table}: content differs (digest ${short(t.sqliteDigest)} in SQLite, ${short(t.postgresDigest)} in PostgreSQL)`);
      problems.push(...(await rowDifferences(src, dst, t.name)).map((d) => `  ${d}`));
    }
  }
  for (const c of report.chains) {
    if (c.problem) problems.push(`resolution log of ${c.slug}: does not verify on the copy: ${c.problem}`);
    if (c.copyHead?.seq !== c.head.seq || c.copyHead?.hash !== c.head.hash) {
      problems.push(
        `resolution log of ${c.slug}: head ${c.head.seq} ${c.head.hash ?? '-'} in SQLite, ${c.copyHead ? `${c.copyHead.seq} ${c.copyHead.hash ?? '-'}` : 'no tenant'} in PostgreSQL`,
      );
    }
  }
  return problems;
}

/** The first few rows whose copy differs, by primary key and column: only run when a digest did not match. */
async function rowDifferences(src: SqliteDatabase, dst: Database, name: string, max = 3): Promise<string[]> {
  const key = primaryKeyOf(name);
  const to = tableOf(dst, name);
  const table = getTableName(to);
  const toColumns = getTableColumns(to);
  const idOf = (r: Row) => canonical(key.map((k) => r[k]));
  const clip = (s: string) => (s.length > 60 ? `${s.slice(0, 57)}…` : s);
  const found: string[] = [];
  for await (const page of pages(src, name, 200)) {
    const copies = await dst.q
      .select()
      .from(to)
      .where(or(...page.map((r) => and(...key.map((k) => eq(toColumns[k]!, r[k]))))));
    const byId = new Map((copies as Row[]).map((r) => [idOf(r), r]));
    for (const row of page) {
      const where = key.map((k) => `${k}=${String(row[k])}`).join(' ');
      const copy = byId.get(idOf(row));
      const columns = copy ? Object.keys(row).filter((k) => canonical(row[k]) !== canonical(copy[k])) : [];
      if (!copy) found.push(`${table} ${where}: missing from the copy`);
      else if (columns.length)
        found.push(`${table} ${where}: ${columns.map((c) => `${c} ${clip(canonical(row[c]))} ≠ ${clip(canonical(copy[c]))}`).join('; ')}`);
      if (found.length >= max) return found;
    }
  }
  return found.length ? found : [`${table}: every SQLite row has an equal copy: PostgreSQL holds rows SQLite does not`];
}

/** New rows must get fresh ids: every serial sequence continues after the largest id copied. */
async function resetSequences(dst: Database, order: string[]): Promise<Report['sequences']> {
  const done: Report['sequences'] = [];
  for (const name of order) {
    const t = tableOf(dst, name);
    for (const c of Object.values(getTableColumns(t))) {
      if (!/^Pg(Small|Big)?Serial/.test(c.columnType)) continue;
      const [r] = await dst.rows<{ next: number }>(
        sql`select setval(pg_get_serial_sequence(${getTableName(t)}, ${c.name}), coalesce(max(${c}), 0) + 1, false) as next from ${t}`,
      );
      done.push({ column: `${getTableName(t)}.${c.name}`, next: r!.next });
    }
  }
  return done;
}

/* ------------------------------------------------------------------ output */

const n = (x: number) => x.toLocaleString('en-US');

function printTables(report: Report) {
  console.log(`  ${'table'.padEnd(24)} ${'rows'.padStart(9)}  digest`);
  for (const t of report.tables) {
    const ok = t.sqliteRows === t.postgresRows && t.sqliteDigest === t.postgresDigest;
    console.log(`  ${t.table.padEnd(24)} ${n(t.sqliteRows).padStart(9)}  ${ok ? 'ok' : 'DIFFERS'}`);
  }
  console.log(`  ${report.tables.length} tables, ${n(report.tables.reduce((s, t) => s + t.sqliteRows, 0))} rows`);
  console.log('\n  Resolution log chains, verified on the PostgreSQL copy:');
  for (const c of report.chains) {
    const same = c.copyHead?.seq === c.head.seq && c.copyHead?.hash === c.head.hash;
    const head = `head ${c.head.seq}${c.head.hash ? ` ${c.head.hash.replace(/^v2:/, '').slice(0, 12)}…` : ''}`;
    console.log(
      `  ${c.slug.padEnd(16)} ${`${n(c.entries)} ${c.entries === 1 ? 'entry' : 'entries'}`.padStart(14)}  ${head.padEnd(22)} ${c.problem ? 'BROKEN' : 'ok'}${same ? ', same head as SQLite' : ', head DIFFERS from SQLite'}`,
    );
  }
}

/* ------------------------------------------------------------------ the command */

/** How many migrations the file records, read before openSqlite may apply more (null: not readable as SQLite). */
function migrationsApplied(file: string): number | null {
  try {
    const db = new Sqlite(file, { readonly: true, fileMustExist: true });
    try {
      const known = db.prepare("select 1 from sqlite_master where type = 'table' and name = '__drizzle_migrations'").get();
      return known ? (db.prepare('select count(*) as n from __drizzle_migrations').get() as { n: number }).n : 0;
    } finally {
      db.close();
    }
  } catch {
    return null;
  }
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { from: { type: 'string' }, to: { type: 'string' } } });
  const from = values.from ?? process.env.LEEWAY_DB_FILE ?? 'data/leeway.db';
  const to = values.to ?? process.env.LEEWAY_DATABASE_URL;
  if (!to || !/^postgres(ql)?:\/\/\S+$/.test(to)) {
    console.error(
      'Usage: npm run db:move -- --from data/leeway.db --to postgres://user@host:5432/leeway (or set LEEWAY_DB_FILE and LEEWAY_DATABASE_URL)',
    );
    return 2;
  }
  // openSqlite would create a missing file: a mistyped path must not become an empty "source".
  if (from === ':memory:' || !existsSync(from)) {
    console.error(`Refused: there is no SQLite file at ${from}. Nothing was changed.`);
    return 2;
  }

  const before = migrationsApplied(from);
  let src: SqliteDatabase;
  try {
    src = openSqlite(from);
  } catch (e) {
    console.error(e instanceof DbOpenError ? e.message : `Cannot open the SQLite file ${from}: ${(e as Error).message}`);
    return 2;
  }
  const after = (src.sqlite.prepare('select count(*) as n from __drizzle_migrations').get() as { n: number }).n;
  let dst: Database;
  try {
    dst = await openPostgres(to, { poolSize: 2 });
  } catch (e) {
    await src.close();
    console.error(e instanceof DbOpenError ? e.message : `Cannot open ${redactUrl(to)}: ${(e as Error).message}`);
    return 2;
  }

  const order = inForeignKeyOrder(schema);
  const header = () => {
    console.log(`Moving ${from} → ${dst.where}`);
    console.log(
      `  SQLite file: ${before === after ? 'already at the latest schema (opening it applied no migration); only read' : `opening it applied ${after - (before ?? 0)} migration(s) to reach the latest schema; its data only read`}`,
    );
    console.log('  PostgreSQL: migrated, was empty\n');
  };
  try {
    // The file's write lock for the whole move: a server still running cannot write rows the copy would miss.
    const report = await src.tx(() => dst.tx(() => move(src, dst, order), { lock: 'leeway:move-to-postgres' }));
    header();
    printTables(report);
    const moved = report.sequences.filter((q) => q.next > 1);
    const rest = report.sequences.length - moved.length;
    console.log(
      `\n  Serial ids continue after the copied ones: ${[...moved.map((q) => `${q.column} from ${n(q.next)}`), ...(rest ? [`${rest} ${moved.length ? 'more ' : ''}from 1`] : [])].join(', ')}`,
    );
    console.log(`\nCommitted: the copy is complete and verified.\nNext:`);
    console.log(`  1. Set LEEWAY_DATABASE_URL to this database's URL (${dst.where}) and restart the server.`);
    console.log(`  2. Keep ${from} as it is, as the backup: the server no longer writes to it.`);
    const secrets = ['master-key', 'jwt-secret', 'log-signing-key'].filter((s) => existsSync(`${from}.${s}`));
    if (secrets.length) {
      console.log(
        `  3. Keep LEEWAY_DB_FILE=${from} too: the generated secrets beside it (${secrets.map((s) => `${from}.${s}`).join(', ')})`,
      );
      console.log(
        '     still seal the log, sign sessions and sign checkpoints (or set LEEWAY_MASTER_KEY / LEEWAY_JWT_SECRET / LEEWAY_LOG_SIGNING_KEY to their contents).',
      );
    }
    return 0;
  } catch (e) {
    if (e instanceof Refusal) {
      console.error(e.message);
      return 2;
    }
    if (faultCode(e)?.startsWith('SQLITE_BUSY')) {
      console.error(`Refused: another process is writing to ${from}: stop the server first. Nothing was changed.`);
      return 2;
    }
    if (e instanceof Mismatch) {
      header();
      printTables(e.report);
      console.log('\nThe copy does not match the SQLite file:');
      for (const p of e.problems) console.log(`  ${p}`);
      console.log(`\nRolled back: nothing was kept in ${dst.where}. ${from} was not changed.`);
      return 1;
    }
    console.error(
      `The move failed: ${driverMessage(e)}${faultCode(e) ? ` (${faultCode(e)})` : ''}\nRolled back: nothing was kept in ${dst.where}. ${from} was not changed.`,
    );
    return 1;
  } finally {
    await src.close();
    await dst.close();
  }
}

process.exit(await main());
