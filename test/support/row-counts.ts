/**
 * Row counts of every table, for "a refused request wrote nothing": taken before and after,
 * compared table by table. Tables are read from sqlite_master, so new ones are covered too.
 */
import type Database from 'better-sqlite3';

export type RowCounts = Record<string, number>;

export function rowCounts(sqlite: Database.Database): RowCounts {
  const tables = (sqlite.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name").all() as { name: string }[]).map((t) => t.name);
  const sql = tables.map((t) => `select '${t.replace(/'/g, "''")}' as name, count(*) as n from "${t.replace(/"/g, '""')}"`).join(' union all ');
  return Object.fromEntries((sqlite.prepare(sql).all() as { name: string; n: number }[]).map((r) => [r.name, r.n]));
}

/** Tables whose count changed, as "table: before → after"; `allowed` tables are left out. */
export function changedTables(before: RowCounts, after: RowCounts, allowed: readonly string[] = []): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names].filter((n) => !allowed.includes(n) && before[n] !== after[n]).map((n) => `${n}: ${before[n] ?? 'missing'} → ${after[n] ?? 'missing'}`);
}

/** SQLite's own check of the file: "ok", or what is broken. */
export function integrityCheck(sqlite: Database.Database): string {
  return (sqlite.prepare('pragma integrity_check').all() as { integrity_check: string }[]).map((r) => r.integrity_check).join('; ');
}
