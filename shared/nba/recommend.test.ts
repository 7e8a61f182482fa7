import { describe, expect, it } from 'vitest';
import { DEMO_POLICY } from '../../server/src/demo/policy';
import { PolicyDocument } from '../schemas/policy';
import { customerFacts } from './facts';
import { type OfferStats, recordOutcomes, segmentOf } from './learn';
import type { Offer } from './offer';
import { CONTEXT_WEIGHT, type RecommendInput, recommend } from './recommend';
import { seededRng } from './sample';
import { customerOf, eventAgo, NOW, offerOf, signalsOf, situationOf } from './test-kit';

const policy = PolicyDocument.parse(DEMO_POLICY);
const retention = offerOf({
  id: 'retention',
  name: 'Account credit',
  eligibility: { failedPayments: { atLeast: 2 }, churnAtLeast: 'high' },
});
const bigCredit = offerOf({
  id: 'big-credit',
  name: 'Account credit',
  amount: { rule: 'fixed', cents: 5_000 },
  businessValueCents: 20_000,
});
const card = offerOf({
  id: 'card',
  name: 'Update card',
  kind: { type: 'step', step: 'update_card' },
  amount: undefined,
  eligibility: { failedPayments: { atLeast: 1 } },
  businessValueCents: 2_000,
});
const promo = offerOf({
  id: 'promo',
  name: 'Discount',
  kind: { type: 'action', action: 'discount' },
  eligibility: { consent: ['marketing'] },
});
const platinumOnly = offerOf({ id: 'platinum', eligibility: { tiers: ['platinum'] } });
const offers = [retention, bigCredit, card, promo, platinumOnly];

const input = (over: Partial<RecommendInput> = {}): RecommendInput => ({
  policy,
  situation: situationOf({}),
  customer: customerOf([eventAgo('payment.failed', 2), eventAgo('payment.failed', 9)], { marketing: true }),
  signals: signalsOf('high'),
  offers,
  stats: {},
  rng: seededRng(23),
  now: NOW,
  ...over,
});
const ids = (recs: { offerId: string }[]) => recs.map((r) => r.offerId).sort();

describe('recommend', () => {
  it('returns at most three, best first, each with its reason and factors', () => {
    const recs = recommend(input());
    expect(recs).toHaveLength(3);
    const priorities = recs.map((r) => r.factors.priority);
    expect([...priorities].sort((a, b) => b - a)).toEqual(priorities);
    for (const r of recs) expect(r.reason).toMatch(/^[A-Z].*\.$/);
    const credit = recs.find((r) => r.offerId === 'retention');
    if (credit)
      expect(credit).toMatchObject({
        mode: 'grantable',
        action: 'account_credit',
        reasonCode: 'goodwill',
        amountCents: 1_500,
        reason: 'Payment failed twice this month and churn risk is high: a $15 account credit is within your leeway.',
        segment: 'gold/high',
        factors: { eligibility: ['payment failed twice this month', 'churn risk is high'], valueCents: 5_000, lever: 1, contextWeight: 1 },
      });
  });

  it('is the same under the same seed', () => {
    expect(recommend(input({ rng: seededRng(5) }))).toEqual(recommend(input({ rng: seededRng(5) })));
  });

  it('shows an offer over the leeway as needing approval, with the level, weighted down', () => {
    const [r] = recommend(input({ offers: [bigCredit] }));
    expect(r).toMatchObject({
      mode: 'needsApproval',
      amountCents: 5_000,
      approval: { level: 'team_lead', levelName: 'Team lead', ruleId: 'credit' },
      reason: 'A $50 account credit needs approval from your team lead.',
      factors: { contextWeight: CONTEXT_WEIGHT.needsApproval },
    });
  });

  it('shows a step as a step, with no amount', () => {
    const [r] = recommend(input({ offers: [card] }));
    expect(r).toMatchObject({ mode: 'step', step: 'update_card', action: null, amountCents: null, approval: null, leeway: null });
    expect(r?.reason).toBe('Payment failed twice this month: offer to update the card on file.');
  });

  it('leaves out what does not fit: a tier not theirs, conditions not met', () => {
    expect(ids(recommend(input({ offers: [platinumOnly, retention], signals: signalsOf('medium') })))).toEqual([]);
  });

  it('a consent opt-out removes the offer, never just lowers it', () => {
    const optedOut = customerOf([], { marketing: false });
    expect(ids(recommend(input({ offers: [promo], customer: optedOut })))).toEqual([]);
    expect(ids(recommend(input({ offers: [promo], customer: customerOf([], {}) })))).toEqual(['promo']);
  });

  it('a hard stop removes every offer, even one the stop does not name', () => {
    const stopped = situationOf({ customer: { flags: ['chargeback_open'] } });
    expect(recommend(input({ situation: stopped }))).toEqual([]);
  });

  it('learns: an offer customers keep accepting in this segment comes first', () => {
    const a = offerOf({ id: 'a', businessValueCents: 5_000 });
    const b = offerOf({ id: 'b', businessValueCents: 5_000 });
    const segment = segmentOf({ tier: 'gold', churn: 'high' });
    const many = (offerId: string, accepted: boolean) => Array.from({ length: 50 }, () => ({ offerId, segment, accepted }));
    const stats: OfferStats = recordOutcomes({}, [...many('a', false), ...many('b', true)]);
    for (let seed = 0; seed < 20; seed++) expect(recommend(input({ offers: [a, b], stats, rng: seededRng(seed) }))[0]?.offerId).toBe('b');
    expect(recommend(input({ offers: [a, b], stats }))[0]?.factors).toMatchObject({ outcomes: 50 });
  });

  it('the lever pushes an offer, and 0 parks it behind every other', () => {
    const pushed = offerOf({ id: 'pushed', leverWeight: 100 });
    const parked = offerOf({ id: 'parked', leverWeight: 0, businessValueCents: 1e9 });
    const plain: Offer[] = [offerOf({ id: 'p1' }), offerOf({ id: 'p2' })];
    const recs = recommend(input({ offers: [parked, ...plain, pushed] }));
    expect(recs[0]?.offerId).toBe('pushed');
    expect(recs.map((r) => r.offerId)).not.toContain('parked');
  });

  it('takes facts computed earlier and answers the same', () => {
    const i = input();
    const facts = customerFacts({ tier: 'gold', customer: i.customer, signals: i.signals, now: NOW });
    expect(recommend({ ...i, rng: seededRng(1), facts })).toEqual(recommend({ ...i, rng: seededRng(1) }));
  });
});
