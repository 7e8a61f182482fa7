/**
 * Done-means of issue 23: with known true acceptance rates (10 offers, 5,000 contacts), learning
 * from outcomes alone, the recommender's top offer reaches ≥ 90% of an oracle's cumulative value
 * after 2,000 contacts. The oracle knows every true rate and always picks the eligible offer the
 * evaluator allows with the best true expected value. Value is counted as expected value (true
 * rate × value of the offer picked), so the ratio measures the choices, not the coin flips; the
 * realised value under common random numbers is printed beside it.
 */
import { describe, expect, it } from 'vitest';
import type { ChurnLevel } from './offer';
import { PolicyDocument } from '../schemas/policy';
import { TIERS } from '../schemas/tier';
import { eligible } from './eligibility';
import { customerFacts } from './facts';
import { judge } from './judge';
import { type OfferStats, recordOutcome, segmentOf } from './learn';
import { recommend } from './recommend';
import { seededRng } from './sample';
import { eventAgo, NOW, offerOf, signalsOf, situationOf } from './test-kit';

const policy = PolicyDocument.parse({
  levels: [{ id: 'lead', name: 'Team lead', next: null }],
  actions: ['account_credit', 'discount', 'goodwill_gesture', 'expedited_shipping'].map((id) => ({ id, label: id })),
  limits: ['account_credit', 'discount', 'goodwill_gesture', 'expedited_shipping'].map((action) => ({
    id: action.replace('_', '-'),
    action,
    maxAmountCents: 100_000,
    liftedBy: 'lead',
  })),
});

const CHURN: ChurnLevel[] = ['low', 'medium', 'high'];
/** Per offer: its value, its true acceptance at churn low / medium / high, and who it is for. */
const TRUTH = [
  { id: 'credit-5', value: 2_000, rates: [0.3, 0.35, 0.4], eligibility: {} },
  { id: 'credit-15', value: 4_000, rates: [0.2, 0.3, 0.45], eligibility: { churnAtLeast: 'medium' } },
  { id: 'discount-10', value: 3_000, rates: [0.25, 0.25, 0.2], eligibility: {} },
  { id: 'discount-20', value: 5_000, rates: [0.1, 0.15, 0.3], eligibility: { churnAtLeast: 'medium' } },
  { id: 'goodwill', value: 1_500, rates: [0.5, 0.45, 0.4], eligibility: {} },
  { id: 'ship-fast', value: 2_500, rates: [0.35, 0.3, 0.2], eligibility: {} },
  { id: 'vip-credit', value: 6_000, rates: [0.2, 0.3, 0.35], eligibility: { tiers: ['gold', 'platinum'] } },
  { id: 'card-fix', value: 3_500, rates: [0.5, 0.5, 0.5], eligibility: { failedPayments: { atLeast: 1 } } },
  { id: 'callback', value: 1_000, rates: [0.6, 0.6, 0.6], eligibility: {} },
  { id: 'winback', value: 9_000, rates: [0.02, 0.08, 0.25], eligibility: { churnAtLeast: 'high' } },
] as const;
const ACTION_OF = ['account_credit', 'account_credit', 'discount', 'discount', 'goodwill_gesture', 'expedited_shipping', 'account_credit'];

/**
 * The admin's cold start, the same for every offer and blind to the truth: "about a quarter
 * accept", held as loosely as 8 outcomes. (A flat Beta(1, 1) explores the high-value offers
 * longer: over 12 seeds it passes 90% at 2,000 contacts on 10; this guess on 11, median 94%.)
 */
const ADMIN_GUESS = { alpha: 2, beta: 6 };
const offers = TRUTH.map((t, i) =>
  offerOf({
    id: t.id,
    name: t.id,
    kind:
      t.id === 'card-fix'
        ? { type: 'step', step: 'update_card' }
        : t.id === 'callback'
          ? { type: 'step', step: 'call_back' }
          : { type: 'action', action: ACTION_OF[i] ?? 'account_credit' },
    amount: t.id === 'card-fix' || t.id === 'callback' ? undefined : { rule: 'fixed', cents: 500 + i * 100 },
    eligibility: t.eligibility as never,
    businessValueCents: t.value,
    prior: ADMIN_GUESS,
  }),
);
const truthOf = new Map<string, (typeof TRUTH)[number]>(TRUTH.map((t) => [t.id, t]));

function simulate(seed: number, contacts: number, checkpoints: number[]) {
  const world = seededRng(seed); // customers and coin flips
  const rng = seededRng(seed + 1); // the recommender's own draws
  let stats: OfferStats = {};
  let learnt = 0;
  let oracle = 0;
  let learntRealised = 0;
  let oracleRealised = 0;
  const at: { contacts: number; ratio: number; realised: number }[] = [];
  for (let n = 1; n <= contacts; n++) {
    const tier = TIERS[Math.floor(world() * TIERS.length)]!;
    const churn = CHURN[Math.floor(world() * 3)]!;
    const events = world() < 0.3 ? [eventAgo('payment.failed', 1 + Math.floor(world() * 20))] : [];
    const situation = situationOf({ customer: { tier } });
    const signals = signalsOf(churn);
    const customer = { consent: {}, events };
    const facts = customerFacts({ tier, customer, signals, now: NOW });
    const u = world(); // one coin for both, so realised values differ by the choice alone
    const rate = (id: string) => truthOf.get(id)!.rates[CHURN.indexOf(churn)]!;

    const allowed = offers.filter((o) => eligible(o, facts) && judge(o, facts, policy, situation, false));
    const best = allowed.reduce((a, o) => (rate(o.id) * o.businessValueCents > rate(a.id) * a.businessValueCents ? o : a));
    oracle += rate(best.id) * best.businessValueCents;
    if (u < rate(best.id)) oracleRealised += best.businessValueCents;

    const top = recommend({ policy, situation, customer, signals, offers, stats, rng, now: NOW, facts })[0];
    if (top) {
      const p = rate(top.offerId);
      learnt += p * top.factors.valueCents;
      const accepted = u < p;
      if (accepted) learntRealised += top.factors.valueCents;
      stats = recordOutcome(stats, { offerId: top.offerId, segment: segmentOf({ tier, churn }), accepted });
    }
    if (checkpoints.includes(n)) at.push({ contacts: n, ratio: learnt / oracle, realised: learntRealised / oracleRealised });
  }
  return at;
}

describe('learning from outcomes, against an oracle', () => {
  it('reaches ≥ 90% of the oracle’s cumulative value from 2,000 contacts on, for several seeds', () => {
    const checkpoints = [500, 1_000, 2_000, 3_000, 4_000, 5_000];
    for (const seed of [23, 1, 2026]) {
      const at = simulate(seed, 5_000, checkpoints);
      console.log(
        `seed ${seed}: ${at.map((a) => `${a.contacts}: ${(a.ratio * 100).toFixed(1)}% (realised ${(a.realised * 100).toFixed(1)}%)`).join(', ')}`,
      );
      for (const a of at) if (a.contacts >= 2_000) expect(a.ratio).toBeGreaterThanOrEqual(0.9);
    }
  });
});
