/**
 * Migration 0010 (helpdesk instances) on a database written before it, on the engine under test:
 * legacy rows survive unchanged and unscoped (a scoped lookup never matches them), and pinning
 * the tenant's hosts scopes them by the one rule (shared/helpdesk-instance.ts legacyInstanceFor).
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
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';
import { openRaw } from '../support/raw-db';
import { engine, newTestDatabase, type TestDatabase } from '../support/test-database';

const BEFORE = '0010_helpdesk_instances';

/** The engine's migrations folder as it was before 0010: the same files, the journal cut there. */
function migrationsBefore(kind: 'sqlite' | 'pg'): string {
  const from = resolve(import.meta.dirname, `../../server/migrations/${kind}`);
  const to = mkdtempSync(join(tmpdir(), `leeway-mig-${kind}-`));
  mkdirSync(join(to, 'meta'));
  const journal = JSON.parse(readFileSync(join(from, 'meta/_journal.json'), 'utf8')) as { entries: { tag: string; idx: number }[] };
  const cut = journal.entries.findIndex((e) => e.tag === BEFORE);
  if (cut < 0) throw new Error(`no ${BEFORE} in the journal`);
  journal.entries = journal.entries.slice(0, cut);
  writeFileSync(join(to, 'meta/_journal.json'), JSON.stringify(journal));
  for (const e of journal.entries) copyFileSync(join(from, `${e.tag}.sql`), join(to, `${e.tag}.sql`));
  return to;
}

let db: TestDatabase;
let t: TestApp;
const T = 'legacy-tenant';
const U = 'legacy-agent';
const C = 'legacy-customer';
const now = Date.now();

beforeAll(async () => {
  db = await newTestDatabase();
  if (db.target.kind === 'sqlite') {
    const sqlite = new Database(db.target.file);
    migrateSqlite(drizzleSqlite(sqlite), { migrationsFolder: migrationsBefore('sqlite') });
    sqlite.close();
  } else {
    const client = new pg.Client({ connectionString: db.target.url });
    await client.connect();
    await migratePg(drizzlePg(client), { migrationsFolder: migrationsBefore('pg') });
    await client.end();
  }
  // What a deployment held before instances: a helpdesk identity, an interaction, a sentiment score.
  const raw = await openRaw(db.target);
  await raw.run('insert into tenants (id, slug, name, created_at) values (?, ?, ?, ?)', T, 'legacy', 'Legacy', now);
  await raw.run(
    "insert into users (id, tenant_id, email, name, role, password_hash, created_at) values (?, ?, ?, ?, 'agent', 'x', ?)",
    U,
    T,
    'agent@legacy.test',
    'Lee Legacy',
    now,
  );
  await raw.run(
    "insert into customers (id, tenant_id, name, tier, customer_since, created_at) values (?, ?, ?, 'gold', 0, ?)",
    C,
    T,
    'Lena Legacy',
    now,
  );
  await raw.run("insert into identities (tenant_id, kind, value, customer_id) values (?, 'helpdesk', 'zendesk:9001', ?)", T, C);
  await raw.run("insert into identities (tenant_id, kind, value, customer_id) values (?, 'helpdesk', 'freescout:12', ?)", T, C);
  await raw.run(
    "insert into interactions (id, tenant_id, user_id, customer_id, helpdesk, ticket_id, opened_at) values ('legacy-i', ?, ?, ?, 'zendesk', '101', ?)",
    T,
    U,
    C,
    now,
  );
  await raw.run(
    "insert into conversation_scores (tenant_id, customer_id, ticket_ref, message_hash, at, score) values (?, ?, 'zendesk:101', 'm1', ?, 0.5)",
    T,
    C,
    now,
  );
  await raw.close();
  // The server opens it and migrates to the latest.
  t = await startTestApp(db.env);
}, 60_000);
afterAll(async () => {
  await t?.close();
  await db?.drop();
});

const resolve9001 = (instance: string) =>
  t.app.repos.customers.resolveRequester(T, { helpdesk: 'zendesk', instance }, { helpdeskId: '9001' });

describe(`migration 0010 on ${engine}`, () => {
  it('keeps legacy rows as they were: unscoped, interactions without an instance', async () => {
    const raw = await t.raw();
    expect(await raw.all('select value from identities where tenant_id = ? order by value', T)).toEqual([
      { value: 'freescout:12' },
      { value: 'zendesk:9001' },
    ]);
    expect(await raw.one('select instance, ticket_id as "ticketId" from interactions where id = \'legacy-i\'')).toEqual({
      instance: null,
      ticketId: '101',
    });
    expect(await raw.one('select count(*) as n from helpdesk_hosts where tenant_id = ?', T)).toEqual({ n: 0 });
  });

  it('a legacy requester id matches no scoped lookup', async () => {
    expect((await resolve9001('acme.zendesk.com')).status).toBe('unknown');
  });

  it("pinning the tenant's single Zendesk host scopes its legacy Zendesk rows there; the self-hosted one stays unscoped", async () => {
    const change = await t.app.repos.helpdeskHosts.replace(T, U, ['legacy.zendesk.com', 'help.legacy.test']);
    expect(change.scoped).toEqual({ identities: 1, interactions: 1, conversationScores: 1 });
    const raw = await t.raw();
    expect(await raw.all('select value from identities where tenant_id = ? order by value', T)).toEqual([
      { value: 'freescout:12' },
      { value: 'zendesk@legacy.zendesk.com:9001' },
    ]);
    expect(await raw.one("select instance from interactions where id = 'legacy-i'")).toEqual({ instance: 'legacy.zendesk.com' });
    expect(await raw.one('select ticket_ref as "ticketRef" from conversation_scores where tenant_id = ?', T)).toEqual({
      ticketRef: 'zendesk@legacy.zendesk.com:101',
    });
    expect(await resolve9001('legacy.zendesk.com')).toMatchObject({ status: 'known', customerId: C });
    expect((await resolve9001('other.zendesk.com')).status).toBe('unknown');
  });
});
