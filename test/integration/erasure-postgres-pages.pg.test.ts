/**
 * Erasure on PostgreSQL destroys the customer's key in the pages too: after the erasure, the
 * wrapped key's bytes are in no page of customer_keys, of its indexes or of its TOAST table
 * (read raw with pageinspect), while another customer's key still is (the scan sees keys). The
 * counterpart of erasure-complete.test.ts's byte check of the SQLite file and its WAL.
 *
 * The rewrite never fails or stalls an erasure: a session holding customer_keys, or a snapshot
 * older than the erasure, makes it say false (the erasure stands, the route logs it), and the
 * next one, once they are gone, takes the row. Erasures at once, in one process or two, all answer.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres } from '../../server/src/db/open-postgres';
import { serverKey } from '../../server/src/idempotency';
import { startTestApp, type TestApp } from '../support/app';
import { engine, PG_ADMIN_URL } from '../support/test-database';

let t: TestApp;
let admin: string;
const logLines: string[] = [];
beforeAll(async () => {
  expect(engine).toBe('postgres');
  t = await startTestApp({ LEEWAY_LOG_LEVEL: 'warn' }, { logStream: { write: (line) => void logLines.push(line) } });
  admin = await t.token('admin@acme.test');
  await (await t.raw()).run('create extension if not exists pageinspect');
});
afterAll(() => t?.close());

const acme = () => t.seeded.acme;
const url = () => (t.target.kind === 'postgres' ? t.target.url : '');

/** A customer with a data key (made by their first log entry), and that key as stored. */
async function customerWithKey(): Promise<{ id: string; key: string }> {
  const { tenantId, users } = acme();
  const id = await t.app.repos.customers.create(tenantId, {
    name: `Pagina ${randomUUID()}`,
    tier: 'gold',
    lifetimeValueCents: 0,
    customerSince: Date.now(),
    emails: [],
    phones: [],
  });
  await t.app.repos.log.append(tenantId, {
    idempotencyKey: serverKey('pages-test', randomUUID()),
    kind: 'resolution',
    customerId: id,
    agentId: users.agent,
    data: { outcome: 'resolved' },
    personal: { note: 'n' },
  });
  const row = await (await t.raw()).one<{ key: string }>('select wrapped_key as key from customer_keys where customer_id = ?', id);
  expect(row?.key).toBeTruthy();
  return { id, key: row!.key };
}

const post = (url: string, payload?: object) =>
  t.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${admin}` }, ...(payload && { payload }) });
const erase = (customerId: string) => post(`/v1/customers/${customerId}/erase`);
/** Through an erasure request, the other route that erases. */
async function eraseByRequest(customerId: string) {
  const filed = await post('/v1/erasure-requests', { customerId });
  expect(filed.statusCode, filed.body).toBe(200);
  return post(`/v1/erasure-requests/${filed.json().id}/erase`);
}

/** customer_keys, its indexes, its TOAST table and the TOAST table's index: every block of each, raw. */
async function pages(): Promise<{ rel: string; block: number; bytes: Buffer }[]> {
  const raw = await t.raw();
  const rels = await raw.all<{ rel: string; blocks: number }>(
    `with base as (select oid, reltoastrelid from pg_class where oid = 'customer_keys'::regclass),
          rels as (select oid from base
                   union all select indexrelid from pg_index where indrelid = (select oid from base)
                   union all select reltoastrelid from base where reltoastrelid <> 0
                   union all select indexrelid from pg_index where indrelid = (select reltoastrelid from base))
     select oid::regclass::text as rel, (pg_relation_size(oid) / current_setting('block_size')::int)::int as blocks from rels`,
  );
  expect(rels.map((r) => r.rel)).toEqual(expect.arrayContaining(['customer_keys', 'customer_keys_pkey']));
  const out: { rel: string; block: number; bytes: Buffer }[] = [];
  for (const { rel, blocks } of rels)
    for (let block = 0; block < blocks; block++) {
      const [row] = await raw.all<{ page: Buffer }>('select get_raw_page(?, ?) as page', rel, block);
      out.push({ rel, block, bytes: row!.page });
    }
  return out;
}

/** Where in the pages `value`'s bytes are, as "relation#block". */
async function pagesHolding(value: string): Promise<string[]> {
  const needle = Buffer.from(value, 'utf8');
  return (await pages()).filter((p) => p.bytes.includes(needle)).map((p) => `${p.rel}#${p.block}`);
}

describe('erasure on PostgreSQL', () => {
  it('leaves the erased customer’s wrapped key in no page of customer_keys, its indexes or TOAST', async () => {
    // The erased row written last: a plain VACUUM's compaction moves older rows up over a
    // freed row's bytes, but leaves those of the newest row as they were, in the free space.
    const stays = await customerWithKey();
    const gone = await customerWithKey();
    expect(await pagesHolding(gone.key)).toContain('customer_keys#0');

    const erased = await erase(gone.id);
    expect(erased.statusCode, erased.body).toBe(200);

    expect(await (await t.raw()).all('select 1 from customer_keys where customer_id = ?', gone.id)).toEqual([]);
    expect(await pagesHolding(gone.key)).toEqual([]);
    // The scan does find keys: the one that was not erased is still in a page.
    expect(await pagesHolding(stays.key)).not.toEqual([]);
  });

  it('a session holding customer_keys does not stall or fail the erasure: false, and the next rewrite takes the row', async () => {
    const gone = await customerWithKey();
    const other = new pg.Client({ connectionString: url() });
    await other.connect();
    try {
      await other.query('begin');
      await other.query('lock table customer_keys in access share mode');
      const erased = await erase(gone.id);
      expect(erased.statusCode, erased.body).toBe(200);
      expect(logLines.filter((l) => l.includes(gone.id) && l.includes('customer_keys could not be rewritten'))).toHaveLength(1);
      expect(await t.app.db.afterErasure()).toBe(false);
      await other.query('commit');
    } finally {
      await other.end();
    }
    expect(await t.app.db.afterErasure()).toBe(true);
    expect(await pagesHolding(gone.key)).toEqual([]);
  });

  it('a snapshot older than the erasure keeps the row (VACUUM copies what a snapshot sees): false until it ends', async () => {
    const gone = await customerWithKey();
    const reader = new pg.Client({ connectionString: url() });
    await reader.connect();
    try {
      await reader.query('begin isolation level repeatable read');
      await reader.query('select count(*) from customer_keys');
      expect((await erase(gone.id)).statusCode).toBe(200);
      expect(await t.app.db.afterErasure()).toBe(false);
      // It still sees the key, so the rewrite had to keep it.
      expect((await reader.query('select 1 from customer_keys where customer_id = $1', [gone.id])).rowCount).toBe(1);
      expect(await pagesHolding(gone.key)).not.toEqual([]);
      await reader.query('commit');
    } finally {
      await reader.end();
    }
    expect(await t.app.db.afterErasure()).toBe(true);
    expect(await pagesHolding(gone.key)).toEqual([]);
  });

  it("a transaction running in ANOTHER database of the cluster keeps the row (VACUUM's own snapshot): false until it ends", async () => {
    // VACUUM's snapshot xmin is the oldest transaction running anywhere in the cluster: one that
    // began before the erasure, in another tenant's or app's database, makes it copy the row.
    const gone = await customerWithKey();
    const elsewhere = new pg.Client({ connectionString: PG_ADMIN_URL });
    await elsewhere.connect();
    try {
      await elsewhere.query('begin');
      await elsewhere.query('select pg_current_xact_id()');
      expect((await erase(gone.id)).statusCode).toBe(200);
      expect(await t.app.db.afterErasure()).toBe(false);
      expect(await pagesHolding(gone.key)).not.toEqual([]);
      await elsewhere.query('commit');
    } finally {
      await elsewhere.end();
    }
    expect(await t.app.db.afterErasure()).toBe(true);
    expect(await pagesHolding(gone.key)).toEqual([]);
  });

  it('erasures at once, in this process and another on the same database, all answer and leave no key in a page', async () => {
    const customers = await Promise.all(Array.from({ length: 4 }, () => customerWithKey()));
    const second = await openPostgres(url(), { poolSize: 2 });
    try {
      const [answers, elsewhere] = await Promise.all([
        Promise.all(customers.map((c, i) => (i % 2 ? erase(c.id) : eraseByRequest(c.id)))),
        Promise.all([second.afterErasure(), second.afterErasure()]),
      ]);
      for (const a of answers) expect(a.statusCode, a.body).toBe(200);
      for (const r of elsewhere) expect(typeof r).toBe('boolean');
    } finally {
      await second.close();
    }
    expect(await t.app.db.afterErasure()).toBe(true);
    for (const c of customers) expect(await pagesHolding(c.key)).toEqual([]);
  });
});
