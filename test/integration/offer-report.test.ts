/**
 * Issue 23, QA's side: what the panel was shown over the socket, what the agent granted in that
 * interaction and what the customer answered become GET /v1/qa/offers: acceptance and value per
 * offer and team, and overrides (a grant no shown offer grants). Supervisors and QA read it,
 * agents do not, and another tenant sees none of it.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InteractionOpened } from '@shared/schemas/context';
import type { OfferReport } from '@shared/schemas/qa-offer-replies';
import type { Recommendations } from '@shared/schemas/recommendations';
import type { Response } from '@shared/socket-reply';
import { type ClientSocket, startTestApp, type TestApp } from '../support/app';
import { saveTestOffers, TEST_OFFERS } from '../support/offers';

let t: TestApp;
let from: string;
const DANA = 'dana.whitfield@example.com';

beforeAll(async () => {
  t = await startTestApp();
  // After the demo seed: the period holds this test's doings alone.
  from = new Date(Date.now() - 1000).toISOString();
  await saveTestOffers(t, 'offer report test');
});
afterAll(() => t?.close());

async function report(as: string, query?: Record<string, string>) {
  return t.app.inject({
    url: '/v1/qa/offers',
    query: query ?? { from, to: new Date(Date.now() + 60_000).toISOString() },
    headers: { authorization: `Bearer ${await t.token(as)}` },
  });
}

type Emit = (event: string, payload: unknown) => Promise<unknown>;
// Loosely typed: the replies are checked against what each event answers below.
const emitter = (socket: ClientSocket): Emit => socket.emitWithAck.bind(socket) as unknown as Emit;
async function openOn(emit: Emit, ticketId: string): Promise<string> {
  const opened = (await emit('interaction:open', {
    helpdesk: 'zendesk',
    instance: 'acme.zendesk.com',
    ticketId,
    requester: { email: DANA },
  })) as Response<InteractionOpened>;
  if (!('data' in opened) || opened.data.status !== 'known')
    throw new Error(`Dana should be known: ${JSON.stringify(opened).slice(0, 200)}`);
  return opened.data.interactionId;
}

describe('GET /v1/qa/offers', () => {
  it('counts what was shown, granted and answered over the socket, exactly', async () => {
    const { socket, error } = await t.socket(await t.token('agent@acme.test'));
    if (error) throw new Error(error);
    const emit = emitter(socket);
    const customerId = t.seeded.acme.customers[DANA]!;
    try {
      // Interaction A: shown the three (asked twice: stored once), granted the small credit, which the customer accepted.
      const a = await openOn(emit, '201');
      for (const _ of [1, 2]) {
        const asked = (await emit('offer:recommend', { interactionId: a })) as Response<Recommendations>;
        expect('data' in asked && asked.data.recommendations.map((r) => r.offerId).sort()).toEqual([
          'big-credit',
          'call-back',
          'small-credit',
        ]);
      }
      const granted = (await emit('grant:record', {
        customerId,
        action: 'account_credit',
        amountCents: 1500,
        reasonCode: 'goodwill',
        interactionId: a,
        idempotencyKey: randomUUID(),
      })) as Response<{ status: string }>;
      expect(granted).toMatchObject({ data: { status: 'recorded' } });
      expect(await emit('offer:outcome', { interactionId: a, offerId: 'small-credit', accepted: true })).toMatchObject({
        data: { status: 'stored' },
      });

      // Interaction B: shown the same three, the agent chose a discount (no shown offer grants one): an override.
      await emit('offer:recommend', { interactionId: await openOn(emit, '202') });
    } finally {
      socket.close();
    }
    // After a reload (a new connection opens the ticket again, a new interaction of the same contact):
    // the grant there is still made where the offers were shown.
    const again = await t.socket(await t.token('agent@acme.test'));
    if (again.error) throw new Error(again.error);
    try {
      const emit = emitter(again.socket);
      const b = await openOn(emit, '202');
      const other = (await emit('grant:record', {
        customerId,
        action: 'discount',
        amountCents: 500,
        interactionId: b,
        idempotencyKey: randomUUID(),
      })) as Response<{ status: string }>;
      expect(other).toMatchObject({ data: { status: 'recorded' } });
      expect(await emit('offer:outcome', { interactionId: b, offerId: 'call-back', accepted: false })).toMatchObject({
        data: { status: 'stored' },
      });
    } finally {
      again.socket.close();
    }

    const res = await report('auditor@acme.test');
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json() as OfferReport;
    expect(r.totals).toEqual({ shown: 2, accepted: 1, declined: 1, acceptanceRate: 0.5, valueDeliveredCents: 4000, overrides: 1 });
    expect(r.offers).toEqual([
      {
        offerId: 'small-credit',
        name: 'Small credit',
        shown: 2,
        accepted: 1,
        declined: 0,
        acceptanceRate: 1,
        valueDeliveredCents: 4000,
        overrides: 1,
      },
      {
        offerId: 'big-credit',
        name: 'Big credit',
        shown: 2,
        accepted: 0,
        declined: 0,
        acceptanceRate: null,
        valueDeliveredCents: 0,
        overrides: 1,
      },
      {
        offerId: 'call-back',
        name: 'Call back tomorrow',
        shown: 2,
        accepted: 0,
        declined: 1,
        acceptanceRate: 0,
        valueDeliveredCents: 0,
        overrides: 1,
      },
    ]);
    expect(r.teams).toEqual([
      { team: 'billing', shown: 2, accepted: 1, declined: 1, acceptanceRate: 0.5, valueDeliveredCents: 4000, overrides: 1 },
    ]);
    // One grantable money offer per interaction is no choice of amounts: nobody to flag.
    expect(r.generous).toEqual([]);
    expect(r.thresholds).toEqual({ minInteractions: 5, minShare: 0.9 });
  });

  it('supervisors and auditors read it; agents are refused', async () => {
    expect((await report('lead@acme.test')).statusCode).toBe(200);
    expect((await report('auditor@acme.test')).statusCode).toBe(200);
    const agent = await report('agent@acme.test');
    expect(agent.statusCode).toBe(403);
  });

  it('another tenant sees none of it', async () => {
    const res = await report('auditor@globex.test');
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json() as OfferReport;
    expect(r.totals).toMatchObject({ shown: 0, overrides: 0 });
    expect(r.offers.map((o) => o.offerId)).not.toContain('small-credit');
    expect(r.offers.every((o) => o.shown === 0 && o.overrides === 0)).toBe(true);
  });

  it('flags an agent who granted the larger of two grantable credits in 5 of 5 interactions', async () => {
    const since = new Date(Date.now() - 1).toISOString();
    const two = [
      { ...TEST_OFFERS[0], id: 'credit-10', name: 'Credit $10', amount: { rule: 'fixed', cents: 1000 } },
      { ...TEST_OFFERS[0], id: 'credit-25', name: 'Credit $25', amount: { rule: 'fixed', cents: 2500 } },
      TEST_OFFERS[2],
    ];
    const put = await t.app.inject({
      method: 'PUT',
      url: '/v1/settings/offers',
      headers: { authorization: `Bearer ${await t.token('admin@acme.test')}` },
      payload: { offers: two, note: 'two credits' },
    });
    expect(put.statusCode, put.body).toBe(200);
    const { socket, error } = await t.socket(await t.token('senior@acme.test'));
    if (error) throw new Error(error);
    const emit = emitter(socket);
    try {
      for (const ticket of ['301', '302', '303', '304', '305']) {
        const interactionId = await openOn(emit, ticket);
        const asked = (await emit('offer:recommend', { interactionId })) as Response<Recommendations>;
        const modes = 'data' in asked ? asked.data.recommendations.map((r) => `${r.offerId}:${r.mode}`).sort() : asked;
        expect(modes).toEqual(['call-back:step', 'credit-10:grantable', 'credit-25:grantable']);
        const granted = await emit('grant:record', {
          customerId: t.seeded.acme.customers[DANA]!,
          action: 'account_credit',
          amountCents: 2500,
          reasonCode: 'goodwill',
          interactionId,
          idempotencyKey: randomUUID(),
        });
        expect(granted).toMatchObject({ data: { status: 'recorded' } });
      }
    } finally {
      socket.close();
    }
    const res = await report('lead@acme.test', { from: since, to: new Date(Date.now() + 60_000).toISOString() });
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json() as OfferReport;
    expect(r.totals).toMatchObject({ shown: 5, overrides: 0 });
    expect(r.generous).toEqual([
      {
        agentId: t.seeded.acme.users.senior,
        agentName: 'Sasha Senior',
        team: 'billing',
        interactions: 5,
        tookHighest: 5,
        share: 1,
        why: expect.stringContaining('5 of 5 interactions (100%)'),
      },
    ]);
  });

  it('refuses a period that is not one, in words', async () => {
    const backwards = await report('auditor@acme.test', { from: '2026-11-02T00:00:00Z', to: '2026-11-01T00:00:00Z' });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().message).toContain('to: must be after from');
    const garbled = await report('auditor@acme.test', { from: 'yesterday' });
    expect(garbled.statusCode).toBe(400);
    expect(garbled.json().message).toContain('ISO 8601');
  });

  it('erasing the customer removes what they were shown and answered from the report', async () => {
    const erased = await t.app.inject({
      method: 'POST',
      url: `/v1/customers/${t.seeded.acme.customers[DANA]!}/erase`,
      headers: { authorization: `Bearer ${await t.token('admin@acme.test')}` },
      payload: {},
    });
    expect(erased.statusCode, erased.body).toBe(200);
    const r = (await report('auditor@acme.test')).json() as OfferReport;
    expect(r.totals).toEqual({ shown: 0, accepted: 0, declined: 0, acceptanceRate: null, valueDeliveredCents: 0, overrides: 0 });
    expect(r.generous).toEqual([]);
  });
});
