/**
 * Ingest serialises per customer, not per tenant (issue 21), on PostgreSQL with two server
 * processes: a lock held from outside, as another transaction would hold it, shows what waits.
 * - the tenant's lock (grants, budgets, the log chain) does not hold events at all;
 * - one customer's lock holds that customer's events, while another customer's go through the
 *   other process;
 * - the lock an erasure or a merge takes holds every event of the tenant until it is released,
 *   and then each is stored once.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerLock, customersLock, tenantLock } from '../../server/src/db/database';
import { sharedSecrets } from '../support/cluster';
import { openRaw, type RawDb } from '../support/raw-db';
import { ingestSecret, startServer, type ServerProcess } from '../support/server-process';
import { postEvent } from '../support/webhook';

let a: ServerProcess;
let b: ServerProcess;
let raw: RawDb;
let key: { id: string; secret: string };
let tenantId: string;
const customers: Record<string, string> = {};

beforeAll(async () => {
  const env = sharedSecrets();
  a = await startServer({ env });
  b = await startServer({ dbEnv: a.dbEnv, env });
  raw = await openRaw(a.target);
  key = { id: 'acme-demo', secret: await ingestSecret(a.target, 'acme-demo') };
  tenantId = (await raw.one<{ id: string }>("select id from tenants where slug = 'acme'"))!.id;
  // Customer ids as the webhook answers them (contact details are sealed in the database).
  for (const email of ['dana.whitfield@example.com', 'marco.rossi@example.com']) {
    customers[email] = (await send(a, email)).body.customerId as string;
  }
});
afterAll(async () => {
  await raw?.close();
  await Promise.all([a?.stop(), b?.stop()]);
});

/** A transaction from outside holding `key`'s advisory lock, as the server's own would. */
async function holding(key: string): Promise<{ release(): Promise<void> }> {
  const client = new pg.Client({ connectionString: a.target.kind === 'postgres' ? a.target.url : '' });
  await client.connect();
  await client.query('begin');
  await client.query('select pg_advisory_xact_lock(hashtextextended($1, 0))', [key]);
  return {
    release: async () => {
      await client.query('rollback');
      await client.end();
    },
  };
}

/** A request and whether it has been answered yet. */
function watch<T>(p: Promise<T>) {
  let answered = false;
  void p.finally(() => (answered = true));
  return { result: p, answered: () => answered };
}

const send = (server: ServerProcess, email: string, id = crypto.randomUUID()) =>
  postEvent(server.url, key, { id, type: 'page.visited', customer: { email }, data: { url: 'https://shop.example.com/help' } });
const storedTimes = async (externalId: string) =>
  (await raw.one<{ n: number }>('select count(*) as n from events where external_id = ?', externalId))!.n;
const settle = () => new Promise((r) => setTimeout(r, 400));

describe('ingest locks per customer', () => {
  it('the tenant’s own lock (grants, budgets, the log chain) does not hold events', async () => {
    const tenant = await holding(tenantLock(tenantId));
    try {
      expect((await send(a, 'dana.whitfield@example.com')).status).toBe(200);
    } finally {
      await tenant.release();
    }
  });

  it('one customer’s lock holds that customer’s events; another customer’s go through meanwhile', async () => {
    const dana = await holding(customerLock(tenantId, customers['dana.whitfield@example.com']!));
    const danaId = crypto.randomUUID();
    const held = watch(send(a, 'dana.whitfield@example.com', danaId));
    try {
      await settle();
      expect(held.answered()).toBe(false);
      expect((await send(b, 'marco.rossi@example.com')).status).toBe(200);
      expect(held.answered()).toBe(false);
    } finally {
      await dana.release();
    }
    expect((await held.result).status).toBe(200);
    expect(await storedTimes(danaId)).toBe(1);
  });

  it('the lock an erasure or merge takes holds every event of the tenant until released; each is then stored once', async () => {
    const erasure = await holding(customersLock(tenantId));
    const ids = [crypto.randomUUID(), crypto.randomUUID()];
    const held = [watch(send(a, 'dana.whitfield@example.com', ids[0])), watch(send(b, 'marco.rossi@example.com', ids[1]))];
    try {
      await settle();
      expect(held.map((h) => h.answered())).toEqual([false, false]);
    } finally {
      await erasure.release();
    }
    expect((await Promise.all(held.map((h) => h.result))).map((r) => r.status)).toEqual([200, 200]);
    for (const id of ids) expect(await storedTimes(id)).toBe(1);
  });
});
