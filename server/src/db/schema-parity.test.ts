/**
 * The repositories build each query once against the SQLite tables and run it on PostgreSQL
 * with the twin tables: that holds only while both schemas have the same tables, columns,
 * JavaScript types, nullability, keys and indexes. Both are built from tables/ with each engine's
 * kit (tables/kit.*.ts), and the PostgreSQL kit wears SQLite's type: a kit builder that gives a
 * column another JavaScript type on one engine is caught here, not by the compiler.
 */
import { getTableColumns, getTableName, is, Table } from 'drizzle-orm';
import { getTableConfig as pgConfig, type PgTable } from 'drizzle-orm/pg-core';
import { getTableConfig as sqliteConfig, type SQLiteTable } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import * as pg from './schema.pg';
import * as sqlite from './schema.sqlite';

const tables = (schema: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(schema).filter(([, v]) => is(v, Table)) as [string, Table][]);

function shape(table: Table, config: ReturnType<typeof pgConfig> | ReturnType<typeof sqliteConfig>) {
  const columns = Object.fromEntries(
    Object.entries(getTableColumns(table)).map(([key, c]) => [
      key,
      { name: c.name, js: c.dataType, notNull: c.notNull, hasDefault: c.hasDefault, primary: c.primary, enum: c.enumValues ?? null },
    ]),
  );
  return {
    name: getTableName(table),
    columns,
    primaryKeys: config.primaryKeys.map((pk) => pk.columns.map((c) => c.name)),
    indexes: config.indexes
      .map((i) => ({ name: i.config.name, unique: !!i.config.unique, on: i.config.columns.map((c) => ('name' in c ? c.name : '?')) }))
      .sort((a, b) => String(a.name).localeCompare(String(b.name))),
    foreignKeys: config.foreignKeys
      .map(
        (f) =>
          f
            .reference()
            .columns.map((c) => c.name)
            .join(',') +
          '→' +
          getTableName(f.reference().foreignTable),
      )
      .sort(),
  };
}

describe('the SQLite and PostgreSQL schemas', () => {
  const lite = tables(sqlite);
  const post = tables(pg);

  it('have the same tables under the same export names', () => {
    expect(Object.keys(post).sort()).toEqual(Object.keys(lite).sort());
  });

  it.each(Object.keys(tables(sqlite)))('%s: same columns, JavaScript types, keys and indexes', (name) => {
    const a = shape(lite[name]!, sqliteConfig(lite[name] as SQLiteTable));
    const b = shape(post[name]!, pgConfig(post[name] as PgTable));
    expect(b).toEqual(a);
  });
});
