/**
 * LEEWAY_MASTER_KEY rotation (scripts/rotate-master-key.ts), on the engine under test: a server
 * started with the new key serves the data made under the old one (a customer's sealed log note,
 * the ingest key's secret), a server with the old key can no longer open it, erased customers stay
 * erased, and a current key that does not open every row (wrong, or one row under another key)
 * changes nothing at all. The demo's key file beside the database is read and replaced (0600).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSecret } from '../../server/src/auth/ingest-secret';
import { newDataKey, wrapKey } from '../../server/src/log/crypto';
import { openRaw } from '../support/raw-db';
import { runScript } from '../support/run-script';
import { signIn } from '../support/remote-clients';
import { ingestSecret, startServer, type ServerProcess } from '../support/server-process';
import { newTestDatabase, type TestDatabase } from '../support/test-database';
import { postEvent } from '../support/webhook';

const DANA = 'dana.whitfield@example.com';
const PRIYA = 'priya@example.com';
const NOTE = 'Refunded the double charge; called back on 555-0100';

/** The command as an operator runs it: only the database settings and the keys given here. */
const rotate = (dbEnv: Record<string, string>, keys: { LEEWAY_MASTER_KEY?: string; LEEWAY_NEW_MASTER_KEY?: string }) =>
  runScript('rotate-master-key.ts', [], {
    env: { ...dbEnv, ...keys },
    unset: ['LEEWAY_DB_FILE', 'LEEWAY_DATABASE_URL', 'LEEWAY_MASTER_KEY', 'LEEWAY_NEW_MASTER_KEY'],
  });

async function call<T = Record<string, unknown>>(
  url: string,
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}

const resolution = (customerId: string, ticketId: string) => ({
  idempotencyKey: randomUUID(),
  customerId,
  helpdesk: 'zendesk',
  ticketId,
  outcome: 'resolved',
  category: 'billing',
  note: NOTE,
  handleTimeSeconds: 240,
});

let database: TestDatabase;
const servers: ServerProcess[] = [];
const start = async (env?: Record<string, string>) => {
  const s = await startServer({ dbEnv: database.env, env });
  servers.push(s);
  return s;
};

/** Everything stored under the master key, row by row. */
async function keyed() {
  const raw = await openRaw(database.target, { readonly: true });
  try {
    return {
      customerKeys: await raw.all<{ customer_id: string; tenant_id: string; wrapped_key: string; created_at: unknown }>(
        'select customer_id, tenant_id, wrapped_key, created_at from customer_keys order by customer_id',
      ),
      ingestKeys: await raw.all<{ id: string; secret: string }>(
        'select id, tenant_id, secret, created_at, revoked_at from ingest_keys order by id',
      ),
      platformSecrets: await raw.all<{ platform: string; secret: string }>(
        'select platform, secret from platform_connections order by tenant_id, platform',
      ),
    };
  } finally {
    await raw.close();
  }
}

const GENESYS_SECRET = `genesys-${randomBytes(8).toString('hex')}`;
let keyFile: string;
let oldKey: string;
const newKey = randomBytes(32).toString('hex');
let secret: string;
let customers: { dana: string; priya: string };
let resolutions: { dana: string; priya: string };
let before: Awaited<ReturnType<typeof keyed>>;

/** The auditor's review view of a resolution: its payload with the sealed note opened (or "[erased]"). */
async function noteOf(server: ServerProcess, resolutionId: string) {
  const auditor = await signIn(server.url, 'auditor@acme.test');
  return call<{ payload?: { note?: string } }>(server.url, auditor, 'GET', `/v1/qa/resolutions/${resolutionId}`);
}

beforeAll(async () => {
  database = await newTestDatabase();
  keyFile = `${database.env.LEEWAY_DB_FILE}.master-key`;
  // The demo's own key, generated beside the database (no LEEWAY_MASTER_KEY): the rotation reads and replaces it.
  const server = await start();
  try {
    oldKey = readFileSync(keyFile, 'utf8').trim();
    const raw = await openRaw(database.target, { readonly: true });
    const customerOf = async (email: string) =>
      (await raw.one<{ id: string }>('select customer_id as id from identities where value = ?', email))!.id;
    customers = { dana: await customerOf(DANA), priya: await customerOf(PRIYA) };
    await raw.close();

    secret = await ingestSecret(database.target, 'acme-demo');
    expect(
      (
        await postEvent(
          server.url,
          { id: 'acme-demo', secret },
          {
            type: 'contact.opened',
            customer: { email: DANA },
            data: { channel: 'email', ticketRef: 'zendesk:501', subject: 'Charged twice' },
          },
        )
      ).status,
    ).toBe(200);
    const [agent, admin] = await Promise.all([signIn(server.url, 'agent@acme.test'), signIn(server.url, 'admin@acme.test')]);
    const made = await Promise.all([
      call<{ id: string }>(server.url, agent, 'POST', '/v1/resolutions', resolution(customers.dana, '501')),
      call<{ id: string }>(server.url, agent, 'POST', '/v1/resolutions', resolution(customers.priya, '502')),
    ]);
    for (const m of made) expect(m.status).toBe(201);
    const genesys = { settings: { region: 'mypurecloud.com', clientId: 'leeway-widget' }, secret: { clientSecret: GENESYS_SECRET } };
    expect((await call(server.url, admin, 'PUT', '/v1/settings/platforms/genesys', genesys)).status).toBe(200);
    resolutions = { dana: made[0].body.id, priya: made[1].body.id };
    expect((await noteOf(server, resolutions.dana)).body.payload?.note).toBe(NOTE);
    expect((await noteOf(server, resolutions.priya)).body.payload?.note).toBe(NOTE);
    // Priya is erased: her key row goes, her note becomes unreadable for good.
    expect((await call(server.url, admin, 'POST', `/v1/customers/${customers.priya}/erase`, {})).status).toBe(200);
    expect((await noteOf(server, resolutions.priya)).body.payload?.note).toBe('[erased]');
  } finally {
    await server.stop();
  }
  before = await keyed();
  expect(before.customerKeys.map((r) => r.customer_id)).toContain(customers.dana);
  expect(before.customerKeys.map((r) => r.customer_id)).not.toContain(customers.priya);
  expect(before.ingestKeys.length).toBeGreaterThan(0);
  expect(before.ingestKeys.every((r) => r.secret.startsWith('sealed:v1:'))).toBe(true);
  expect(before.platformSecrets.map((r) => r.secret)).toEqual([expect.stringMatching(/^sealed:v1:/)]);
}, 120_000);

afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop('SIGKILL')));
  await database?.drop();
});

describe('rotating LEEWAY_MASTER_KEY', () => {
  it('refuses, changing nothing, when the current key does not open every row', async () => {
    const wrong = randomBytes(32).toString('hex');
    const refused = await rotate(database.env, { LEEWAY_MASTER_KEY: wrong, LEEWAY_NEW_MASTER_KEY: newKey });
    expect(refused.code, refused.stdout + refused.stderr).toBe(1);
    const n = before.customerKeys.length;
    const m = before.ingestKeys.length;
    expect(refused.stderr).toContain(
      `${n} of ${n} row${n === 1 ? '' : 's'} of customer_keys and ${m} of ${m} row${m === 1 ? '' : 's'} of ingest_keys and 1 of 1 row of platform_connections cannot be opened with the current master key: nothing was changed`,
    );
    expect(await keyed()).toEqual(before);
    expect(readFileSync(keyFile, 'utf8').trim()).toBe(oldKey);

    // The right key, but the last key row is wrapped under another: the rows before it, re-wrapped in the transaction, are rolled back.
    const last = before.customerKeys.at(-1)!;
    const stray = wrapKey(randomBytes(32), newDataKey());
    const raw = await openRaw(database.target);
    try {
      expect(await raw.run('update customer_keys set wrapped_key = ? where customer_id = ?', stray, last.customer_id)).toBe(1);
      const one = await rotate(database.env, { LEEWAY_NEW_MASTER_KEY: newKey });
      expect(one.code, one.stdout + one.stderr).toBe(1);
      expect(one.stderr).toContain(
        `1 of ${n} row${n === 1 ? '' : 's'} of customer_keys cannot be opened with the current master key: nothing was changed`,
      );
      expect(one.stderr).not.toContain('ingest_keys');
      const after = await keyed();
      expect(after.ingestKeys).toEqual(before.ingestKeys);
      expect(after.customerKeys.slice(0, -1)).toEqual(before.customerKeys.slice(0, -1));
      expect(after.customerKeys.at(-1)!.wrapped_key).toBe(stray);
    } finally {
      await raw.run('update customer_keys set wrapped_key = ? where customer_id = ?', last.wrapped_key, last.customer_id);
      await raw.close();
    }
    expect(await keyed()).toEqual(before);

    // Refused before reading anything: no new key, a malformed one, or the current one again.
    for (const next of [undefined, 'not-a-key', oldKey.toUpperCase()]) {
      const r = await rotate(database.env, next === undefined ? {} : { LEEWAY_NEW_MASTER_KEY: next });
      expect(r.code, r.stdout + r.stderr).toBe(2);
    }
    expect(await keyed()).toEqual(before);
    expect(readFileSync(keyFile, 'utf8').trim()).toBe(oldKey);
  }, 120_000);

  it('re-wraps every key row and re-seals every ingest secret; a server with the new key serves the old data', async () => {
    const done = await rotate(database.env, { LEEWAY_NEW_MASTER_KEY: newKey });
    expect(done.code, done.stdout + done.stderr).toBe(0);
    const n = before.customerKeys.length;
    const m = before.ingestKeys.length;
    expect(done.stdout).toMatch(new RegExp(`^  customer_keys +${n} customer keys? re-wrapped$`, 'm'));
    expect(done.stdout).toMatch(new RegExp(`^  ingest_keys +${m} ingest secrets? re-sealed$`, 'm'));
    expect(done.stdout).toMatch(/^ {2}platform_connections +1 platform secret re-sealed$/m);
    // Counts only: no key, no secret.
    for (const s of [oldKey, newKey, secret, GENESYS_SECRET]) expect(done.stdout + done.stderr).not.toContain(s);
    // The demo's key file now holds the new key, readable by its owner only.
    expect(readFileSync(keyFile, 'utf8').trim()).toBe(newKey);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);

    const after = await keyed();
    expect(after.customerKeys.map(({ wrapped_key: _, ...r }) => r)).toEqual(before.customerKeys.map(({ wrapped_key: _, ...r }) => r));
    after.customerKeys.forEach((r, i) => expect(r.wrapped_key).not.toBe(before.customerKeys[i]!.wrapped_key));
    after.ingestKeys.forEach((r, i) => {
      expect(r.secret).toMatch(/^sealed:v1:/);
      expect(r.secret).not.toBe(before.ingestKeys[i]!.secret);
      expect(openSecret(Buffer.from(newKey, 'hex'), r.secret)).toBe(openSecret(Buffer.from(oldKey, 'hex'), before.ingestKeys[i]!.secret));
    });
    const [platform] = after.platformSecrets;
    expect(platform!.secret).not.toBe(before.platformSecrets[0]!.secret);
    expect(JSON.parse(openSecret(Buffer.from(newKey, 'hex'), platform!.secret))).toEqual({ clientSecret: GENESYS_SECRET });
    // Erased stays erased: no key row came back.
    expect(after.customerKeys.map((r) => r.customer_id)).not.toContain(customers.priya);

    const server = await start(); // reads the key file: the new key
    try {
      expect((await noteOf(server, resolutions.dana)).body.payload?.note).toBe(NOTE);
      expect((await noteOf(server, resolutions.priya)).body.payload?.note).toBe('[erased]');
      // The business system's secret is unchanged: its signed events are still accepted.
      expect(await ingestSecret(database.target, 'acme-demo')).toBe(secret);
      expect(
        (
          await postEvent(
            server.url,
            { id: 'acme-demo', secret },
            {
              type: 'contact.opened',
              customer: { email: DANA },
              data: { channel: 'email', ticketRef: 'zendesk:601', subject: 'After the rotation' },
            },
          )
        ).status,
      ).toBe(200);
      const auditor = await signIn(server.url, 'auditor@acme.test');
      expect((await call(server.url, auditor, 'GET', '/v1/log/verify')).body).toMatchObject({ ok: true });
    } finally {
      await server.stop();
    }
  }, 120_000);

  it('leaves a server with the old key unable to open them', async () => {
    // The demo server opens its ingest key's secret as it starts: it cannot, and stops saying so.
    const demo = await start({ LEEWAY_MASTER_KEY: oldKey });
    if (demo.child.exitCode === null) await new Promise((res) => (demo.child.once('exit', res), setTimeout(res, 15_000)));
    expect(demo.child.exitCode).not.toBe(0);
    expect(demo.output()).toContain('An ingest key secret cannot be opened with this LEEWAY_MASTER_KEY');

    const server = await start({ LEEWAY_MASTER_KEY: oldKey, LEEWAY_DEMO: '0' });
    try {
      const note = await noteOf(server, resolutions.dana);
      expect(note.status).not.toBe(200);
      expect(JSON.stringify(note.body)).not.toContain('555-0100');
      const ev = await postEvent(
        server.url,
        { id: 'acme-demo', secret },
        { type: 'contact.opened', customer: { email: DANA }, data: { channel: 'email', ticketRef: 'zendesk:701', subject: 'Old key' } },
      );
      expect(ev.status).not.toBe(200);
    } finally {
      await server.stop();
    }
    expect(() => openSecret(Buffer.from(oldKey, 'hex'), before.ingestKeys[0]!.secret)).not.toThrow(); // (the old rows did open with it)
    const now = await keyed();
    for (const r of now.ingestKeys) expect(() => openSecret(Buffer.from(oldKey, 'hex'), r.secret)).toThrow(/cannot be opened/);
  }, 120_000);
});
