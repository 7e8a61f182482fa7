/**
 * PostgreSQL's faults, the counterpart of disk-faults.test.ts (SQLite's file and disk): the
 * server's connections are cut (pg_terminate_backend) again and again in the middle of a burst
 * of grants and resolutions. A request caught by a cut is answered 503 "connection lost",
 * never 500, and stores nothing; the client sends it again, as the extension's outbox does; in
 * the end every accepted record is stored exactly once, the log chain verifies, /ready is back.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';
import { engine } from '../support/test-database';
import { storedKeyLike } from '../support/client-key';

let t: TestApp;
let agent: string;
const logLines: string[] = [];
beforeAll(async () => {
  expect(engine).toBe('postgres');
  t = await startTestApp({ LEEWAY_LOG_LEVEL: 'info' }, { logStream: { write: (line) => void logLines.push(line) } });
  agent = await t.token('agent@acme.test');
});
afterAll(() => t.close());

const dana = () => t.seeded.acme.customers['dana.whitfield@example.com']!;
const post = (url: string, payload: object) =>
  t.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${agent}` }, payload });
/** Cuts every connection the app holds to its database (not ours, which does the cutting). */
const cutConnections = async () =>
  (await t.raw()).all(
    'select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
  );

it('loses and duplicates nothing while its connections are cut mid-burst', async () => {
  const bodies = [
    ...Array.from({ length: 60 }, () => ({
      url: '/v1/grants',
      body: { customerId: dana(), action: 'goodwill_gesture', amountCents: 100, idempotencyKey: randomUUID() },
    })),
    ...Array.from({ length: 60 }, (_, i) => ({
      url: '/v1/resolutions',
      body: {
        idempotencyKey: randomUUID(),
        customerId: dana(),
        helpdesk: 'zendesk',
        ticketId: String(5000 + i),
        outcome: 'resolved',
        category: 'billing',
        note: 'ok',
        handleTimeSeconds: 60,
      },
    })),
  ].sort(() => Math.random() - 0.5);

  // A cut every 100 ms, 20 times: often enough to catch requests mid-transaction, rarely
  // enough that requests complete between cuts (a cut every few ms would starve them all).
  let cutting = true;
  let cuts = 0;
  const cutter = (async () => {
    while (cutting && cuts < 20) {
      await new Promise((r) => setTimeout(r, 100));
      if ((await cutConnections()).length) cuts++;
    }
  })();

  const statuses = new Map<number, number>();
  let resent = 0;
  const burst = Promise.all(
    Array.from({ length: 6 }, async (_, worker) => {
      for (let i = worker; i < bodies.length; i += 6) {
        for (let attempt = 0; ; attempt++) {
          const res = await post(bodies[i]!.url, bodies[i]!.body);
          statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
          if (res.statusCode === 503) {
            expect(res.json().message).toMatch(/connection was lost|restarting|nothing was saved/);
            resent++;
            expect(attempt).toBeLessThan(50);
            continue;
          }
          expect(res.statusCode, res.body).toBe(201);
          break;
        }
      }
    }),
  );
  try {
    await burst;
  } finally {
    cutting = false;
    await cutter;
  }

  expect(cuts).toBeGreaterThan(0);
  expect(resent, `no request was caught by a cut (${cuts} cuts): the test proved nothing`).toBeGreaterThan(0);
  expect([...statuses.keys()].filter((s) => s !== 201 && s !== 503)).toEqual([]);

  const raw = await t.raw();
  const grantKeys = bodies.filter((b) => b.url === '/v1/grants').map((b) => b.body.idempotencyKey);
  const logKeys = bodies.filter((b) => b.url === '/v1/resolutions').map((b) => b.body.idempotencyKey);
  const stored = async (table: string, keys: string[]) =>
    await raw.all<{ key: string; n: number }>(
      `select idempotency_key as key, count(*) as n from ${table} where idempotency_key like any(?) group by idempotency_key`,
      keys.map(storedKeyLike),
    );
  const grants = await stored('grants', grantKeys);
  const entries = await stored('resolution_log', logKeys);
  expect(grants).toHaveLength(grantKeys.length);
  expect(entries).toHaveLength(logKeys.length);
  expect([...grants, ...entries].filter((r) => r.n !== 1)).toEqual([]);

  // The last cut may leave pooled connections whose end the pool has not heard of yet: a request
  // on one is answered 503 and sent again, as every client does. Bounded: a dead connection is
  // dropped once it has failed a request, and the pool holds at most 10.
  const sentUntilAnswered = async (request: () => Promise<{ statusCode: number; json(): unknown }>) => {
    for (let attempt = 0; ; attempt++) {
      const res = await request();
      if (res.statusCode !== 503 || attempt >= 20) return res;
    }
  };
  const signIn = await sentUntilAnswered(() =>
    t.app.inject({ method: 'POST', url: '/v1/auth/sign-in', payload: { email: 'auditor@acme.test', password: 'leeway-demo' } }),
  );
  const auditor = (signIn.json() as { token: string }).token;
  const verify = await sentUntilAnswered(() =>
    t.app.inject({ method: 'GET', url: '/v1/log/verify', headers: { authorization: `Bearer ${auditor}` } }),
  );
  expect(verify.json()).toMatchObject({ ok: true });
  const ready = await sentUntilAnswered(() => t.app.inject({ method: 'GET', url: '/ready' }));
  expect(ready.json()).toEqual({ status: 'ready' });

  // Each fault was logged for the operator, in the driver's words, never with the statement's parameters.
  const faults = logLines.filter((l) => l.includes('storage fault'));
  expect(faults.length).toBeGreaterThan(0);
  expect(logLines.filter((l) => /Failed query|params|dana\.whitfield|"ticketId"/i.test(l) && l.includes('storage fault'))).toEqual([]);
}, 120_000);
