/**
 * Signed checkpoints as the server makes them: a sweep signs each tenant's head at every
 * `checkpoint_every_entries`, stores it, appends it to the checkpoint file and POSTs it to the
 * witness; auditors read them with the public key; the published file verifies the log; and
 * the server refuses to sign a log that no longer extends its last checkpoint.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkSignature } from '../../server/src/log/checkpoint';
import { parsePublicKey } from '../../server/src/log/signing-key';
import { readCheckpoints, verifyAgainstCheckpoints } from '../../server/src/log/verify-checkpoints';
import { startTestApp, type TestApp } from '../support/app';

let t: TestApp;
let witness: Server;
const witnessed: string[] = [];
beforeAll(async () => {
  witness = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      witnessed.push(body);
      res.end();
    });
  });
  await new Promise<void>((r) => witness.listen(0, '127.0.0.1', r));
  t = await startTestApp({
    LEEWAY_CHECKPOINT_SWEEP_MS: '50',
    LEEWAY_CHECKPOINT_WITNESS_URL: `http://127.0.0.1:${(witness.address() as AddressInfo).port}/checkpoints`,
  });
  // Every 3 entries, and never by time during the test.
  await (await t.raw()).run('update tenants set checkpoint_every_entries = 3, checkpoint_every_minutes = 1000');
});
afterAll(async () => {
  await t?.close();
  witness?.close();
});

async function call(who: string, url: string, payload?: object) {
  return t.app.inject({
    method: payload ? 'POST' : 'GET',
    url,
    headers: { authorization: `Bearer ${await t.token(who)}` },
    ...(payload && { payload }),
  });
}
const resolve = async () => {
  const res = await call('agent@acme.test', '/v1/resolutions', {
    idempotencyKey: randomUUID(),
    customerId: t.seeded.acme.customers['dana.whitfield@example.com']!,
    helpdesk: 'zendesk',
    ticketId: randomUUID().slice(0, 8),
    outcome: 'resolved',
    category: 'billing',
    note: '',
    handleTimeSeconds: 100,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().seq as number;
};
async function until<T>(get: () => Promise<T>, done: (v: T) => boolean): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const v = await get();
    if (done(v)) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('timed out');
}

describe('signed checkpoints', () => {
  it('are signed at every multiple of the cadence, shown to auditors with the key, written to the file and the witness', async () => {
    let head = 0;
    while (head < 6) head = await resolve();
    const body = await until(
      async () => (await call('auditor@acme.test', '/v1/log/checkpoints')).json(),
      (b) => b.checkpoints.filter((c: { seq: number }) => c.seq % 3 === 0).length >= 2,
    );
    const key = parsePublicKey(body.publicKey)!;
    for (const c of body.checkpoints) expect(checkSignature(key, c)).toBe(true);
    expect(body.checkpoints.map((c: { seq: number }) => c.seq)).toContain(6);
    expect(
      (await call('auditor@acme.test', '/v1/log/checkpoints?after=3')).json().checkpoints.every((c: { seq: number }) => c.seq > 3),
    ).toBe(true);
    expect((await call('agent@acme.test', '/v1/log/checkpoints')).statusCode).toBe(403);

    const file = `${t.dbFile}.checkpoints.jsonl`;
    await until(
      async () => (existsSync(file) ? readFileSync(file, 'utf8') : ''),
      (s) => s.includes('"seq":6,'),
    );
    const published = readCheckpoints(readFileSync(file, 'utf8')).get(t.seeded.acme.tenantId)!;
    expect(await verifyAgainstCheckpoints(t.app.db, t.seeded.acme.tenantId, published, key)).toMatchObject({ ok: true });
    await until(
      async () => witnessed,
      (w) => w.some((l) => l.includes('"seq":6,')),
    );
  });

  it('are not signed once the stored log stops extending the last one', async () => {
    const raw = await t.raw();
    const tenantId = t.seeded.acme.tenantId;
    const last = () => t.app.repos.checkpoints.latest(tenantId);
    const before = await last();
    await raw.run("update resolution_log set agent_id = 'someone-else' where tenant_id = ? and seq = ?", tenantId, before!.seq);
    let head = before!.seq;
    while (head < before!.seq + 4) head = await resolve();
    await new Promise((r) => setTimeout(r, 500));
    expect((await last())!.seq).toBe(before!.seq);
  });
});

describe('the checkpoint cadence, as admins set it', () => {
  it('is read and set by admins only, within bounds, and each change is audited', async () => {
    const put = async (who: string, payload: object) =>
      t.app.inject({ method: 'PUT', url: '/v1/settings/log', headers: { authorization: `Bearer ${await t.token(who)}` }, payload });
    const got = await call('admin@acme.test', '/v1/settings/log');
    expect(got.json(), got.body).toEqual({ checkpointEveryEntries: 3, checkpointEveryMinutes: 1000 });
    expect((await call('auditor@acme.test', '/v1/settings/log')).statusCode).toBe(403);
    expect((await put('lead@acme.test', { checkpointEveryEntries: 10, checkpointEveryMinutes: 5 })).statusCode).toBe(403);
    const bad = await put('admin@acme.test', { checkpointEveryEntries: 5, checkpointEveryMinutes: 0 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/checkpointEveryEntries: must be a whole number of entries from 10 to 100000/);
    expect(bad.json().message).toMatch(/checkpointEveryMinutes: must be a whole number of minutes from 1 to 1440/);

    const set = await put('admin@acme.test', { checkpointEveryEntries: 500, checkpointEveryMinutes: 15 });
    expect(set.json()).toEqual({ checkpointEveryEntries: 500, checkpointEveryMinutes: 15 });
    expect((await t.app.repos.checkpoints.heads()).find((h) => h.tenantId === t.seeded.acme.tenantId)).toMatchObject({
      everyEntries: 500,
      everyMinutes: 15,
    });
    const [audited] = await t.app.repos.audit.forTarget(t.seeded.acme.tenantId, 'settings:log');
    expect(audited!.detail).toEqual({
      from: { checkpointEveryEntries: 3, checkpointEveryMinutes: 1000 },
      to: { checkpointEveryEntries: 500, checkpointEveryMinutes: 15 },
    });
  });
});
