import { describe, expect, it } from 'vitest';
import { amountWords, eligibilityWords, grantWords, leverWords, priorWords, refusalLines, whoWords } from './offer-words';

describe('offers in words', () => {
  it('says what an offer grants: an action with its amount rule, or a step as a thing to do', () => {
    const credit = {
      kind: { type: 'action', action: 'account_credit' },
      amount: { rule: 'range', minCents: 1000, maxCents: 2500 },
    } as const;
    expect(grantWords(credit, 'USD')).toBe('Account credit, $10–$25');
    expect(grantWords({ kind: { type: 'action', action: 'goodwill_gesture' }, amount: { rule: 'fixed', cents: 550 } }, 'USD')).toBe(
      'Goodwill gesture, $5.50',
    );
    expect(grantWords({ kind: { type: 'step', step: 'call_back' } }, 'USD')).toBe('Offer a call back');
    expect(grantWords({ kind: { type: 'step', step: 'update_card' } }, 'USD')).toBe('Ask to update the card on file');
    expect(amountWords({ rule: 'percent', percent: 10 }, 'USD')).toBe('10% of the latest order');
    expect(amountWords({ rule: 'percent', percent: 10, minCents: 500, maxCents: 5000 }, 'EUR')).toBe('10% of the latest order, €5–€50');
    expect(amountWords({ rule: 'percent', percent: 15, maxCents: 2000 }, 'USD')).toBe('15% of the latest order, at most $20');
  });

  it('says who is eligible, one phrase per condition', () => {
    expect(eligibilityWords({ churnAtLeast: 'high' })).toEqual(['churn risk high']);
    expect(eligibilityWords({ churnAtLeast: 'medium', repeatContactAtLeast: 2 })).toEqual([
      'churn risk medium or higher',
      'contacted again 2+ times',
    ]);
    expect(eligibilityWords({ failedPayments: { atLeast: 1, withinDays: 30 } })).toEqual(['a failed payment in the last 30 days']);
    expect(eligibilityWords({ failedPayments: { atLeast: 2, withinDays: 7 } })).toEqual(['2+ failed payments in the last 7 days']);
    expect(eligibilityWords({ tiers: ['gold', 'platinum'] })).toEqual(['tiers gold, platinum']);
    expect(eligibilityWords({ tiers: ['gold'] })).toEqual(['tier gold']);
    expect(eligibilityWords({ events: [{ type: 'order.placed', withinDays: 14, atLeast: 1 }] })).toEqual([
      'order placed in the last 14 days',
    ]);
    expect(eligibilityWords({ events: [{ type: 'order.placed', withinDays: 1, atLeast: 3 }] })).toEqual([
      'order placed 3+ times in the last day',
    ]);
    expect(eligibilityWords({ consent: ['marketing'] })).toEqual(['not opted out of marketing']);
    expect(whoWords({ repeatContactAtLeast: 1 })).toBe('contacted again 1+ times');
    expect(whoWords({})).toBe('every customer');
  });

  it('reads the lever and the prior', () => {
    expect(leverWords(1)).toBe('1 (neutral)');
    expect(leverWords(0)).toBe('0 (parked)');
    expect(leverWords(0.5)).toBe('0.5');
    expect(priorWords({ alpha: 3, beta: 4 })).toBe('43%');
    expect(priorWords({ alpha: 1, beta: 1 })).toBe('50%');
  });

  it('turns the server refusal into one line per problem, with the editor’s paths', () => {
    const issues = [{ path: 'body.offers.0.amount', message: 'is required for an action: fixed, percent or range' }];
    expect(refusalLines('ignored', issues)).toEqual(['offers.0.amount: is required for an action: fixed, percent or range']);
    expect(
      refusalLines('The offers have 2 problems: body.offers.0.kind.action: unknown; here; body.offers.3.kind.reasonCode: is required'),
    ).toEqual(['offers.0.kind.action: unknown; here', 'offers.3.kind.reasonCode: is required']);
  });
});
