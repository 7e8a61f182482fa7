/**
 * The recommender's benchmark case, for bench/ to time (`recommendations_p99_ms` ≤ 5 ms): one
 * customer with 10,000 events over a year and a tenant with 50 offers of every kind. Built from a
 * seed, so every run times the same work. A function, not a bench: bench/ owns timing and wiring.
 */
import type { Situation } from '../policy/types';
import { PolicyDocument } from '../schemas/policy';
import { Offer, type OfferInput } from './offer';
import type { RecommendInput } from './recommend';
import { seededRng } from './sample';

const DAY = 86_400_000;
const NOW = Date.parse('2026-11-23T10:00:00Z');

/** A policy with limits, caps, budgets and hard stops for every action the offers name. */
export const BENCH_POLICY = PolicyDocument.parse({
  currency: 'USD',
  levels: [
    { id: 'team_lead', name: 'Team lead', next: 'manager' },
    { id: 'manager', name: 'Manager', next: null },
  ],
  actions: [
    { id: 'refund', label: 'Refund', reasonCodes: ['damaged', 'goodwill'], reasonRequired: true },
    { id: 'account_credit', label: 'Account credit', reasonCodes: ['goodwill'], reasonRequired: true },
    { id: 'discount', label: 'Discount' },
    { id: 'expedited_shipping', label: 'Expedited shipping' },
    { id: 'goodwill_gesture', label: 'Goodwill gesture' },
  ],
  limits: [
    { id: 'refund', action: 'refund', maxAmountCents: 10_000, liftedBy: 'team_lead' },
    { id: 'credit', action: 'account_credit', maxAmountCents: 3_000, liftedBy: 'team_lead' },
    { id: 'discount', action: 'discount', maxAmountCents: 2_000, liftedBy: 'team_lead' },
    { id: 'expedite', action: 'expedited_shipping', maxAmountCents: 1_500, liftedBy: 'team_lead' },
    { id: 'goodwill', action: 'goodwill_gesture', maxAmountCents: 1_000, liftedBy: 'team_lead' },
  ],
  customerCaps: [{ id: 'refunds-30d', action: 'refund', windowDays: 30, maxAmountCents: 20_000, maxCount: 3, liftedBy: 'manager' }],
  agentBudgets: [{ id: 'agent-daily', dailyAmountCents: 50_000, liftedBy: 'team_lead' }],
  teamBudgets: [{ id: 'team-daily', dailyAmountCents: 300_000, liftedBy: 'manager' }],
  hardStops: [{ id: 'fraud', flag: 'fraud', message: 'Fraud flag on this account: no gestures until Risk clears it.' }],
});

const TYPES = ['order.placed', 'page.visited', 'contact.opened', 'contact.closed', 'payment.failed', 'survey.answered', 'order.refunded'];
const ACTIONS = ['refund', 'account_credit', 'discount', 'expedited_shipping', 'goodwill_gesture'];

/** `count` events over the last year, newest first as the panel lists them. */
export function benchEvents(count = 10_000, seed = 23) {
  const rng = seededRng(seed);
  const events = Array.from({ length: count }, (_, i) => {
    const type = TYPES[Math.floor(rng() * TYPES.length)]!;
    const occurredAt = new Date(NOW - Math.floor(rng() * 365 * DAY)).toISOString();
    const data = type === 'order.placed' ? { orderId: `o${i}`, amountCents: 1_000 + Math.floor(rng() * 20_000), currency: 'USD' } : {};
    return { type, occurredAt, data };
  });
  return events.sort((a, b) => (a.occurredAt < b.occurredAt ? 1 : -1));
}

/** `count` offers cycling through every amount rule, kind and eligibility condition. */
export function benchOffers(count = 50, seed = 23): Offer[] {
  const rng = seededRng(seed);
  return Array.from({ length: count }, (_, i): Offer => {
    const input: Pick<OfferInput, 'id' | 'name' | 'kind' | 'amount'> =
      i % 10 === 9
        ? { id: `offer-${i}`, name: `Step ${i}`, kind: { type: 'step', step: i % 20 === 9 ? 'update_card' : 'call_back' } }
        : {
            id: `offer-${i}`,
            name: `Offer ${i}`,
            kind: { type: 'action', action: ACTIONS[i % ACTIONS.length]!, ...(i % 5 < 2 ? { reasonCode: 'goodwill' } : {}) },
            amount:
              i % 3 === 0
                ? { rule: 'fixed', cents: 500 + (i % 7) * 1_000 }
                : i % 3 === 1
                  ? { rule: 'percent', percent: 10, minCents: 500, maxCents: 5_000 }
                  : { rule: 'range', minCents: 500, maxCents: 5_000 },
          };
    const eligibility: OfferInput['eligibility'] = {};
    if (i % 4 === 0) eligibility.churnAtLeast = 'medium';
    if (i % 5 === 0) eligibility.failedPayments = { atLeast: 1, withinDays: 30 };
    if (i % 6 === 0) eligibility.events = [{ type: 'page.visited', withinDays: 14, atLeast: 2 }];
    if (i % 7 === 0) eligibility.tiers = ['gold', 'platinum'];
    if (i % 8 === 0) eligibility.consent = ['marketing'];
    return Offer.parse({
      ...input,
      eligibility,
      businessValueCents: 1_000 + Math.floor(rng() * 10_000),
      leverWeight: 1 + (i % 3) / 2,
      prior: { alpha: 1 + (i % 4), beta: 2 + (i % 5) },
    });
  });
}

/** Everything recommend() needs for the benchmark case, but the random source: pass a seeded one. */
export function nbaBenchFixture(opts: { events?: number; offers?: number } = {}): Omit<RecommendInput, 'rng'> {
  const situation: Situation = {
    agent: { level: 1, team: 'billing' },
    customer: { tier: 'gold', flags: [] },
    usage: { caps: { 'refunds-30d': { amountCents: 5_000, count: 1 } }, agentTodayCents: 12_000, teamTodayCents: 90_000 },
  };
  const offers = benchOffers(opts.offers);
  // Some learning already done, so the draws come from posteriors of different shapes.
  const stats = Object.fromEntries(offers.map((o, i) => [o.id, { 'gold/high': { accepted: i % 9, declined: (i * 7) % 13 } }]));
  return {
    policy: BENCH_POLICY,
    situation,
    customer: { consent: { marketing: true, personalisation: true }, events: benchEvents(opts.events) },
    signals: {
      churn: { level: 'high', score: 60, reasons: ['a payment failed in the last 30 days'] },
      repeatContact: { count: 2, days: 7 },
    },
    offers,
    stats,
    now: NOW,
  };
}
