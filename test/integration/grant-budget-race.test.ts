/**
 * Two server processes on one database (the same SQLite file, or the same PostgreSQL database), many concurrent grants against one agent's
 * daily budget: the budget is never overspent and every accepted grant is stored once.
 */
import { randomUUID } from 'node:crypto';
import { openRaw } from '../support/raw-db';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startServer, type ServerProcess } from '../support/server-process';

let a: ServerProcess;
let b: ServerProcess;
beforeAll(async () => {
  a = await startServer();
  b = await startServer({ dbEnv: a.dbEnv });
}, 60_000);
afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
});

it('never lets concurrent grants overspend a budget', async () => {
  const signIn = await fetch(`${a.url}/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'agent@acme.test', password: 'leeway-demo' }),
  });
  const { token } = (await signIn.json()) as { token: string };
  const db = await openRaw(a.target, { readonly: true });
  const customers = await db
    .all<{ id: string }>("select c.id from customers c join tenants t on t.id = c.tenant_id where t.slug = 'acme'")
    .finally(() => db.close());
  expect(customers.length).toBeGreaterThan(0);

  // 80 goodwill gestures of $10 against a $500 daily budget, spread over both processes and four customers.
  const attempts = Array.from({ length: 80 }, (_, i) => ({ server: i % 2 ? a : b, customerId: customers[i % customers.length]!.id }));
  const replies = await Promise.all(
    attempts.map(async ({ server, customerId }) => {
      const res = await fetch(`${server.url}/v1/grants`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ customerId, action: 'goodwill_gesture', amountCents: 1_000, idempotencyKey: randomUUID() }),
      });
      return { status: res.status, body: (await res.json()) as { decision?: { outcome: string; reason: string } } };
    }),
  );
  const recorded = replies.filter((r) => r.status === 201);
  const refused = replies.filter((r) => r.status === 403);
  expect(recorded.length).toBe(50);
  expect(refused.length).toBe(30);
  expect(refused.every((r) => r.body.decision?.reason === 'This is over your daily budget: $0 of $500 left today.')).toBe(true);

  const check = await openRaw(a.target, { readonly: true });
  const { total, n } = (await check
    .one<{ total: number; n: number }>("select sum(amount_cents) as total, count(*) as n from grants where action = 'goodwill_gesture'")
    .finally(() => check.close()))!;
  expect({ total, n }).toEqual({ total: 50_000, n: 50 });
}, 60_000);
