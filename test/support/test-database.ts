/**
 * The database a test runs on: a fresh SQLite file, or — when LEEWAY_TEST_DB=postgres (the
 * `integration-pg` project) — a fresh PostgreSQL database on the machine's server, dropped again
 * by `drop()`. Tests never pick the engine themselves, so each one runs on both.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export type Engine = 'sqlite' | 'postgres';
export const engine: Engine = process.env.LEEWAY_TEST_DB === 'postgres' ? 'postgres' : 'sqlite';

/** Where the tests' PostgreSQL databases are made: the machine's server (trust auth). */
export const PG_ADMIN_URL = process.env.LEEWAY_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
/** The machine's Redis, for the tests of several processes. */
export const REDIS_TEST_URL = process.env.LEEWAY_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const PREFIX = 'leeway_t_';

export type DbTarget = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };

export interface TestDatabase {
  target: DbTarget;
  /** The server's environment for it (LEEWAY_DB_FILE always: the demo's generated secrets live beside it). */
  env: Record<string, string>;
  drop(): Promise<void>;
}

let made = 0;

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: PG_ADMIN_URL });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

export function databaseUrl(name: string): string {
  const u = new URL(PG_ADMIN_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

/** A new, empty database of the engine under test (the server migrates it when it opens it). */
export async function newTestDatabase(): Promise<TestDatabase> {
  const file = join(mkdtempSync(join(tmpdir(), 'leeway-it-')), 'leeway.db');
  if (engine === 'sqlite') return { target: { kind: 'sqlite', file }, env: { LEEWAY_DB_FILE: file }, drop: async () => undefined };
  const name = `${PREFIX}${process.pid}_${Date.now().toString(36)}_${made++}`;
  await admin((c) => c.query(`create database ${name}`));
  const url = databaseUrl(name);
  return {
    target: { kind: 'postgres', url },
    env: { LEEWAY_DB_FILE: file, LEEWAY_DATABASE_URL: url },
    drop: () => admin((c) => c.query(`drop database if exists ${name} with (force)`)).then(() => undefined),
  };
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Databases left by test processes that are gone (killed before dropping theirs); others' running tests keep theirs. */
export async function dropLeftoverTestDatabases(): Promise<void> {
  await admin(async (c) => {
    const { rows } = await c.query<{ datname: string }>(`select datname from pg_database where datname like '${PREFIX}%'`);
    for (const { datname } of rows) {
      const pid = Number(datname.slice(PREFIX.length).split('_')[0]);
      if (!alive(pid)) await c.query(`drop database if exists ${datname} with (force)`);
    }
  });
}
