/**
 * The stored signal summary (issue 21) stays true to the customer's events through everything that
 * moves or removes them: a customer stored before summaries existed, a merge and its undoing, an
 * erasure. Each check reads signals the way a snapshot or a push does (services/context.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signalsFor } from '../../server/src/services/context';
import { startTestApp, type TestApp } from '../support/app';
import { postEvent } from '../support/webhook';

let t: TestApp;
let key: { id: string; secret: string };
let n = 0;
beforeAll(async () => {
  t = await startTestApp();
  key = { id: 'acme-demo', secret: (await t.app.repos.tenants.ingestKey('acme-demo'))!.secret };
});
afterAll(() => t.close());

const tenant = () => t.seeded.acme.tenantId;
async function newCustomer() {
  const email = `summary-${++n}-${Date.now()}@example.org`;
  const id = await t.app.repos.customers.create(tenant(), {
    name: email,
    tier: 'standard',
    lifetimeValueCents: 0,
    customerSince: Date.now(),
    emails: [email],
  });
  return { id, email };
}
async function send(email: string, event: Record<string, unknown>) {
  const res = await postEvent(t.url, key, { customer: { email }, ...event });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}
const failedPayment = { type: 'payment.failed', data: { amountCents: 1_200, currency: 'USD' } };
const cancelVisit = { type: 'page.visited', data: { url: 'https://shop.example.com/account/cancel' } };
const reasonsOf = async (customerId: string) => (await signalsFor(t.app, tenant(), customerId, null))!.churn.reasons;
async function admin(url: string, payload: object) {
  const res = await t.app.inject({
    method: 'POST',
    url,
    headers: { authorization: `Bearer ${await t.token('admin@acme.test')}` },
    payload,
  });
  expect(res.statusCode, res.body).toBeLessThan(300);
  return res.json();
}
const storedSummary = async (customerId: string) => {
  const row = await (await t.raw()).one<{ s: unknown }>('select signal_summary as s from customers where id = ?', customerId);
  return row?.s ?? null;
};

describe('the signal summary', () => {
  it('is built from the events already stored when a customer has none yet (stored before it existed)', async () => {
    const c = await newCustomer();
    await send(c.email, failedPayment);
    await (await t.raw()).run('update customers set signal_summary = null where id = ?', c.id);
    expect(await reasonsOf(c.id)).toEqual(['a payment failed in the last 30 days']);
    await send(c.email, failedPayment);
    expect(await storedSummary(c.id)).not.toBeNull();
    expect(await reasonsOf(c.id)).toEqual(['2 payments failed in the last 30 days']);
  });

  it('follows a merge and its undoing', async () => {
    const from = await newCustomer();
    const into = await newCustomer();
    await send(from.email, cancelVisit);
    await send(into.email, failedPayment);
    const { mergeId } = await admin(`/v1/customers/${from.id}/merge`, { into: into.id, reason: 'same person' });
    expect(await reasonsOf(into.id)).toEqual(['visited the cancellation page in the last 14 days', 'a payment failed in the last 30 days']);
    // An event after the merge adds to the merged history, not to a summary from before it.
    await send(into.email, failedPayment);
    expect(await reasonsOf(into.id)).toContain('2 payments failed in the last 30 days');
    expect(await reasonsOf(into.id)).toContain('visited the cancellation page in the last 14 days');

    await admin(`/v1/merges/${mergeId}/undo`, {});
    expect(await reasonsOf(into.id)).toEqual(['2 payments failed in the last 30 days']);
    expect(await reasonsOf(from.id)).toEqual(['visited the cancellation page in the last 14 days']);
  });

  it('goes with an erasure: nothing derived from the events is kept', async () => {
    const c = await newCustomer();
    await send(c.email, cancelVisit);
    expect(await storedSummary(c.id)).not.toBeNull();
    await admin(`/v1/customers/${c.id}/erase`, {});
    expect(await storedSummary(c.id)).toBeNull();
    expect(await reasonsOf(c.id)).toEqual([]);
  });
});
