/**
 * Erasure requests: filed with the tenant's deadline, listed with where they stand (overdue once
 * past due), carried out with a receipt that names places and counts but none of the customer's
 * data; a repeat answers with the same receipt; other tenants and agents are refused.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';

/** Text with every UUID and hash taken out: what is left is what could carry a customer's data. */
/** Ids and times out: a random id or a millisecond timestamp may hold "4411" by chance (each did, once). */
const withoutIds = (text: string) =>
  text
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|v2:[0-9a-f]{64}/gi, '<id>')
    .replace(/\b\d{13}\b|\d{4}-\d{2}-\d{2}T[\d:.]+Z/g, '<time>');

let t: TestApp;
const tokens: Record<string, string> = {};
const DAY = 86_400_000;
const SAM = { email: 'sam.okafor@example.com', phone: '+14155550123', name: 'Sam Okafor' };

beforeAll(async () => {
  t = await startTestApp();
  for (const who of ['admin@acme.test', 'lead@acme.test', 'agent@acme.test', 'admin@globex.test']) tokens[who] = await t.token(who);
});
afterAll(() => t?.close());

const call = (as: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object, query?: Record<string, string>) =>
  t.app.inject({ method, url, query, headers: { authorization: `Bearer ${tokens[as]}` }, ...(payload && { payload }) });
const acme = () => t.seeded.acme;
const sam = () => acme().customers[SAM.email]!;

describe('erasure requests', () => {
  it('a filed request is listed pending, due after the tenant’s deadline, and shows overdue once past it', async () => {
    expect((await call('admin@acme.test', 'PUT', '/v1/settings/erasure', { deadlineDays: 14 })).statusCode).toBe(200);
    const before = Date.now();
    const filed = await call('lead@acme.test', 'POST', '/v1/erasure-requests', { customerId: sam(), note: 'Asked by email, ticket 4411' });
    expect(filed.statusCode, filed.body).toBe(200);
    const req = filed.json();
    expect(req).toMatchObject({
      customerId: sam(),
      requestedBy: acme().users.supervisor,
      status: 'pending',
      overdue: false,
      erasedAt: null,
      receipt: null,
    });
    expect(Date.parse(req.dueAt) - before).toBeGreaterThanOrEqual(14 * DAY - 1000);
    expect(Date.parse(req.dueAt) - before).toBeLessThan(14 * DAY + 60_000);
    // Filing again finds the same request.
    expect((await call('admin@acme.test', 'POST', '/v1/erasure-requests', { customerId: sam() })).json().id).toBe(req.id);

    const pending = (await call('admin@acme.test', 'GET', '/v1/erasure-requests', undefined, { status: 'pending' })).json().requests;
    expect(pending.map((r: { id: string }) => r.id)).toContain(req.id);

    const { erasureRequests } = t.app.db.t;
    await t.app.db.tx((tx) =>
      tx
        .update(erasureRequests)
        .set({ dueAt: Date.now() - DAY })
        .where(eq(erasureRequests.id, req.id)),
    );
    const listed = (await call('admin@acme.test', 'GET', '/v1/erasure-requests'))
      .json()
      .requests.find((r: { id: string }) => r.id === req.id);
    expect(listed).toMatchObject({ status: 'pending', overdue: true });
  });

  it('erasing a request marks it erased with a receipt of places and counts that holds none of the customer’s data', async () => {
    const [req] = (await call('admin@acme.test', 'GET', '/v1/erasure-requests', undefined, { status: 'pending' }))
      .json()
      .requests.filter((r: { customerId: string }) => r.customerId === sam());
    const erased = await call('admin@acme.test', 'POST', `/v1/erasure-requests/${req.id}/erase`, {});
    expect(erased.statusCode, erased.body).toBe(200);
    const done = erased.json();
    expect(done).toMatchObject({ id: req.id, status: 'erased', overdue: false, erasedBy: acme().users.admin });
    expect(done.receipt.places).toEqual(
      expect.arrayContaining([
        { place: 'customers', count: 1 },
        { place: 'identities', count: 2 },
        { place: 'events', count: 1 },
      ]),
    );
    expect(done.receipt).toMatchObject({
      customers: [sam()],
      erasedBy: acme().users.admin,
      logEntry: { id: expect.any(String), seq: expect.any(Number) },
    });
    // Ids and times are taken out before looking (withoutIds).
    const text = withoutIds(JSON.stringify(done));
    for (const value of [SAM.email, SAM.phone, SAM.name, 'Okafor', '4411']) expect(text).not.toContain(value);
    // The listing too, and the request's note is gone from the audit log.
    expect(withoutIds(JSON.stringify((await call('admin@acme.test', 'GET', '/v1/erasure-requests')).json()))).not.toMatch(
      /okafor|5550123|4411/i,
    );
    expect(withoutIds(JSON.stringify(await t.app.repos.audit.forTarget(acme().tenantId, `customer:${sam()}`)))).not.toMatch(
      /okafor|5550123|4411/i,
    );

    // A second erase, either way, answers with the same receipt.
    const again = await call('admin@acme.test', 'POST', `/v1/erasure-requests/${req.id}/erase`, {});
    expect(again.json().receipt).toEqual(done.receipt);
    const direct = await call('admin@acme.test', 'POST', `/v1/customers/${sam()}/erase`, {});
    expect(direct.statusCode).toBe(200);
    expect(direct.json()).toMatchObject({
      status: 'duplicate',
      id: done.receipt.logEntry.id,
      erasureRequest: { id: req.id, receipt: done.receipt },
    });
  });

  it('a direct erasure records an erased request with its receipt', async () => {
    const priya = acme().customers['priya@example.com']!;
    const res = await call('admin@acme.test', 'POST', `/v1/customers/${priya}/erase`, {});
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'stored',
      erasureRequest: { customerId: priya, status: 'erased', receipt: { customers: [priya] } },
    });
    const listed = (await call('admin@acme.test', 'GET', '/v1/erasure-requests', undefined, { status: 'erased' })).json().requests;
    expect(listed.map((r: { customerId: string }) => r.customerId)).toContain(priya);
    expect(JSON.stringify(listed)).not.toMatch(/priya|natarajan/i);
  });

  it('another tenant finds nothing, agents are refused, and settings are validated', async () => {
    const [one] = (await call('admin@acme.test', 'GET', '/v1/erasure-requests')).json().requests;
    const marco = acme().customers['marco.rossi@example.com']!;
    expect((await call('admin@globex.test', 'POST', `/v1/erasure-requests/${one.id}/erase`, {})).statusCode).toBe(404);
    expect((await call('admin@globex.test', 'POST', '/v1/erasure-requests', { customerId: marco })).statusCode).toBe(404);
    expect((await call('admin@globex.test', 'GET', '/v1/erasure-requests')).json().requests).toEqual([]);
    expect((await call('agent@acme.test', 'POST', '/v1/erasure-requests', { customerId: marco })).statusCode).toBe(403);
    expect((await call('agent@acme.test', 'GET', '/v1/erasure-requests')).statusCode).toBe(403);
    expect((await call('lead@acme.test', 'POST', `/v1/erasure-requests/${one.id}/erase`, {})).statusCode).toBe(403);
    expect((await call('lead@acme.test', 'PUT', '/v1/settings/erasure', { deadlineDays: 30 })).statusCode).toBe(403);
    const bad = await call('admin@acme.test', 'PUT', '/v1/settings/erasure', { deadlineDays: 3 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/from 7 to 90/);
    const audited = await t.app.repos.audit.forTarget(acme().tenantId, 'settings:erasure');
    expect(audited[0]!.detail).toEqual({ deadlineDays: { from: 30, to: 14 } });
  });
});
