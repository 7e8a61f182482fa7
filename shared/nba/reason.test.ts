import { describe, expect, it } from 'vitest';
import { DEMO_POLICY } from '../../server/src/demo/policy';
import { PolicyDocument } from '../schemas/policy';
import { eligibilityReasons } from './eligibility';
import { judge, withCeiling } from './judge';
import type { Offer } from './offer';
import { reasonSentence } from './reason';
import { eventAgo, factsOf, offerOf, signalsOf, situationOf } from './test-kit';

const policy = PolicyDocument.parse(DEMO_POLICY);
const facts = factsOf({ signals: signalsOf('high'), events: [eventAgo('payment.failed', 2), eventAgo('payment.failed', 9)] });
const sentence = (offer: Offer, s = situationOf({})) => {
  const judged = judge(offer, facts, policy, s, false);
  if (!judged) throw new Error('removed');
  const j = withCeiling(offer, judged, policy, s);
  return reasonSentence(offer, j, eligibilityReasons(offer, facts), policy.currency);
};
const retention = { failedPayments: { atLeast: 2 }, churnAtLeast: 'high' } as const;

describe('the one-sentence reason', () => {
  it('says the facts, then that it is within the agent’s leeway', () => {
    expect(sentence(offerOf({ id: 'x', eligibility: retention }))).toBe(
      'Payment failed twice this month and churn risk is high: a $15 account credit is within your leeway.',
    );
  });
  it('names who must approve when the amount is over the leeway', () => {
    expect(sentence(offerOf({ id: 'x', eligibility: { churnAtLeast: 'medium' }, amount: { rule: 'fixed', cents: 4_500 } }))).toBe(
      'Churn risk is high: a $45 account credit needs approval from your team lead.',
    );
  });
  it('keeps to two facts; the rest are among the factors', () => {
    const offer = offerOf({ id: 'x', eligibility: { ...retention, tiers: ['gold'] } });
    expect(sentence(offer)).toBe('Payment failed twice this month and churn risk is high: a $15 account credit is within your leeway.');
  });
  it('without conditions, says what the agent may do', () => {
    expect(sentence(offerOf({ id: 'x', name: 'VIP credit' }))).toBe('A $15 VIP credit is within your leeway.');
  });
  it('a percent says of what, a range how far the agent may go', () => {
    const withOrder = factsOf({ events: [eventAgo('order.placed', 1, { amountCents: 8_000 })] });
    const pct = offerOf({
      id: 'p',
      name: 'Discount',
      kind: { type: 'action', action: 'discount' },
      amount: { rule: 'percent', percent: 10 },
    });
    const jp = judge(pct, withOrder, policy, situationOf({}), false)!;
    expect(reasonSentence(pct, jp, [], 'USD')).toBe('A $8 discount (10% of their last order) is within your leeway.');
    const range = offerOf({
      id: 'r',
      name: 'Discount',
      kind: { type: 'action', action: 'discount' },
      amount: { rule: 'range', minCents: 500, maxCents: 5_000 },
    });
    expect(sentence(range)).toBe('A $5 discount (up to $20) is within your leeway.');
  });
  it('a step says what to do', () => {
    const card = offerOf({
      id: 'c',
      name: 'Update card',
      kind: { type: 'step', step: 'update_card' },
      amount: undefined,
      eligibility: { failedPayments: { atLeast: 1 } },
    });
    expect(sentence(card)).toBe('Payment failed twice this month: offer to update the card on file.');
  });
});
