/**
 * Issue 23: a customer's answers to suggested offers are learnt once per contact, in the segment
 * the server sees, and only for an offer shown to the agent there; a resolution's cited grant
 * implies an acceptance only in the contact it was made in.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GrantOutcome } from '@shared/schemas/grants';
import type { OfferOutcomeReply, Recommendations } from '@shared/schemas/recommendations';
import type { Response } from '@shared/socket-reply';
import { startTestApp, type TestApp } from '../support/app';
import { openKnown } from '../support/helpdesk-instances';
import { saveTestOffers } from '../support/offers';
import { DANA, MARCO, recommendationHelpers } from '../support/recommendations';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  await saveTestOffers(t, 'offer outcomes test');
});
afterAll(() => t?.close());
const { customer, recommendationsOf, outcome, connect, shown } = recommendationHelpers(() => t);

describe('outcomes', () => {
  it('are learnt once per interaction, in the segment the server sees the customer in', async () => {
    const before = (await recommendationsOf(DANA)).recommendations.find((r) => r.offerId === 'small-credit')!;
    const socket = await connect();
    const interactionId = await openKnown(socket, '104', DANA);
    await shown(socket, interactionId, 'small-credit');
    socket.close();
    const sent = await Promise.all([1, 2, 3].map(() => outcome(DANA, { offerId: 'small-credit', accepted: true, interactionId })));
    expect(sent.map((r) => r.statusCode)).toEqual([200, 200, 200]);
    expect(sent.map((r) => r.json().status).sort()).toEqual(['duplicate', 'duplicate', 'stored']);
    expect(sent[0]!.json().segment).toBe(before.segment);
    const after = (await recommendationsOf(DANA)).recommendations.find((r) => r.offerId === 'small-credit')!;
    expect(after.factors.outcomes).toBe(before.factors.outcomes + 1);
    expect(after.factors.expectedAcceptance).toBeGreaterThan(before.factors.expectedAcceptance);
  });

  it('a duplicate says the answer that stands, named by the customer the first was merged into since', async () => {
    const tenantId = t.seeded.acme.tenantId;
    const record = (name: string, email: string) =>
      t.app.repos.customers.create(tenantId, { name, tier: 'standard', lifetimeValueCents: 0, customerSince: 0, emails: [email] });
    const [from, into] = [await record('Old Record', 'old.record@example.com'), await record('New Record', 'new.record@example.com')];
    const socket = await connect();
    const interactionId = await openKnown(socket, '131', 'old.record@example.com');
    await shown(socket, interactionId, 'small-credit');
    socket.close();
    const token = await t.token('agent@acme.test');
    const byId = (id: string, payload: object) =>
      t.app.inject({ method: 'POST', url: `/v1/customers/${id}/offer-outcomes`, headers: { authorization: `Bearer ${token}` }, payload });
    const first = await byId(from, { offerId: 'small-credit', accepted: false, interactionId });
    expect(first.json()).toMatchObject({ status: 'stored', recorded: { accepted: false, by: 'agent' } });
    await t.app.repos.customers.merge(tenantId, from, into, t.seeded.acme.users.admin, 'Same person');
    const again = await byId(into, { offerId: 'small-credit', accepted: true, interactionId });
    expect(again.json()).toMatchObject({ status: 'duplicate', recorded: { accepted: false, by: 'agent' } });
    // Another customer's id beside that interaction is not this contact's.
    const other = await byId(customer(MARCO), { offerId: 'small-credit', accepted: true, interactionId });
    expect(other.statusCode).toBe(422);
  });

  it('over REST without an interaction are learnt once per agent, customer and day: a repeat is a duplicate', async () => {
    const tally = async () => {
      const bySegment = (await t.app.repos.offerStats.stats(t.seeded.acme.tenantId))['small-credit'] ?? {};
      return Object.values(bySegment).reduce((n, s) => ({ accepted: n.accepted + s.accepted, declined: n.declined + s.declined }), {
        accepted: 0,
        declined: 0,
      });
    };
    const before = await tally();
    // Shown to each agent over REST first: an answer is to an offer the caller was shown.
    for (const as of ['agent@acme.test', 'senior@acme.test'])
      expect((await recommendationsOf(MARCO, as)).recommendations.map((r) => r.offerId)).toContain('small-credit');
    const sent = [];
    for (const accepted of [false, true, true]) sent.push((await outcome(MARCO, { offerId: 'small-credit', accepted })).json());
    expect(sent.map((r) => r.status)).toEqual(['stored', 'duplicate', 'duplicate']);
    // The first answer stands, and is the one learnt: once.
    expect(sent.map((r) => r.recorded)).toEqual(Array(3).fill({ accepted: false, by: 'agent' }));
    expect(await tally()).toEqual({ ...before, declined: before.declined + 1 });
    // Another agent's answer for the same customer is their own contact.
    expect((await outcome(MARCO, { offerId: 'small-credit', accepted: true }, 'senior@acme.test')).json().status).toBe('stored');
  });

  it('refuse an answer to an offer the agent was not shown there, in words, and learn nothing: a made-up ticket buys no answers', async () => {
    const before = await t.app.repos.offerStats.stats(t.seeded.acme.tenantId);
    const NOT_SHOWN = /^offerId: “small-credit” was not suggested to you for this customer here/;
    // Over the socket: a ticket opened and never asked about.
    const socket = await connect();
    try {
      const interactionId = await openKnown(socket, `made-up-${randomUUID()}`, DANA);
      const res = (await socket.emitWithAck('offer:outcome', {
        interactionId,
        offerId: 'small-credit',
        accepted: true,
      })) as Response<unknown>;
      expect(res).toMatchObject({ error: expect.stringMatching(NOT_SHOWN) });
      // Shown to another agent is not shown to this one.
      const rest = await outcome(DANA, { offerId: 'small-credit', accepted: true, interactionId }, 'agent@acme.test');
      expect(rest.statusCode).toBe(422);
    } finally {
      socket.close();
    }
    // Over REST, with no interaction: a customer this agent asked nothing about today.
    const rest = await outcome(DANA, { offerId: 'small-credit', accepted: true }, 'senior@acme.test');
    expect([rest.statusCode, rest.json().message]).toEqual([422, expect.stringMatching(NOT_SHOWN)]);
    expect(await t.app.repos.offerStats.stats(t.seeded.acme.tenantId)).toEqual(before);
  });

  it('refuse an offer the tenant does not have, a forged segment, and a user who may not grant, in words', async () => {
    const unknown = await outcome(DANA, { offerId: 'no-such-offer', accepted: true });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().message).toContain('not one of your tenant');
    const forged = await outcome(DANA, { offerId: 'small-credit', accepted: true, segment: 'gold/low' });
    expect(forged.statusCode).toBe(400);
    const missing = await outcome(DANA, { offerId: 'small-credit' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().message).toContain('accepted');
    const auditor = await outcome(DANA, { offerId: 'small-credit', accepted: false }, 'auditor@acme.test');
    expect(auditor.statusCode).toBe(403);
  });
});

describe('answers implied by a resolution', () => {
  it('a grant of a shown offer that the agent left unmarked is learnt as accepted from the resolution, once', async () => {
    const mine = await connect();
    try {
      const interactionId = await openKnown(mine, '102', MARCO);
      const marcoId = customer(MARCO);
      const tally = async () => (await t.app.repos.offerStats.stats(t.seeded.acme.tenantId))['small-credit'] ?? {};
      const before = await tally();
      const asked = (await mine.emitWithAck('offer:recommend', { interactionId })) as Response<Recommendations>;
      expect('data' in asked && asked.data.recommendations.map((r) => r.offerId)).toContain('small-credit');
      // The agent grants the small credit (typed or one click: the same path) and never marks an answer.
      const granted = (await mine.emitWithAck('grant:record', {
        customerId: marcoId,
        action: 'account_credit',
        amountCents: 1500,
        reasonCode: 'goodwill',
        interactionId,
        idempotencyKey: randomUUID(),
      })) as Response<GrantOutcome>;
      if (!('data' in granted) || granted.data.status === 'refused') throw new Error(`the small credit: ${JSON.stringify(granted)}`);
      const resolution = {
        idempotencyKey: randomUUID(),
        interactionId,
        customerId: marcoId,
        helpdesk: 'zendesk',
        instance: 'acme.zendesk.com',
        ticketId: '102',
        outcome: 'resolved' as const,
        category: 'billing' as const,
        handleTimeSeconds: 90,
        actions: [
          { action: 'account_credit', amountCents: 1500, grantId: granted.data.grant.id },
          // Claimed without a grant: the server cannot vouch for it, so it implies nothing.
          { action: 'expedited_shipping', amountCents: 1200 },
        ],
      };
      // Sent twice (a retried outbox delivery): one record, one acceptance learnt.
      for (let i = 0; i < 2; i++) {
        const logged = (await mine.emitWithAck('resolution:submit', resolution)) as Response<{ id: string }>;
        if (!('data' in logged)) throw new Error(logged.error);
        const entry = (await t.app.repos.log.byId(t.seeded.acme.tenantId, logged.data.id))!;
        expect((await t.app.repos.log.readPayload(t.seeded.acme.tenantId, entry))?.offers).toEqual([
          { offerId: 'small-credit', accepted: true, impliedBy: 'grant' },
        ]);
      }
      const after = await tally();
      const sum = (x: Record<string, { accepted: number }>) => Object.values(x).reduce((n, c) => n + c.accepted, 0);
      expect(sum(after) - sum(before)).toBe(1);
      // The agent's later mark does not count it again, nor change it: the interaction has its answer
      // for that offer, and the reply says which, so the panel shows what the record holds.
      const late = (await mine.emitWithAck('offer:outcome', {
        interactionId,
        offerId: 'small-credit',
        accepted: false,
      })) as Response<OfferOutcomeReply>;
      expect(late).toMatchObject({ data: { status: 'duplicate', recorded: { accepted: true, by: 'resolution' } } });
    } finally {
      mine.close();
    }
  });

  it('a grant cited on another ticket’s resolution is recorded as cited and implies no answer there: one grant is learnt once', async () => {
    const tenantId = t.seeded.acme.tenantId;
    const email = `cited.twice.${randomUUID().slice(0, 8)}@example.com`;
    const customerId = await t.app.repos.customers.create(tenantId, {
      name: 'Cited Twice',
      tier: 'standard',
      lifetimeValueCents: 0,
      customerSince: 0,
      emails: [email],
    });
    const mine = await connect();
    try {
      const onA = await openKnown(mine, '160', email);
      await shown(mine, onA, 'small-credit');
      const granted = (await mine.emitWithAck('grant:record', {
        customerId,
        action: 'account_credit',
        amountCents: 1500,
        reasonCode: 'goodwill',
        interactionId: onA,
        idempotencyKey: randomUUID(),
      })) as Response<GrantOutcome>;
      if (!('data' in granted) || granted.data.status === 'refused') throw new Error(`the small credit: ${JSON.stringify(granted)}`);
      // Another ticket of the same customer, the same offer shown there too, resolved citing the grant made on the first.
      const onB = await openKnown(mine, '161', email);
      await shown(mine, onB, 'small-credit');
      const tally = async () => (await t.app.repos.offerStats.stats(tenantId))['small-credit'] ?? {};
      const before = await tally();
      const logged = (await mine.emitWithAck('resolution:submit', {
        idempotencyKey: randomUUID(),
        interactionId: onB,
        customerId,
        helpdesk: 'zendesk',
        instance: 'acme.zendesk.com',
        ticketId: '161',
        outcome: 'resolved',
        category: 'billing',
        handleTimeSeconds: 60,
        actions: [{ action: 'account_credit', amountCents: 1500, grantId: granted.data.grant.id }],
      })) as Response<{ id: string }>;
      if (!('data' in logged)) throw new Error(logged.error);
      const payload = await t.app.repos.log.readPayload(tenantId, (await t.app.repos.log.byId(tenantId, logged.data.id))!);
      expect(payload?.actions).toMatchObject([{ grantId: granted.data.grant.id, via: 'leeway' }]);
      expect(payload?.offers).toBeUndefined();
      expect(await tally()).toEqual(before);
    } finally {
      mine.close();
    }
  });
});
