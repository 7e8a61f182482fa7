/**
 * Issue 23 over the API: recommendations are the server's, computed for the signed-in agent with
 * the same situation a grant is checked against. A small offer within the agent's leeway is a
 * one-click grant; one above it says which level approves it; a hard stop removes every offer,
 * never lowers one; only the customer of an interaction the connection opened is answered.
 * Outcomes: offer-outcomes.test.ts.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { OfferOutcomeReply, Recommendations } from '@shared/schemas/recommendations';
import type { Response } from '@shared/socket-reply';
import { startTestApp, type TestApp } from '../support/app';
import { openKnown } from '../support/helpdesk-instances';
import { saveTestOffers } from '../support/offers';
import { DANA, SAM, recommendationHelpers } from '../support/recommendations';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  await saveTestOffers(t, 'recommendations test');
});
afterAll(() => t?.close());
const { customer, recommendationsOf, connect } = recommendationHelpers(() => t);

describe('recommendations', () => {
  it('within the leeway is grantable in one click; above it names the level that approves; a step grants nothing', async () => {
    const { offersVersion, recommendations } = await recommendationsOf(DANA);
    expect(offersVersion).toBeGreaterThan(0);
    const byId = Object.fromEntries(recommendations.map((r) => [r.offerId, r]));
    expect(Object.keys(byId).sort()).toEqual(['big-credit', 'call-back', 'small-credit']);
    expect(byId['small-credit']).toMatchObject({ mode: 'grantable', action: 'account_credit', amountCents: 1500, approval: null });
    expect(byId['big-credit']).toMatchObject({ mode: 'needsApproval', amountCents: 9000, approval: { level: 'team_lead' } });
    expect(byId['call-back']).toMatchObject({ mode: 'step', step: 'call_back', amountCents: null });
    for (const r of recommendations) expect(r.reason.length).toBeGreaterThan(10);
  });

  it('a hard stop removes every offer, never just lowers it: the stop is the guidance', async () => {
    // Dana gets all three; Sam (an open chargeback) none, not even the step beside the stop.
    expect((await recommendationsOf(DANA)).recommendations).toHaveLength(3);
    expect((await recommendationsOf(SAM)).recommendations).toEqual([]);
  });

  it('another tenant’s customer is not found', async () => {
    const res = await t.app.inject({
      url: `/v1/customers/${customer(DANA)}/recommendations`,
      headers: { authorization: `Bearer ${await t.token('agent@globex.test')}` },
    });
    expect(res.statusCode).toBe(404);
  });
});

describe('over the socket: only for the customer of an interaction this connection opened', () => {
  it('answers the panel on the ticket, and nobody else', async () => {
    const mine = await connect();
    const other = await connect();
    try {
      const interactionId = await openKnown(mine, '111', DANA);
      const asked = (await mine.emitWithAck('offer:recommend', { interactionId })) as Response<Recommendations>;
      expect('data' in asked && asked.data.recommendations.map((r) => r.offerId).sort()).toEqual([
        'big-credit',
        'call-back',
        'small-credit',
      ]);
      // The same user's other connection has not opened this ticket: need-to-know, as for reveals.
      const elsewhere = (await other.emitWithAck('offer:recommend', { interactionId })) as Response<Recommendations>;
      expect(elsewhere).toMatchObject({ error: expect.stringContaining('No such open interaction') });
      const told = (await mine.emitWithAck('offer:outcome', {
        interactionId,
        offerId: 'call-back',
        accepted: false,
      })) as Response<OfferOutcomeReply>;
      expect(told).toMatchObject({ data: { status: 'stored' } });
      const again = (await mine.emitWithAck('offer:outcome', {
        interactionId,
        offerId: 'call-back',
        accepted: false,
      })) as Response<OfferOutcomeReply>;
      expect(again).toMatchObject({ data: { status: 'duplicate' } });
      // Resolved: the record in the log carries the customer's answer, as recorded, whatever the panel sends.
      const logged = (await mine.emitWithAck('resolution:submit', {
        idempotencyKey: randomUUID(),
        interactionId,
        customerId: t.seeded.acme.customers[DANA]!,
        helpdesk: 'zendesk',
        instance: 'acme.zendesk.com',
        ticketId: '111',
        outcome: 'resolved',
        category: 'billing',
        handleTimeSeconds: 120,
      })) as Response<{ id: string }>;
      if (!('data' in logged)) throw new Error(logged.error);
      const entry = (await t.app.repos.log.byId(t.seeded.acme.tenantId, logged.data.id))!;
      expect((await t.app.repos.log.readPayload(t.seeded.acme.tenantId, entry))?.offers).toEqual([
        { offerId: 'call-back', accepted: false },
      ]);
    } finally {
      mine.close();
      other.close();
    }
  });

  it('stores what the panel was shown once per interaction: asking again writes nothing', async () => {
    const mine = await connect();
    try {
      const interactionId = await openKnown(mine, '103', DANA);
      const record = vi.spyOn(t.app.repos.offerImpressions, 'record');
      for (let i = 0; i < 3; i++) {
        const asked = (await mine.emitWithAck('offer:recommend', { interactionId })) as Response<Recommendations>;
        expect('data' in asked && asked.data.recommendations).toHaveLength(3);
      }
      expect(record).toHaveBeenCalledTimes(1);
      expect(record.mock.calls[0]![2].map((s) => s.offerId).sort()).toEqual(['big-credit', 'call-back', 'small-credit']);
      const rows = await (await t.raw()).one<{ n: number }>(
        'select count(*) as n from offer_impressions where interaction_id = ?',
        interactionId,
      );
      expect(Number(rows!.n)).toBe(3);
    } finally {
      mine.close();
    }
  });
});
