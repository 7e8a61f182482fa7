/**
 * A grant's replay is recognised whatever a new grant would now be told: recording learns of a
 * replay from its insert, so the refusal path must still look for the key's first grant.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';

let t: TestApp;
let agent: string;
beforeAll(async () => {
  t = await startTestApp();
  agent = await t.token('agent@acme.test');
});
afterAll(() => t.close());

const post = (payload: object) =>
  t.app.inject({ method: 'POST', url: '/v1/grants', headers: { authorization: `Bearer ${agent}` }, payload });
const grant = () => ({
  customerId: t.seeded.acme.customers['dana.whitfield@example.com']!,
  action: 'refund',
  amountCents: 10_000,
  reasonCode: 'damaged',
  idempotencyKey: randomUUID(),
});

it('answers a replay as its first grant, and a reused key as reused, once a new grant would be refused', async () => {
  const first = grant();
  const recorded = await post(first);
  expect(recorded.statusCode).toBe(201);
  // Spend what is left (the agent's day or the customer's cap, whichever ends first).
  let refused = false;
  for (let i = 0; i < 20 && !refused; i++) refused = (await post(grant())).statusCode === 403;
  expect(refused).toBe(true);

  const again = await post(first);
  expect(again.statusCode).toBe(200);
  expect(again.json()).toMatchObject({ status: 'duplicate', grant: { id: recorded.json().grant.id } });

  const reused = await post({ ...first, amountCents: 9_000 });
  expect(reused.statusCode).toBe(409);
});
