/**
 * A test database as a deployment left it before a migration: every migration up to `tag`, not
 * it nor any after, on the engine under test. The server migrates it the rest of the way when it
 * opens it, as an upgrade does.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle as drizzleSqlite } from 'drizzle-orm/better-sqlite3';
import { migrate as migrateSqlite } from 'drizzle-orm/better-sqlite3/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { startTestApp, type TestApp } from './app';
import { openRaw, type RawDb } from './raw-db';
import { type DbTarget, newTestDatabase, type TestDatabase } from './test-database';

/** The engine's migrations folder as it was before `tag`: the same files, the journal cut there. */
function migrationsBefore(kind: 'sqlite' | 'pg', tag: string): string {
  const from = resolve(import.meta.dirname, `../../server/migrations/${kind}`);
  const to = mkdtempSync(join(tmpdir(), `leeway-mig-${kind}-`));
  mkdirSync(join(to, 'meta'));
  const journal = JSON.parse(readFileSync(join(from, 'meta/_journal.json'), 'utf8')) as { entries: { tag: string; idx: number }[] };
  const cut = journal.entries.findIndex((e) => e.tag === tag);
  if (cut < 0) throw new Error(`no ${tag} in the journal`);
  journal.entries = journal.entries.slice(0, cut);
  writeFileSync(join(to, 'meta/_journal.json'), JSON.stringify(journal));
  for (const e of journal.entries) copyFileSync(join(from, `${e.tag}.sql`), join(to, `${e.tag}.sql`));
  return to;
}

export async function migrateBefore(target: DbTarget, tag: string): Promise<void> {
  if (target.kind === 'sqlite') {
    const sqlite = new Database(target.file);
    try {
      migrateSqlite(drizzleSqlite(sqlite), { migrationsFolder: migrationsBefore('sqlite', tag) });
    } finally {
      sqlite.close();
    }
    return;
  }
  const client = new pg.Client({ connectionString: target.url });
  await client.connect();
  try {
    await migratePg(drizzlePg(client), { migrationsFolder: migrationsBefore('pg', tag) });
  } finally {
    await client.end();
  }
}

/**
 * A server on a database upgraded from before `tag`, for a test file: the database is migrated up
 * to `tag`, given what a deployment held then (`seed`), and opened by the server, which migrates
 * it the rest of the way. Dropped after the file's tests.
 */
export function upgradedFrom(tag: string, seed: (raw: RawDb) => Promise<void>): () => TestApp {
  let db: TestDatabase | undefined;
  let t: TestApp | undefined;
  beforeAll(async () => {
    db = await newTestDatabase();
    await migrateBefore(db.target, tag);
    const raw = await openRaw(db.target);
    try {
      await seed(raw);
    } finally {
      await raw.close();
    }
    t = await startTestApp(db.env);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });
  return () => t!;
}
