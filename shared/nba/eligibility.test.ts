import { describe, expect, it } from 'vitest';
import { consentReasons, eligibilityReasons, eligible, optedOut, windowText } from './eligibility';
import { countWithin, customerFacts } from './facts';
import { eventAgo, factsOf, NOW, offerOf, signalsOf } from './test-kit';

const failedTwice = [eventAgo('payment.failed', 3), eventAgo('payment.failed', 12), eventAgo('payment.failed', 45)];

describe('eligibility', () => {
  it.each([
    ['no conditions', {}, {}, true],
    ['tier in the list', { tiers: ['gold'] }, {}, true],
    ['tier not in the list', { tiers: ['platinum'] }, {}, false],
    ['churn at the threshold', { churnAtLeast: 'medium' }, { signals: signalsOf('medium') }, true],
    ['churn above the threshold', { churnAtLeast: 'medium' }, { signals: signalsOf('high') }, true],
    ['churn below the threshold', { churnAtLeast: 'high' }, { signals: signalsOf('medium') }, false],
    ['repeat contact reached', { repeatContactAtLeast: 2 }, { signals: signalsOf('low', 2) }, true],
    ['repeat contact short', { repeatContactAtLeast: 2 }, { signals: signalsOf('low', 1) }, false],
    ['two failed payments in 30 days', { failedPayments: { atLeast: 2 } }, { events: failedTwice }, true],
    ['three asked, the third outside the window', { failedPayments: { atLeast: 3 } }, { events: failedTwice }, false],
    ['three within 60 days', { failedPayments: { atLeast: 3, withinDays: 60 } }, { events: failedTwice }, true],
    ['an event seen recently', { events: [{ type: 'page.visited', withinDays: 14 }] }, { events: [eventAgo('page.visited', 2)] }, true],
    [
      'an event seen too long ago',
      { events: [{ type: 'page.visited', withinDays: 14 }] },
      { events: [eventAgo('page.visited', 20)] },
      false,
    ],
    [
      'a custom event',
      { events: [{ type: 'custom.trial_started', withinDays: 7 }] },
      { events: [eventAgo('custom.trial_started', 1)] },
      true,
    ],
    ['consent given', { consent: ['marketing'] }, { consent: { marketing: true } }, true],
    ['consent never asked', { consent: ['marketing'] }, {}, true],
    ['consent refused', { consent: ['marketing'] }, { consent: { marketing: false } }, false],
  ] as const)('%s', (_, eligibility, facts, expected) => {
    const offer = offerOf({ id: 'x', eligibility: eligibility as never });
    expect(eligible(offer, factsOf(facts as never))).toBe(expected);
  });

  it('names the consent a customer opted out of', () => {
    const offer = offerOf({ id: 'x', eligibility: { consent: ['personalisation', 'marketing'] } });
    expect(optedOut(offer, factsOf({ consent: { marketing: false } }))).toBe('marketing');
  });
});

describe('facts', () => {
  it('counts events in a window and ignores an unreadable time', () => {
    const facts = factsOf({ events: [...failedTwice, { type: 'payment.failed', occurredAt: 'yesterday' }] });
    expect([countWithin(facts, 'payment.failed', 30), countWithin(facts, 'payment.failed', 60), countWithin(facts, 'nope', 60)]).toEqual([
      2, 3, 0,
    ]);
  });
  it('keeps the latest order’s amount for percent offers', () => {
    const facts = customerFacts({
      tier: 'gold',
      customer: {
        consent: {},
        events: [eventAgo('order.placed', 1, { amountCents: 4_000 }), eventAgo('order.placed', 9, { amountCents: 9_000 })],
      },
      signals: signalsOf(),
      now: NOW,
    });
    expect(facts.lastOrderCents).toBe(4_000);
  });
});

describe('eligibility reasons', () => {
  it('words each fact that made the offer fit, counting what happened rather than the threshold', () => {
    const offer = offerOf({
      id: 'x',
      eligibility: {
        failedPayments: { atLeast: 1 },
        events: [
          { type: 'page.visited', withinDays: 14 },
          { type: 'custom.trial_started', withinDays: 10 },
        ],
        churnAtLeast: 'medium',
        repeatContactAtLeast: 1,
        tiers: ['gold'],
        consent: ['marketing'],
      },
    });
    const facts = factsOf({
      signals: signalsOf('high', 2),
      events: [...failedTwice, eventAgo('page.visited', 1), eventAgo('custom.trial_started', 2)],
      consent: { marketing: true },
    });
    expect(eligibilityReasons(offer, facts)).toEqual([
      'payment failed twice this month',
      'they visited the site in the last 14 days',
      '“trial_started” happened once in the last 10 days',
      'churn risk is high',
      'they contacted us 3 times in 7 days',
      'they are a gold customer',
    ]);
    expect(consentReasons(offer, facts)).toEqual(['they consented to marketing']);
    expect(consentReasons(offer, factsOf())).toEqual(['they have not opted out of marketing']);
  });
  it('reads windows as an agent says them', () => {
    expect([1, 7, 30, 14].map(windowText)).toEqual(['today', 'this week', 'this month', 'in the last 14 days']);
  });
});
