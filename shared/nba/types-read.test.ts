/**
 * The server hands the recommender only the event types its offers read (typesRead): every
 * recommendation must be the same as from the customer's whole history, over random offers and
 * histories of every event type. It fails if typesRead forgets a type some offer counts, or the
 * orders a percent offer prices itself from.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EVENT_TYPES } from '../schemas/customer-events';
import { typesRead } from './eligibility';
import { recommend } from './recommend';
import { seededRng } from './sample';
import { DEMO_POLICY } from '../../server/src/demo/policy';
import { PolicyDocument } from '../schemas/policy';
import { eventAgo, NOW, offerOf, signalsOf, situationOf } from './test-kit';

const policy = PolicyDocument.parse(DEMO_POLICY);
const window = fc.record({
  type: fc.constantFrom(...EVENT_TYPES),
  withinDays: fc.integer({ min: 1, max: 366 }),
  atLeast: fc.integer({ min: 1, max: 3 }),
});
const amount = fc.oneof(
  fc.record({ rule: fc.constant('fixed' as const), cents: fc.integer({ min: 1, max: 3_000 }) }),
  fc.record({ rule: fc.constant('percent' as const), percent: fc.integer({ min: 1, max: 50 }) }),
);
const offers = fc
  .array(
    fc.record({
      amount,
      events: fc.array(window, { maxLength: 2 }),
      failed: fc.option(fc.record({ atLeast: fc.integer({ min: 1, max: 2 }), withinDays: fc.constantFrom(7, 30) }), { nil: undefined }),
    }),
    { minLength: 1, maxLength: 8 },
  )
  .map((list) =>
    list.map((o, i) =>
      offerOf({ id: `o${i}`, amount: o.amount, eligibility: { events: o.events, ...(o.failed ? { failedPayments: o.failed } : {}) } }),
    ),
  );
const histories = fc.array(
  fc.record({
    type: fc.constantFrom(...EVENT_TYPES),
    daysAgo: fc.integer({ min: 0, max: 400 }),
    amountCents: fc.integer({ min: 1, max: 30_000 }),
  }),
  { maxLength: 40 },
);

describe('typesRead: what the server reads of a history', () => {
  it('recommends exactly as the whole history does', () => {
    let percentPriced = 0;
    fc.assert(
      fc.property(offers, histories, fc.integer(), (list, history, seed) => {
        const events = history
          .sort((a, b) => a.daysAgo - b.daysAgo) // newest first, as the store returns them
          .map((e) => eventAgo(e.type, e.daysAgo, e.type.startsWith('order.') ? { amountCents: e.amountCents } : {}));
        const types = new Set(typesRead(list));
        const run = (evs: typeof events) =>
          recommend({
            policy,
            situation: situationOf({}),
            customer: { consent: {}, events: evs },
            signals: signalsOf('high', 2),
            offers: list,
            stats: {},
            rng: seededRng(seed),
            now: NOW,
          });
        const whole = run(events);
        expect(run(events.filter((e) => types.has(e.type)))).toEqual(whole);
        percentPriced += whole.filter((r) => list.find((o) => o.id === r.offerId)?.amount?.rule === 'percent').length;
      }),
      { numRuns: 2_000, seed: 21 },
    );
    // The generators must reach percent offers priced from an order, or the orders' type proves nothing.
    expect(percentPriced).toBeGreaterThan(100);
  });
});
