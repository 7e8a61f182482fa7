import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { accessSync, constants, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openError } from './errors';
import * as schema from './schema.sqlite';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };
export interface OpenDb {
  db: Db;
  sqlite: Database.Database;
  close(): void;
}

const migrationsFolder = resolve(dirname(fileURLToPath(import.meta.url)), '../../migrations/sqlite');

/**
 * Opens (creating if needed) the SQLite file and brings it to the latest migration.
 * A directory that is missing and cannot be made, read-only or full throws a DbOpenError
 * whose message names the file and the cause in one line.
 */
export function openSqlite(file: string, sync: 'FULL' | 'NORMAL' = 'FULL'): OpenDb {
  let sqlite: Database.Database | undefined;
  try {
    if (file !== ':memory:') {
      mkdirSync(dirname(file), { recursive: true });
      // WAL mode creates files beside the database: a read-only directory is named as such, not as SQLite's "cannot open".
      accessSync(dirname(file), constants.W_OK);
    }
    sqlite = new Database(file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma(`synchronous = ${sync}`);
    sqlite.pragma('foreign_keys = ON');
    // Another process (a migration, a second server during a restart) may hold the lock briefly.
    sqlite.pragma('busy_timeout = 5000');
    const db = drizzle(sqlite, { schema });
    migrate(db, { migrationsFolder });
    const opened = sqlite;
    return { db, sqlite, close: () => opened.close() };
  } catch (error) {
    sqlite?.close();
    throw openError(file, error);
  }
}
