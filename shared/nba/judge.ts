/**
 * What an offer comes to for this customer and this agent right now: its amount, and what the
 * policy's one evaluator says of it. The evaluator is the only judge: a recommendation can never
 * promise more than a typed grant of the same amount would get.
 */
import { evaluate } from '../policy/evaluate';
import type { Decision, Situation } from '../policy/types';
import type { PolicyDocument } from '../schemas/policy';
import type { CustomerFacts } from './facts';
import type { Offer } from './offer';

export type Judgement =
  | {
      mode: 'grantable';
      action: string;
      reasonCode: string | null;
      amountCents: number;
      /** A range's most the agent may grant alone (≥ amountCents), set by withCeiling; null otherwise. */
      upToCents: number | null;
      decision: Extract<Decision, { outcome: 'allowed' }>;
    }
  | {
      mode: 'needsApproval';
      action: string;
      reasonCode: string | null;
      amountCents: number;
      decision: Extract<Decision, { outcome: 'needs_approval' }>;
    }
  | { mode: 'step' };

/** The amount an action offer opens at, or null when it has none for this customer (a percent of no order). */
export function amountOf(offer: Offer, facts: CustomerFacts): number | null {
  const a = offer.amount;
  if (!a) return null;
  if (a.rule === 'fixed') return a.cents;
  if (a.rule === 'range') return a.minCents;
  if (facts.lastOrderCents === null) return null;
  let cents = Math.round((facts.lastOrderCents * a.percent) / 100);
  if (a.minCents != null) cents = Math.max(cents, a.minCents);
  if (a.maxCents != null) cents = Math.min(cents, a.maxCents);
  return cents >= 1 ? cents : null;
}

/** Whether any of the policy's hard stops holds for this customer now. */
export const anyHardStop = (policy: PolicyDocument, s: Situation): boolean =>
  policy.hardStops.some((h) => s.customer.flags.includes(h.flag));

/**
 * null: the offer is removed. Removed, never ranked lower: anything the evaluator forbids (a hard
 * stop on its action, an action the policy lacks, a reason code it refuses), and every offer
 * while any hard stop holds, as suggestionsUnderHardStops rules: the stop's message is then the
 * guidance, and a gesture or a step suggested beside it would contradict it.
 */
export function judge(offer: Offer, facts: CustomerFacts, policy: PolicyDocument, s: Situation, stopped: boolean): Judgement | null {
  if (stopped) return null;
  const kind = offer.kind;
  if (kind.type === 'step') return { mode: 'step' };
  const amountCents = amountOf(offer, facts);
  if (amountCents === null) return null;
  // No reason code guessed: a grant logged as "service_outage" when it was a retention gesture would
  // be a false record. An action that needs one and an offer without one: refused, so removed
  // (checkOffers tells the admin when they save).
  const reasonCode = kind.reasonCode ?? null;
  const req = { action: kind.action, amountCents, reasonCode };
  const decision = evaluate(policy, req, s);
  if (decision.outcome === 'forbidden') return null;
  if (decision.outcome === 'needs_approval') return { mode: 'needsApproval', action: kind.action, reasonCode, amountCents, decision };
  return { mode: 'grantable', action: kind.action, reasonCode, amountCents, upToCents: null, decision };
}

/**
 * A range offer's ceiling: the most within its range the agent may grant alone. Asked only for
 * the few recommended (some 15 evaluations each), not for every candidate.
 */
export function withCeiling(offer: Offer, j: Judgement, policy: PolicyDocument, s: Situation): Judgement {
  if (j.mode !== 'grantable' || offer.amount?.rule !== 'range') return j;
  const req = { action: j.action, amountCents: j.amountCents, reasonCode: j.reasonCode };
  // The allowed amounts are 1..most (every check is "amount ≤ something"): search the range for the most.
  let lo = j.amountCents;
  let hi = offer.amount.maxCents;
  while (lo < hi) {
    const mid = Math.floor((lo + hi + 1) / 2);
    if (evaluate(policy, { ...req, amountCents: mid }, s).outcome === 'allowed') lo = mid;
    else hi = mid - 1;
  }
  return { ...j, upToCents: lo };
}
