/**
 * Next best action: the few offers worth making to the customer on screen, each within what this
 * agent may do right now. Every eligible offer is judged by the policy's one evaluator (judge.ts),
 * then ranked Pega-style: priority = propensity × context weight × value × lever, propensity a
 * Thompson draw from the offer's Beta posterior in the customer's segment, so offers still
 * uncertain get tried and the rest converge on what customers accept.
 */
import type { Situation } from '../policy/types';
import type { PolicyDocument } from '../schemas/policy';
import type { Signals } from '../schemas/signals';
import { consentReasons, eligibilityReasons, eligible, windowsOf } from './eligibility';
import { type CustomerFacts, customerFacts, type NbaCustomer } from './facts';
import { anyHardStop, type Judgement, judge, withCeiling } from './judge';
import { type OfferStats, posterior, segmentOf, tallyOf } from './learn';
import type { Offer, OfferStep } from './offer';
import { reasonSentence } from './reason';
import { type OfferDraws, type Rng, sampleBeta } from './sample';

export const MAX_RECOMMENDATIONS = 3;

/**
 * Context weight by what the agent can do with it: one that needs approval costs a supervisor's
 * time and the customer's wait, and may be refused, so it must be worth twice as much to win.
 */
export const CONTEXT_WEIGHT = { grantable: 1, step: 1, needsApproval: 0.5 } as const;

export interface RecommendInput {
  policy: PolicyDocument;
  /** The evaluator's view: the agent (level, team), the customer's tier and flags, usage. */
  situation: Situation;
  customer: NbaCustomer;
  signals: Pick<Signals, 'churn' | 'repeatContact'>;
  offers: readonly Offer[];
  stats: OfferStats;
  /** One source for every draw (tests, the simulation), or each offer its own (the server: one contact's, sample.ts). */
  rng: Rng | OfferDraws;
  now: number;
  /** customerFacts() computed earlier for this customer and `now`, to skip reading the events again. */
  facts?: CustomerFacts;
}

export interface Recommendation {
  offerId: string;
  name: string;
  /** grantable: one click, the evaluator allows it alone; needsApproval: routed to `approval.level`; step: grants nothing. */
  mode: Judgement['mode'];
  action: string | null;
  step: OfferStep | null;
  /** The reason code the one-click grant sends, as the evaluator judged it. */
  reasonCode: string | null;
  amountCents: number | null;
  /** A range offer's most this agent may grant alone. */
  upToCents: number | null;
  currency: string;
  approval: { level: string; levelName: string; ruleId: string | null; reason: string } | null;
  /** The evaluator's own sentence for this amount; null for a step. */
  leeway: string | null;
  /** One sentence, from the facts. */
  reason: string;
  segment: string;
  factors: {
    eligibility: string[];
    /** The Thompson draw that ranked it this time. */
    propensity: number;
    /** The posterior's mean, and how many outcomes it has learnt from in this segment. */
    expectedAcceptance: number;
    outcomes: number;
    contextWeight: number;
    valueCents: number;
    lever: number;
    priority: number;
  };
}

interface Candidate {
  offer: Offer;
  j: Judgement;
  propensity: number;
  contextWeight: number;
  priority: number;
}

/** The offers ranked by priority, best first, at most MAX_RECOMMENDATIONS. */
export function recommend(input: RecommendInput): Recommendation[] {
  const { policy, situation, offers, stats, rng } = input;
  // Under a hard stop judge removes every offer (and none is sampled): the events need not be read.
  const stopped = anyHardStop(policy, situation);
  if (stopped) return [];
  const facts =
    input.facts ??
    customerFacts({
      tier: situation.customer.tier,
      customer: input.customer,
      signals: input.signals,
      now: input.now,
      windows: windowsOf(offers),
    });
  const segment = segmentOf({ tier: facts.tier, churn: facts.churn });
  const top: Candidate[] = [];
  for (const offer of offers) {
    if (!eligible(offer, facts)) continue;
    const j = judge(offer, facts, policy, situation, stopped);
    if (!j) continue;
    const { alpha, beta } = posterior(offer, stats, segment);
    const propensity = sampleBeta(alpha, beta, typeof rng === 'function' ? rng : rng.forOffer(offer.id));
    const contextWeight = CONTEXT_WEIGHT[j.mode];
    const priority = propensity * contextWeight * offer.businessValueCents * offer.leverWeight;
    insert(top, { offer, j, propensity, contextWeight, priority });
  }
  return top.map((c) =>
    toRecommendation({ ...c, j: withCeiling(c.offer, c.j, policy, situation) }, facts, segment, stats, policy.currency),
  );
}

/** Keeps `top` the best few, best first; a tie keeps the earlier offer ahead (the admin's order). */
function insert(top: Candidate[], c: Candidate) {
  if (top.length === MAX_RECOMMENDATIONS && c.priority <= top[top.length - 1]!.priority) return;
  let i = top.length;
  while (i > 0 && top[i - 1]!.priority < c.priority) i--;
  top.splice(i, 0, c);
  if (top.length > MAX_RECOMMENDATIONS) top.pop();
}

function toRecommendation(c: Candidate, facts: CustomerFacts, segment: string, stats: OfferStats, currency: string): Recommendation {
  const { offer, j } = c;
  const reasons = eligibilityReasons(offer, facts);
  const { alpha, beta } = posterior(offer, stats, segment);
  const t = tallyOf(stats, offer.id, segment);
  const priced = j.mode === 'step' ? null : j;
  return {
    offerId: offer.id,
    name: offer.name,
    mode: j.mode,
    action: priced?.action ?? null,
    step: offer.kind.type === 'step' ? offer.kind.step : null,
    reasonCode: priced?.reasonCode ?? null,
    amountCents: priced?.amountCents ?? null,
    upToCents: j.mode === 'grantable' ? j.upToCents : null,
    currency,
    approval:
      j.mode === 'needsApproval'
        ? { level: j.decision.level, levelName: j.decision.levelName, ruleId: j.decision.ruleId, reason: j.decision.reason }
        : null,
    leeway: priced?.decision.reason ?? null,
    reason: reasonSentence(offer, j, reasons, currency),
    segment,
    factors: {
      eligibility: [...reasons, ...consentReasons(offer, facts)],
      propensity: c.propensity,
      expectedAcceptance: alpha / (alpha + beta),
      outcomes: t.accepted + t.declined,
      contextWeight: c.contextWeight,
      valueCents: offer.businessValueCents,
      lever: offer.leverWeight,
      priority: c.priority,
    },
  };
}
