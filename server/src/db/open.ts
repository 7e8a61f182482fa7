import type { Database } from './database';
import { openPostgres } from './open-postgres';
import { openSqlite } from './open-sqlite';

export type DatabaseConfig =
  | { kind: 'sqlite'; file: string; sync: 'FULL' | 'NORMAL' }
  | { kind: 'postgres'; url: string; poolSize: number };

/** The configured database, migrated and ready: the SQLite file by default, PostgreSQL when a URL is set. */
export async function openDatabase(config: DatabaseConfig): Promise<Database> {
  return config.kind === 'postgres' ? openPostgres(config.url, { poolSize: config.poolSize }) : openSqlite(config.file, config.sync);
}
