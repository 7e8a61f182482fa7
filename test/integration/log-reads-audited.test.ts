/**
 * Reading a resolution's sealed personal fields (its note) in the clear is audit-logged: one
 * entry per request naming the entry and the fields, whoever reads; nothing when nothing
 * personal was opened (no note, or the customer erased).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

async function call(who: string, method: 'GET' | 'POST', url: string, payload?: object) {
  return t.app.inject({ method, url, headers: { authorization: `Bearer ${await t.token(who)}` }, ...(payload && { payload }) });
}
async function resolve(customerId: string, note: string) {
  const res = await call('agent@acme.test', 'POST', '/v1/resolutions', {
    idempotencyKey: randomUUID(),
    customerId,
    helpdesk: 'zendesk',
    ticketId: randomUUID().slice(0, 8),
    outcome: 'resolved',
    category: 'billing',
    note,
    handleTimeSeconds: 100,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}
const reads = async () =>
  (await t.app.repos.audit.list(t.seeded.acme.tenantId, 10_000))
    .filter((e) => e.action === 'log.read')
    .map((e) => [e.actorId, e.target, e.detail]);

describe('reading decrypted resolution notes', () => {
  it('an auditor opening a resolution for review is on record, once per request, naming the entry and the fields', async () => {
    const id = await resolve(t.seeded.acme.customers['dana.whitfield@example.com']!, 'Card ending 4242 refunded, ref QZXW');
    const view = await call('auditor@acme.test', 'GET', `/v1/qa/resolutions/${id}`);
    expect(view.json().payload.note).toBe('Card ending 4242 refunded, ref QZXW');
    await call('auditor@acme.test', 'GET', `/v1/qa/resolutions/${id}`);
    // The agent reading their own is a read of the customer's note too.
    await call('agent@acme.test', 'GET', `/v1/qa/resolutions/${id}`);
    const { auditor, agent } = t.seeded.acme.users;
    const entry = { entries: [id], fields: ['note'] };
    expect(await reads()).toEqual([
      [agent, `resolution:${id}`, entry],
      [auditor, `resolution:${id}`, entry],
      [auditor, `resolution:${id}`, entry],
    ]);
    // The entry names the field, never its value (a marker no id or hash can contain: they are hex).
    expect(JSON.stringify(await t.app.repos.audit.list(t.seeded.acme.tenantId, 10_000))).not.toContain('QZXW');
  });

  it('nothing personal opened, nothing logged: no note, or a customer erased since', async () => {
    const before = (await reads()).length;
    const plain = await resolve(t.seeded.acme.customers['marco.rossi@example.com']!, '');
    expect((await call('auditor@acme.test', 'GET', `/v1/qa/resolutions/${plain}`)).statusCode).toBe(200);
    const sam = Object.entries(t.seeded.acme.customers).find(([e]) => e.startsWith('sam'))![1];
    const erased = await resolve(sam, 'Lives at 1 Main St');
    expect((await call('admin@acme.test', 'POST', `/v1/customers/${sam}/erase`)).statusCode).toBe(200);
    const view = await call('auditor@acme.test', 'GET', `/v1/qa/resolutions/${erased}`);
    expect(view.json().payload.note).toBe('[erased]');
    expect(await reads()).toHaveLength(before);
  });

  it("a refused read (another agent's resolution, another tenant) logs nothing", async () => {
    const id = await resolve(t.seeded.acme.customers['dana.whitfield@example.com']!, 'Private');
    const before = (await reads()).length;
    expect((await call('senior@acme.test', 'GET', `/v1/qa/resolutions/${id}`)).statusCode).toBe(403);
    expect((await call('auditor@globex.test', 'GET', `/v1/qa/resolutions/${id}`)).statusCode).toBe(404);
    expect(await reads()).toHaveLength(before);
  });
});
