/**
 * Done-means of issue 23: 0 recommendations ever exceed the agent's leeway, over random policies,
 * situations, customers and offers. Each recommendation is held to the evaluator itself: a
 * grantable one is allowed alone at its amount (and a range's ceiling), one needing approval is
 * routed to the level the evaluator names, and none stands under a hard stop or a consent opt-out.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../policy/evaluate';
import { activeHardStops, stoppedActions } from '../policy/hard-stops';
import type { Situation } from '../policy/types';
import { PolicyDocument, type PolicyInput } from '../schemas/policy';
import { TIERS } from '../schemas/tier';
import { Offer, type OfferInput } from './offer';
import { recommend } from './recommend';
import { seededRng } from './sample';
import { eventAgo, NOW } from './test-kit';

const LEVELS = ['lead', 'manager', 'director'];
const ACTIONS = ['refund', 'credit', 'discount'];
const CAPS = ['cap-a', 'cap-b'];
const FLAGS = ['fraud', 'chargeback_open', 'vip'];
const CODES = ['damaged', 'goodwill'];
const CONSENTS = ['marketing', 'personalisation'];

const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined, freq: 2 });
const someOf = <T>(items: readonly T[]) => fc.subarray([...items], { minLength: 1 });
const cents = fc.integer({ min: 0, max: 20_000 });
const lifted = fc.constantFrom(...LEVELS);

const policies: fc.Arbitrary<PolicyDocument> = fc
  .record({
    levels: fc.constant([
      { id: 'lead', name: 'Team lead', next: 'manager' },
      { id: 'manager', name: 'Manager', next: 'director' },
      { id: 'director', name: 'Director', next: null },
    ]),
    actions: fc.tuple(
      ...ACTIONS.map((id) =>
        fc.record({
          id: fc.constant(id),
          label: fc.constant(id),
          reasonCodes: fc.subarray(CODES),
          reasonRequired: fc.oneof({ arbitrary: fc.constant(false), weight: 3 }, fc.constant(true)),
        }),
      ),
    ),
    limits: fc.array(
      fc.record({
        id: fc.constantFrom('l1', 'l2', 'l3', 'l4'),
        action: fc.constantFrom(...ACTIONS),
        agentLevels: opt(someOf([1, 2, 3])),
        tiers: opt(someOf(TIERS)),
        maxAmountCents: cents,
        liftedBy: lifted,
      }),
      { minLength: 2, maxLength: 8 },
    ),
    customerCaps: fc.array(
      fc.record({
        id: fc.constantFrom(...CAPS),
        action: fc.constantFrom(...ACTIONS),
        windowDays: fc.integer({ min: 1, max: 90 }),
        maxAmountCents: opt(cents),
        maxCount: opt(fc.integer({ min: 0, max: 3 })),
        liftedBy: lifted,
      }),
      { maxLength: 3 },
    ),
    agentBudgets: fc.array(fc.record({ id: fc.constant('a1'), dailyAmountCents: fc.integer({ min: 0, max: 50_000 }), liftedBy: lifted }), {
      maxLength: 1,
    }),
    teamBudgets: fc.array(fc.record({ id: fc.constant('t1'), dailyAmountCents: fc.integer({ min: 0, max: 80_000 }), liftedBy: lifted }), {
      maxLength: 1,
    }),
    hardStops: fc.array(
      fc.record({
        id: fc.constantFrom('h1', 'h2'),
        flag: fc.constantFrom(...FLAGS),
        actions: opt(someOf(ACTIONS)),
        message: fc.constant('Stop.'),
      }),
      { maxLength: 2 },
    ),
  })
  .map((input) => PolicyDocument.parse(input as unknown as PolicyInput));

const situations: fc.Arbitrary<Situation> = fc.record({
  agent: fc.record({ level: fc.integer({ min: 1, max: 3 }), team: fc.constantFrom('billing', 'returns') }),
  customer: fc.record({
    tier: fc.constantFrom(...TIERS),
    flags: fc.oneof({ arbitrary: fc.constant<string[]>([]), weight: 3 }, fc.subarray(FLAGS)),
  }),
  usage: fc.record({
    caps: fc.dictionary(
      fc.constantFrom(...CAPS),
      fc.record({ amountCents: fc.integer({ min: 0, max: 20_000 }), count: fc.integer({ min: 0, max: 3 }) }),
    ),
    agentTodayCents: fc.integer({ min: 0, max: 50_000 }),
    teamTodayCents: fc.integer({ min: 0, max: 80_000 }),
  }),
});

const amountRules = fc.oneof(
  fc.record({ rule: fc.constant('fixed' as const), cents: fc.integer({ min: 1, max: 8_000 }) }),
  fc.record({
    rule: fc.constant('percent' as const),
    percent: fc.integer({ min: 1, max: 100 }),
    minCents: opt(fc.integer({ min: 1, max: 500 })),
    maxCents: opt(fc.integer({ min: 500, max: 20_000 })),
  }),
  fc
    .integer({ min: 1, max: 10_000 })
    .chain((min) =>
      fc.record({ rule: fc.constant('range' as const), minCents: fc.constant(min), maxCents: fc.integer({ min, max: 30_000 }) }),
    ),
);

const offerList: fc.Arbitrary<Offer[]> = fc
  .array(
    fc.record({
      kind: fc.oneof(
        {
          arbitrary: fc.record({
            type: fc.constant('action' as const),
            action: fc.constantFrom(...ACTIONS, 'unknown'),
            reasonCode: opt(fc.constantFrom(...CODES, 'late')),
          }),
          weight: 5,
        },
        fc.record({
          type: fc.constant('step' as const),
          step: fc.constantFrom('update_card' as const, 'escalate' as const, 'call_back' as const),
        }),
      ),
      amount: amountRules,
      eligibility: fc.record(
        {
          churnAtLeast: fc.constantFrom('low' as const, 'medium' as const, 'high' as const),
          tiers: someOf(TIERS),
          failedPayments: fc.record({ atLeast: fc.integer({ min: 1, max: 2 }), withinDays: fc.constantFrom(7, 30) }),
          consent: someOf(CONSENTS),
        },
        { requiredKeys: [] },
      ),
      businessValueCents: fc.integer({ min: 0, max: 10_000 }),
      leverWeight: fc.constantFrom(0, 1, 2),
    }),
    { minLength: 1, maxLength: 15 },
  )
  .map((list) =>
    list.map((o, i) =>
      Offer.parse({ ...o, id: `o${i}`, name: `Offer ${i}`, amount: o.kind.type === 'step' ? undefined : o.amount } as OfferInput),
    ),
  );

const customers = fc.record({
  consent: fc.dictionary(fc.constantFrom(...CONSENTS), fc.boolean()),
  failed: fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 3 }),
  order: opt(fc.integer({ min: 1, max: 30_000 })),
  churn: fc.constantFrom('low' as const, 'medium' as const, 'high' as const),
  repeat: fc.integer({ min: 0, max: 3 }),
  seed: fc.integer(),
});

describe('never beyond the agent’s leeway', () => {
  it('every recommendation is what the evaluator allows, routes, or a step; none under a hard stop or an opt-out', () => {
    let shown = 0;
    const modes = { grantable: 0, needsApproval: 0, step: 0 };
    fc.assert(
      fc.property(policies, situations, offerList, customers, (policy, s, offers, c) => {
        const events = [
          ...c.failed.map((d) => eventAgo('payment.failed', d)),
          ...(c.order ? [eventAgo('order.placed', 3, { amountCents: c.order })] : []),
        ];
        const recs = recommend({
          policy,
          situation: s,
          customer: { consent: c.consent, events },
          signals: { churn: { level: c.churn, score: 0, reasons: [] }, repeatContact: { count: c.repeat, days: 7 } },
          offers,
          stats: {},
          rng: seededRng(c.seed),
          now: NOW,
        });
        expect(recs.length).toBeLessThanOrEqual(3);
        const stops = activeHardStops(policy, s.customer.flags);
        const stopped = stoppedActions(stops);
        for (const r of recs) {
          shown++;
          modes[r.mode]++;
          const offer = offers.find((o) => o.id === r.offerId)!;
          expect(stops).toEqual([]); // under any hard stop nothing is recommended
          expect(r.action && stopped.has(r.action)).toBeFalsy();
          for (const key of offer.eligibility.consent ?? []) expect(c.consent[key]).not.toBe(false);
          if (r.mode === 'step') {
            expect(offer.kind.type).toBe('step');
            continue;
          }
          const ask = (amountCents: number) => evaluate(policy, { action: r.action!, amountCents, reasonCode: r.reasonCode }, s);
          if (r.mode === 'grantable') {
            expect(ask(r.amountCents!).outcome).toBe('allowed');
            if (r.upToCents !== null) {
              expect(ask(r.upToCents).outcome).toBe('allowed');
              expect(offer.amount?.rule === 'range' && r.upToCents <= offer.amount.maxCents).toBe(true);
            }
          } else {
            const d = ask(r.amountCents!);
            expect(d.outcome).toBe('needs_approval');
            expect(d.outcome === 'needs_approval' && d.level).toBe(r.approval?.level);
          }
        }
      }),
      { numRuns: 3_000, seed: 23 },
    );
    console.log(`${shown} recommendations checked: ${JSON.stringify(modes)}`);
    // The generators must reach every mode, or the property proves little.
    expect(Math.min(modes.grantable, modes.needsApproval, modes.step)).toBeGreaterThan(100);
  });
});
