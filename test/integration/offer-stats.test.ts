/**
 * Offer outcomes and the tallies learnt from them (issue 23), on the engine under test: one
 * outcome per offer per interaction however often and however concurrently it is delivered;
 * concurrent outcomes of one cell all count; stats come back in shared/nba/learn.ts's shape;
 * erasing a customer deletes their outcomes and leaves the counts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Outcome, recordOutcomes } from '@shared/nba/learn';
import type { NewOutcome } from '../../server/src/repositories/offer-stats';
import { startTestApp, type TestApp } from '../support/app';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const repo = () => t.app.repos.offerStats;
const acme = () => t.seeded.acme;
const outcome = (over: Partial<NewOutcome> = {}): NewOutcome => ({
  offerId: 'retention-credit',
  segment: 'gold/high',
  accepted: true,
  interactionId: 'interaction-1',
  customerId: acme().customers['dana.whitfield@example.com']!,
  userId: acme().users.agent,
  occurredAt: Date.now(),
  source: 'agent',
  ...over,
});
const rows = async (sql: string, ...params: unknown[]) => (await (await t.raw()).one<{ n: number }>(sql, ...params))!.n;

describe('offer outcomes', () => {
  it('are counted once when the same outcome is delivered five times at once', async () => {
    expect(await repo().stats(acme().tenantId)).toEqual({});
    const results = await Promise.all(Array.from({ length: 5 }, () => repo().recordOutcome(acme().tenantId, outcome())));
    expect(results.sort()).toEqual(['duplicate', 'duplicate', 'duplicate', 'duplicate', 'stored']);
    // Later, and answered the other way: still the interaction's one outcome for this offer.
    expect(await repo().recordOutcome(acme().tenantId, outcome({ accepted: false }))).toBe('duplicate');
    expect(await repo().stats(acme().tenantId)).toEqual({ 'retention-credit': { 'gold/high': { accepted: 1, declined: 0 } } });
    expect(await rows("select count(*) as n from offer_outcomes where interaction_id = 'interaction-1'")).toBe(1);
  });

  it('of different interactions in one cell all count, however concurrent', async () => {
    const declines = Array.from({ length: 8 }, (_, i) => outcome({ accepted: false, interactionId: `declined-${i}` }));
    expect(await Promise.all(declines.map((o) => repo().recordOutcome(acme().tenantId, o)))).toEqual(declines.map(() => 'stored'));
    expect((await repo().stats(acme().tenantId))['retention-credit']).toEqual({ 'gold/high': { accepted: 1, declined: 8 } });
  });

  it("come back as learn.ts's OfferStats: offer → segment → tally, as recordOutcomes would count them", async () => {
    const more: Outcome[] = [
      { offerId: 'retention-credit', segment: 'silver/medium', accepted: true },
      { offerId: 'call-back', segment: 'gold/high', accepted: false },
      { offerId: 'call-back', segment: 'gold/high', accepted: true },
    ];
    for (const [i, o] of more.entries()) await repo().recordOutcome(acme().tenantId, outcome({ ...o, interactionId: `shape-${i}` }));
    const already: Outcome[] = [
      { offerId: 'retention-credit', segment: 'gold/high', accepted: true },
      ...Array.from({ length: 8 }, () => ({ offerId: 'retention-credit', segment: 'gold/high', accepted: false })),
    ];
    const stats = await repo().stats(acme().tenantId);
    expect(stats).toEqual(recordOutcomes({}, [...already, ...more]));

    // A segment named like a prototype key comes back as a plain key like any other.
    await repo().recordOutcome(acme().tenantId, outcome({ offerId: 'call-back', segment: '__proto__', interactionId: 'shape-proto' }));
    const odd = (await repo().stats(acme().tenantId))['call-back']!;
    expect(Object.getPrototypeOf(odd)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(odd, '__proto__')?.value).toEqual({ accepted: 1, declined: 0 });
  });

  it("are the tenant's own: the same interaction and offer in another tenant is another outcome", async () => {
    const globex = t.seeded.globex;
    const theirs = outcome({ customerId: Object.values(globex.customers)[0]!, userId: globex.users.agent });
    expect(await repo().recordOutcome(globex.tenantId, theirs)).toBe('stored');
    expect(await repo().stats(globex.tenantId)).toEqual({ 'retention-credit': { 'gold/high': { accepted: 1, declined: 0 } } });
    expect((await repo().stats(acme().tenantId))['retention-credit']!['gold/high']).toEqual({ accepted: 1, declined: 8 });
  });

  it('go when their customer is erased; the counts they were learnt in stay', async () => {
    const sam = Object.entries(acme().customers).find(([e]) => e.startsWith('sam'))![1];
    await repo().recordOutcome(
      acme().tenantId,
      outcome({ customerId: sam, offerId: 'escalate', segment: 'silver/high', interactionId: 'sam-1' }),
    );
    const before = await repo().stats(acme().tenantId);
    expect(await rows('select count(*) as n from offer_outcomes where customer_id = ?', sam)).toBe(1);
    const erased = await t.app.inject({
      method: 'POST',
      url: `/v1/customers/${sam}/erase`,
      headers: { authorization: `Bearer ${await t.token('admin@acme.test')}` },
      payload: {},
    });
    expect(erased.statusCode, erased.body).toBe(200);
    expect(erased.json().erasureRequest.receipt.places).toContainEqual({ place: 'offer_outcomes', count: 1 });
    expect(await rows('select count(*) as n from offer_outcomes where customer_id = ?', sam)).toBe(0);
    expect(await repo().stats(acme().tenantId)).toEqual(before);
  });
});
