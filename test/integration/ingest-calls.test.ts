/**
 * A platform's call lifecycle (issue 22), POST /v1/ingest/calls: signed like the events webhook;
 * the caller matched once (a shared number is a conflict, never a guess); the call only moves
 * forward, so redelivered, late, out-of-order and simultaneous events leave one right row; a known
 * caller's call enters their history once as a contact, opened and closed; and a call's
 * resolution takes its handle time from the platform's events rather than from the panel.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedHeaders } from '@shared/webhook-signature';
import { startTestApp, type TestApp } from '../support/app';

let t: TestApp;
let secret: string;
beforeAll(async () => {
  t = await startTestApp();
  secret = (await t.app.repos.tenants.ingestKey('acme-demo'))!.secret;
});
afterAll(() => t.close());

const SAM = '+14155550123';
const at = (s: number) => new Date(Date.UTC(2026, 11, 5, 9, 0, s)).toISOString();
const send = (body: Record<string, unknown>, sign = true) => {
  const payload = JSON.stringify(body);
  const headers = sign ? signedHeaders('acme-demo', secret, payload) : { 'content-type': 'application/json' };
  return t.app.inject({ method: 'POST', url: '/v1/ingest/calls', headers, payload });
};
const event = (contactId: string, state: string, s: number, over: Record<string, unknown> = {}) => ({
  platform: 'amazon-connect',
  contactId,
  state,
  caller: '(415) 555-0123',
  occurredAt: at(s),
  ...over,
});
/** The customer events a call put in someone's history. */
const contactsOf = async (contactId: string) =>
  (await t.raw()).all<{ type: string; customer_id: string }>(
    'select type, customer_id from events where external_id like ? order by type desc',
    `call:amazon-connect:${contactId}:%`,
  );

describe('POST /v1/ingest/calls', () => {
  it('follows a call from ringing to its end, matching the caller once and keeping each state’s first time', async () => {
    const id = randomUUID();
    const sam = await t.app.repos.customers.whoIsCalling(t.seeded.acme.tenantId, SAM);
    const ringing = await send(event(id, 'ringing', 0, { agent: 'Agent@Acme.test' }));
    expect(ringing.statusCode, ringing.body).toBe(200);
    expect(ringing.json()).toMatchObject({ status: 'stored', state: 'ringing', caller: 'known', handleTimeSeconds: null });
    const customerId = ringing.json().customerId as string;
    expect(customerId).toBeTruthy();
    expect(sam).toMatchObject({ status: 'known', customerId });

    expect((await send(event(id, 'ringing', 0))).json()).toMatchObject({ status: 'unchanged', state: 'ringing' });
    expect((await send(event(id, 'connected', 10))).json()).toMatchObject({ status: 'stored', state: 'connected' });
    // A later event naming another number does not change who called.
    expect((await send(event(id, 'wrap-up', 250, { caller: '+12125550199' }))).json()).toMatchObject({
      state: 'wrap-up',
      customerId,
    });
    expect((await send(event(id, 'ended', 310))).json()).toMatchObject({ status: 'stored', state: 'ended', handleTimeSeconds: 300 });
    // Late and repeated: nothing moves back, no time is rewritten.
    expect((await send(event(id, 'connected', 400))).json()).toMatchObject({ status: 'unchanged', state: 'ended', handleTimeSeconds: 300 });

    const row = await t.app.repos.calls.get(t.seeded.acme.tenantId, 'amazon-connect', id);
    expect(row).toMatchObject({ state: 'ended', callerE164: SAM, customerId, agentUserId: t.seeded.acme.users.agent });
    expect(await contactsOf(id)).toEqual([
      { type: 'contact.opened', customer_id: customerId },
      { type: 'contact.closed', customer_id: customerId },
    ]);
  });

  it('takes events out of order and at once, and still stores one call and one contact', async () => {
    const id = randomUUID();
    const second = { ringing: 0, connected: 5, 'wrap-up': 65, ended: 95 } as const;
    const order = ['ended', 'wrap-up', 'connected', 'ringing', 'connected', 'ended'] as const;
    const all = order.map((state) => send(event(id, state, second[state])));
    const replies = await Promise.all(all);
    for (const r of replies) expect(r.statusCode, r.body).toBe(200);
    const row = await t.app.repos.calls.get(t.seeded.acme.tenantId, 'amazon-connect', id);
    expect(row).toMatchObject({
      state: 'ended',
      ringingAt: Date.parse(at(0)),
      connectedAt: Date.parse(at(5)),
      endedAt: Date.parse(at(95)),
    });
    expect(replies.filter((r) => r.json().status === 'stored').length).toBeGreaterThanOrEqual(1);
    expect((await contactsOf(id)).map((c) => c.type)).toEqual(['contact.opened', 'contact.closed']);
  });

  it('names no one for a number two customers claim, or a withheld one, and puts it in nobody’s history', async () => {
    const tenantId = t.seeded.acme.tenantId;
    for (const name of ['Household One', 'Household Two'])
      await t.app.repos.customers.create(tenantId, {
        name,
        tier: 'standard',
        lifetimeValueCents: 0,
        customerSince: Date.now(),
        phones: ['+1 212 555 0177'],
      });
    const shared = randomUUID();
    expect((await send(event(shared, 'ringing', 0, { caller: '212-555-0177' }))).json()).toMatchObject({
      caller: 'conflict',
      customerId: null,
    });
    const withheld = randomUUID();
    expect((await send(event(withheld, 'ringing', 0, { caller: null }))).json()).toMatchObject({ caller: 'withheld', customerId: null });
    expect((await send(event(withheld, 'ended', 20))).json()).toMatchObject({ caller: 'withheld', state: 'ended' });
    expect([...(await contactsOf(shared)), ...(await contactsOf(withheld))]).toEqual([]);
  });

  it('refuses an unsigned event, and says what is wrong with a bad one, storing nothing', async () => {
    const id = randomUUID();
    expect((await send(event(id, 'ringing', 0), false)).statusCode).toBe(401);
    const bad = await send({ ...event(id, 'on-hold', 0), platform: 'Amazon Connect' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain('state: must be one of: ringing, connected, wrap-up, ended');
    expect(bad.json().message).toContain('platform: must be the platform’s name in lower-case letters');
    const missing = await send({ platform: 'five9', state: 'ringing', occurredAt: at(0) });
    expect(missing.json().message).toContain('contactId: is required');
    expect(await t.app.repos.calls.get(t.seeded.acme.tenantId, 'amazon-connect', id)).toBeNull();
  });

  it('links no agent of another tenant, whatever email the platform sends', async () => {
    const id = randomUUID();
    await send(event(id, 'ringing', 0, { agent: 'agent@globex.test' }));
    expect((await t.app.repos.calls.get(t.seeded.acme.tenantId, 'amazon-connect', id))?.agentUserId).toBeNull();
  });

  it('follows a transfer that keeps the contact’s id to its new agent, and never back on a late event', async () => {
    const id = randomUUID();
    const agentOf = async () => (await t.app.repos.calls.get(t.seeded.acme.tenantId, 'amazon-connect', id))?.agentUserId;
    const { agent, senior } = t.seeded.acme.users;
    await send(event(id, 'connected', 10, { agent: 'agent@acme.test' }));
    expect(await agentOf()).toBe(agent);
    // Transferred: the platform's next event names the senior agent.
    expect((await send(event(id, 'connected', 60, { agent: 'senior@acme.test' }))).json()).toMatchObject({ status: 'stored' });
    expect(await agentOf()).toBe(senior);
    // The first agent's ringing, arriving late, changes nothing.
    expect((await send(event(id, 'ringing', 5, { agent: 'agent@acme.test' }))).json()).toMatchObject({ status: 'stored' });
    expect(await agentOf()).toBe(senior);
    expect((await send(event(id, 'connected', 30, { agent: 'agent@acme.test' }))).json()).toMatchObject({ status: 'unchanged' });
    expect(await agentOf()).toBe(senior);
    // The same time again names nobody new; the agent leaving names themselves in after-call work and moves nothing.
    expect((await send(event(id, 'connected', 60, { agent: 'agent@acme.test' }))).json()).toMatchObject({ status: 'unchanged' });
    expect((await send(event(id, 'wrap-up', 90, { agent: 'agent@acme.test' }))).json()).toMatchObject({ status: 'stored' });
    expect(await agentOf()).toBe(senior);
    // Named again later, the senior agent's time moves on: an answer older than that, arriving late, moves nothing.
    await send(event(id, 'connected', 70, { agent: 'senior@acme.test' }));
    expect((await send(event(id, 'ringing', 65, { agent: 'agent@acme.test' }))).json()).toMatchObject({ status: 'unchanged' });
    expect(await agentOf()).toBe(senior);
  });
});

describe('the resolution of a call the platform told us of', () => {
  it('takes its handle time from the platform’s events, not the panel’s count', async () => {
    const id = randomUUID();
    const now = Date.now();
    const iso = (ms: number) => new Date(ms).toISOString();
    await send(event(id, 'connected', 0, { occurredAt: iso(now - 420_000) }));
    await send(event(id, 'ended', 0, { occurredAt: iso(now - 60_000) }));
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/resolutions',
      headers: { authorization: `Bearer ${await t.token('agent@acme.test')}` },
      payload: {
        idempotencyKey: randomUUID(),
        helpdesk: 'amazon-connect',
        instance: 'acme.my.connect.aws',
        ticketId: id,
        outcome: 'resolved',
        category: 'billing',
        handleTimeSeconds: 9999,
        channel: 'voice',
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const view = await t.app.inject({
      url: `/v1/qa/resolutions/${res.json().id}`,
      headers: { authorization: `Bearer ${await t.token('auditor@acme.test')}` },
    });
    expect(view.json().payload).toMatchObject({ handleTimeSeconds: 360, handleTimeFrom: 'platform', channel: 'voice' });
  });
});
