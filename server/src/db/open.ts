import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as schema from './schema.sqlite';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };
export interface OpenDb {
  db: Db;
  sqlite: Database.Database;
  close(): void;
}

const migrationsFolder = resolve(dirname(fileURLToPath(import.meta.url)), '../../migrations/sqlite');

/** Opens (creating if needed) the SQLite file and brings it to the latest migration. */
export function openSqlite(file: string, sync: 'FULL' | 'NORMAL' = 'FULL'): OpenDb {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma(`synchronous = ${sync}`);
  sqlite.pragma('foreign_keys = ON');
  // Another process (a migration, a second server during a restart) may hold the lock briefly.
  sqlite.pragma('busy_timeout = 5000');
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder });
  return { db, sqlite, close: () => sqlite.close() };
}
