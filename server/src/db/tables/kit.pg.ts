/**
 * The PostgreSQL builders behind the same kit: times as bigint milliseconds read back as numbers,
 * JSON as jsonb, flags as boolean, numbered ids as serial. The columns keep SQLite's JavaScript
 * types, so the kit wears SQLite's type (kit.sqlite.ts); schema-parity.test.ts checks the twins agree.
 */
import {
  bigint,
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import type { Kit } from './kit.sqlite';

const kit = {
  table: pgTable,
  text,
  int: integer,
  bigint: (name: string) => bigint(name, { mode: 'number' }),
  ms: (name: string) => bigint(name, { mode: 'number' }),
  bool: (name: string) => boolean(name),
  json: (name: string) => jsonb(name),
  real: doublePrecision,
  autoId: (name: string) => serial(name).primaryKey(),
  index,
  uniqueIndex,
  primaryKey,
} satisfies Record<keyof Kit, unknown>;

export const pgKit = kit as unknown as Kit;
