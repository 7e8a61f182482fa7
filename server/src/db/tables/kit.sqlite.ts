/**
 * The builders the tables are written against (tables/*.ts), as SQLite builds them: times are
 * integer milliseconds since the epoch (UTC), money integer cents, JSON kept as text, flags as 0/1.
 * The kit's type is SQLite's because the repositories see every table through SQLite's types,
 * whichever engine runs (database.ts); kit.pg.ts builds the same columns for PostgreSQL.
 */
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

export const sqliteKit = {
  table: sqliteTable,
  text,
  int: integer,
  /** A whole number that may outgrow 32 bits (a customer's lifetime value), read as a number. */
  bigint: <N extends string>(name: N) => integer(name),
  /** A time: milliseconds since the epoch (UTC). */
  ms: (name: string) => integer(name, { mode: 'number' }),
  bool: <N extends string>(name: N) => integer(name, { mode: 'boolean' }),
  json: <N extends string>(name: N) => text(name, { mode: 'json' }),
  /** A floating-point number (64-bit on both engines). */
  real,
  /** An id the database numbers: the primary key of append-only rows. */
  autoId: <N extends string>(name: N) => integer(name).primaryKey({ autoIncrement: true }),
  index,
  uniqueIndex,
  primaryKey,
};

export type Kit = typeof sqliteKit;
