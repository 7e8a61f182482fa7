/**
 * Row counts of every table, for "a refused request wrote nothing": taken before and after,
 * compared table by table. Tables are read from the catalogue, so new ones are covered too.
 */
import type { RawDb } from './raw-db';

export type RowCounts = Record<string, number>;

export function rowCounts(db: RawDb): Promise<RowCounts> {
  return db.counts();
}

/**
 * Written by the server's own timer, never by a request: the checkpoint sweep signs the log's head
 * every second once earlier tests appended to it, so it may land between any before and after.
 */
const TIMER_WRITES = ['log_checkpoints'];

/** Tables whose count changed, as "table: before → after"; `allowed` tables (and the timer's) are left out. */
export function changedTables(before: RowCounts, after: RowCounts, allowed: readonly string[] = []): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names]
    .filter((n) => !allowed.includes(n) && !TIMER_WRITES.includes(n) && before[n] !== after[n])
    .map((n) => `${n}: ${before[n] ?? 'missing'} → ${after[n] ?? 'missing'}`);
}

/**
 * The engine's own check of the stored data: "ok", or what is broken. SQLite checks the file;
 * PostgreSQL checks every B-tree index against its table (amcheck's bt_index_check).
 */
export async function integrityCheck(db: RawDb, engine: 'sqlite' | 'postgres'): Promise<string> {
  if (engine === 'sqlite')
    return (await db.all<{ integrity_check: string }>('pragma integrity_check')).map((r) => r.integrity_check).join('; ');
  await db.run('create extension if not exists amcheck');
  const indexes = await db.all<{ name: string }>(
    "select indexrelid::regclass::text as name from pg_index i join pg_class c on c.oid = i.indexrelid join pg_am a on a.oid = c.relam where a.amname = 'btree' and c.relnamespace = 'public'::regnamespace",
  );
  const problems: string[] = [];
  for (const { name } of indexes)
    await db.run(`select bt_index_check('${name}'::regclass, true)`).catch((e: Error) => problems.push(`${name}: ${e.message}`));
  return problems.length ? problems.join('; ') : 'ok';
}
