/** Identity resolution through the API: canonical matching, merge and unmerge, conflicts shown. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';
import { postEvent } from '../support/webhook';

let t: TestApp;
let key: { id: string; secret: string };
beforeAll(async () => {
  t = await startTestApp();
  key = (await t.app.repos.tenants.ingestKey('acme-demo'))!;
});
afterAll(() => t.close());

const auth = async (email: string) => ({ authorization: `Bearer ${await t.token(email)}` });
const tenant = () => t.seeded.acme.tenantId;

describe('identity resolution', () => {
  it('matches an email whatever its case or +tag, and a phone whatever its formatting', async () => {
    const dana = t.seeded.acme.customers['dana.whitfield@example.com'];
    const viaTag = await postEvent(t.url, key, {
      type: 'page.visited',
      customer: { email: 'DANA.WHITFIELD+shop@Example.com' },
      data: { url: 'https://shop.example.com/' },
    });
    expect(viaTag.body.customerId).toBe(dana);
    const { socket } = await t.socket(await t.token('agent@acme.test'));
    const res = await socket.emitWithAck('interaction:open', {
      helpdesk: 'zendesk',
      instance: 'acme.zendesk.com',
      ticketId: '9',
      requester: { phone: '+14155550123' },
    });
    expect('data' in res && res.data.status === 'known' && res.data.context.customer.name).toBe('Sam Okafor');
  });

  it('merges two records of one person, logged and reversible', async () => {
    const a = await t.app.repos.customers.create(tenant(), {
      name: 'D. Whitfield (old CRM)',
      tier: 'standard',
      lifetimeValueCents: 0,
      customerSince: 0,
      externalIds: ['old-crm-7'],
      phones: ['+14155550177'],
    });
    await postEvent(t.url, key, {
      id: randomUUID(),
      type: 'order.placed',
      customer: { externalId: 'old-crm-7' },
      data: { orderId: 'OLD-1', amountCents: 500, currency: 'USD' },
    });
    const dana = t.seeded.acme.customers['dana.whitfield@example.com']!;
    const merge = await t.app.inject({
      method: 'POST',
      url: `/v1/customers/${a}/merge`,
      headers: await auth('lead@acme.test'),
      payload: { into: dana, reason: 'Same phone and address' },
    });
    expect(merge.statusCode).toBe(201);
    expect(await t.app.repos.customers.resolveRef(tenant(), { externalId: 'old-crm-7' })).toBe(dana);
    const ctx = (await t.app.repos.customers.context(tenant(), dana))!;
    expect(ctx.recentEvents.some((e) => e.type === 'order.placed' && e.data.orderId === 'OLD-1')).toBe(true);
    expect((await t.app.repos.audit.forTarget(tenant(), `customer:${a}`)).map((r) => r.action)).toEqual(['customer.merge']);

    const undo = await t.app.inject({
      method: 'POST',
      url: `/v1/merges/${merge.json().mergeId}/undo`,
      headers: await auth('admin@acme.test'),
    });
    expect(undo.statusCode).toBe(200);
    expect(await t.app.repos.customers.resolveRef(tenant(), { externalId: 'old-crm-7' })).toBe(a);
    expect(await t.app.repos.customers.resolveRef(tenant(), { phone: '+14155550177' })).toBe(a);
    expect(
      (await t.app.repos.customers.context(tenant(), dana))!.recentEvents.some(
        (e) => e.type === 'order.placed' && e.data.orderId === 'OLD-1',
      ),
    ).toBe(false);
    const again = await t.app.inject({
      method: 'POST',
      url: `/v1/merges/${merge.json().mergeId}/undo`,
      headers: await auth('admin@acme.test'),
    });
    expect(again.json().message).toBe('This merge was already undone');
  });

  it('refuses merges from agents and across tenants', async () => {
    const dana = t.seeded.acme.customers['dana.whitfield@example.com']!;
    const marco = t.seeded.acme.customers['marco.rossi@example.com']!;
    const agent = await t.app.inject({
      method: 'POST',
      url: `/v1/customers/${marco}/merge`,
      headers: await auth('agent@acme.test'),
      payload: { into: dana, reason: 'x' },
    });
    expect(agent.statusCode).toBe(403);
    const hank = t.seeded.globex.customers['hank@globex.example']!;
    const cross = await t.app.inject({
      method: 'POST',
      url: `/v1/customers/${hank}/merge`,
      headers: await auth('lead@acme.test'),
      payload: { into: dana, reason: 'x' },
    });
    expect(cross.statusCode).toBe(404);
  });

  it('shows a conflict (one email claimed by two customers) instead of guessing, and a merge settles it', async () => {
    const dup = await t.app.repos.customers.create(tenant(), {
      name: 'Marco R.',
      tier: 'standard',
      lifetimeValueCents: 0,
      customerSince: 0,
      emails: ['marco.rossi+crm@example.com'],
    });
    const marco = t.seeded.acme.customers['marco.rossi@example.com']!;
    expect((await t.app.repos.customers.context(tenant(), marco))!.conflicts).toEqual([
      { kind: 'email', value: 'm***@example.com', otherCustomer: 'Marco R.' },
    ]);
    expect((await t.app.repos.customers.context(tenant(), dup))!.conflicts).toEqual([
      { kind: 'email', value: 'm***@example.com', otherCustomer: 'Marco Rossi' },
    ]);
    await t.app.inject({
      method: 'POST',
      url: `/v1/customers/${dup}/merge`,
      headers: await auth('lead@acme.test'),
      payload: { into: marco, reason: 'same person' },
    });
    expect((await t.app.repos.customers.context(tenant(), marco))!.conflicts).toEqual([]);
  });
});

describe('need-to-know', () => {
  it('serves contact details masked; a reveal of the customer on screen returns them and is audit-logged', async () => {
    const { socket } = await t.socket(await t.token('agent@acme.test'));
    const res = await socket.emitWithAck('interaction:open', {
      helpdesk: 'zendesk',
      instance: 'acme.zendesk.com',
      ticketId: '104',
      requester: { email: 'sam.okafor@example.com' },
    });
    if (!('data' in res) || res.data.status !== 'known') throw new Error('not known');
    expect(res.data.context.contact).toEqual({ email: 's***@example.com', phone: '+1 *** *** 0123' });
    const sam = res.data.context.customer.id;
    expect(await socket.emitWithAck('customer:reveal', { customerId: sam, field: 'phone' })).toEqual({ data: { value: '+14155550123' } });
    expect((await t.app.repos.audit.forTarget(tenant(), `customer:${sam}`)).map((r) => [r.action, r.detail])).toEqual([
      ['pii.reveal', { field: 'phone', interactionId: res.data.interactionId }],
    ]);
    const dana = t.seeded.acme.customers['dana.whitfield@example.com']!;
    expect(await socket.emitWithAck('customer:reveal', { customerId: dana, field: 'email' })).toEqual({
      error: 'Reveal is only for the customer on your screen',
    });
    const { socket: auditor } = await t.socket(await t.token('auditor@acme.test'));
    expect(await auditor.emitWithAck('customer:reveal', { customerId: sam, field: 'email' })).toEqual({
      error: 'Your role (auditor) may not pii reveal',
    });
  });
});

describe('signals', () => {
  it('computes churn risk with its reasons, repeat contacts, and sentiment from the conversation', async () => {
    const { socket } = await t.socket(await t.token('agent@acme.test'));
    const res = await socket.emitWithAck('interaction:open', {
      helpdesk: 'zendesk',
      instance: 'acme.zendesk.com',
      ticketId: '101',
      requester: { email: 'dana.whitfield@example.com' },
    });
    if (!('data' in res) || res.data.status !== 'known') throw new Error('not known');
    const { signals } = res.data.context;
    expect(signals.churn.level).toBe('high');
    expect(signals.churn.reasons).toEqual(
      expect.arrayContaining(['visited the cancellation page in the last 14 days', 'gave a low CSAT (2) recently']),
    );
    expect(signals.sla).toMatchObject({ targetMinutes: 120 });
    const scored = await socket.emitWithAck('interaction:messages', {
      interactionId: res.data.interactionId,
      messages: [
        { text: 'Thanks, that is great, I appreciate it' },
        { text: 'Actually this is terrible, I am angry and disappointed' },
        { text: 'Awful. Worst service ever.' },
      ],
    });
    if (!('data' in scored)) throw new Error(scored.error);
    expect(scored.data.sentiment.points).toHaveLength(3);
    expect(scored.data.sentiment.trend).toBe('worsening');
  });
});
