/**
 * The database a test runs on: a fresh SQLite file, or — when LEEWAY_TEST_DB=postgres (the
 * `integration-pg` project) — a fresh PostgreSQL database on the machine's server, dropped again
 * by `drop()`. Tests never pick the engine themselves, so each one runs on both.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
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

/**
 * The test databases' directories (the SQLite file, or the secrets beside a PostgreSQL one), named
 * with the process that made them. Tests may read a file after its server stopped, so they stay
 * while it runs; a run's global teardown removes those whose process is gone
 * (removeLeftoverTestDirs), and a process that exits normally (a bench) removes its own. A day of
 * runs left some 300 of them (230 MB) behind.
 */
const TEMP_PREFIX = 'leeway-it-';
const tempDirs: string[] = [];
function tempDir(): string {
  if (!tempDirs.length) process.once('exit', () => tempDirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  const dir = mkdtempSync(join(tmpdir(), `${TEMP_PREFIX}${process.pid}-`));
  tempDirs.push(dir);
  return dir;
}

/** Removes the test databases' directories whose process has ended (a run's, or a killed run's). */
export function removeLeftoverTestDirs(): void {
  for (const name of readdirSync(tmpdir())) {
    const pid = new RegExp(`^${TEMP_PREFIX}(\\d+)-`).exec(name)?.[1];
    if (pid && !alive(Number(pid))) rmSync(join(tmpdir(), name), { recursive: true, force: true });
  }
}

/**
 * A new database of the engine under test: empty (the server migrates it when it opens it), or
 * with `migrated` on PostgreSQL a copy of one already brought to the latest migration by the
 * server's own migrator (migratedTemplate): the server opening it finds nothing to do. Migrating
 * every test server's database from scratch was ~1.5 s each, some 200 times a run. SQLite files
 * are always made fresh (the server's creation of the file is itself tested).
 */
export async function newTestDatabase(opts: { migrated?: boolean } = {}): Promise<TestDatabase> {
  const file = join(tempDir(), 'leeway.db');
  if (engine === 'sqlite') return { target: { kind: 'sqlite', file }, env: { LEEWAY_DB_FILE: file }, drop: async () => undefined };
  const name = `${PREFIX}${process.pid}_${Date.now().toString(36)}_${made++}`;
  if (opts.migrated) await createFromTemplate(name);
  else await admin((c) => c.query(`create database ${name}`));
  const url = databaseUrl(name);
  return {
    target: { kind: 'postgres', url },
    env: { LEEWAY_DB_FILE: file, LEEWAY_DATABASE_URL: url },
    drop: () => admin((c) => c.query(`drop database if exists ${name} with (force)`)).then(() => undefined),
  };
}

const PG_MIGRATIONS = resolve(import.meta.dirname, '../../server/migrations/pg');
/** Not under PREFIX (whose `_` are LIKE wildcards too): dropLeftoverTestDatabases leaves templates alone. */
const TEMPLATE_PREFIX = 'leewaytpl_';
/** Any constant: processes building the template at once build it once. */
const TEMPLATE_LOCK = 7_342_002;

/** The migrations' contents, so a template is never reused after a migration is added or changed. */
function migrationsDigest(): string {
  const h = createHash('sha256');
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      h.update(`${e.name}\0`);
      if (e.isDirectory()) walk(join(dir, e.name));
      else h.update(readFileSync(join(dir, e.name)));
    }
  };
  walk(PG_MIGRATIONS);
  return h.digest('hex').slice(0, 16);
}

/** Tries again while a just-closed connection's backend is still leaving the database. */
async function whileInUse<T>(fn: () => Promise<T>): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await fn();
    } catch (e) {
      if ((e as { code?: string }).code !== '55006' || i >= 100) throw e;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

let template: Promise<string> | undefined;
/** The migrated template for the current migrations, built once (by whichever process comes first). */
function migratedTemplate(): Promise<string> {
  template ??= (async () => {
    const name = `${TEMPLATE_PREFIX}${migrationsDigest()}`;
    await admin(async (c) => {
      await c.query('select pg_advisory_lock($1)', [TEMPLATE_LOCK]);
      try {
        if ((await c.query('select 1 from pg_database where datname = $1', [name])).rowCount) return;
        const building = `${name}_b${process.pid}`;
        await c.query(`drop database if exists ${building} with (force)`);
        await c.query(`create database ${building}`);
        const m = new pg.Client({ connectionString: databaseUrl(building) });
        await m.connect();
        try {
          await migrate(drizzle(m), { migrationsFolder: PG_MIGRATIONS });
        } finally {
          await m.end();
        }
        await whileInUse(() => c.query(`alter database ${building} rename to ${name}`));
      } finally {
        await c.query('select pg_advisory_unlock($1)', [TEMPLATE_LOCK]).catch(() => undefined);
      }
    });
    return name;
  })().catch((e) => {
    template = undefined;
    throw e;
  });
  return template;
}

async function createFromTemplate(name: string): Promise<void> {
  const from = await migratedTemplate();
  try {
    await whileInUse(() => admin((c) => c.query(`create database ${name} template ${from}`)));
  } catch (e) {
    // Dropped meanwhile (another run's setup, after the migrations changed): built again.
    if ((e as { code?: string }).code !== '3D000') throw e;
    template = undefined;
    const rebuilt = await migratedTemplate();
    await admin((c) => c.query(`create database ${name} template ${rebuilt}`));
  }
}

/** Templates of other migrations than the current ones (not in use: a run on them would be copying). */
export async function dropStaleTemplates(): Promise<void> {
  const current = `${TEMPLATE_PREFIX}${migrationsDigest()}`;
  await admin(async (c) => {
    const { rows } = await c.query<{ datname: string }>(`select datname from pg_database where starts_with(datname, $1)`, [
      TEMPLATE_PREFIX,
    ]);
    for (const { datname } of rows) if (datname !== current) await c.query(`drop database if exists ${datname}`).catch(() => undefined);
  });
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
