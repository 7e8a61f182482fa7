import { describe, expect, it } from 'vitest';
import { DEMO_POLICY } from '../../server/src/demo/policy';
import { PolicyDocument } from '../schemas/policy';
import { parse } from '../validate';
import { Offer, OfferList } from './offer';
import { checkOffers } from './policy-check';

const credit = {
  id: 'retention-credit',
  name: 'Retention credit',
  kind: { type: 'action', action: 'account_credit', reasonCode: 'goodwill' },
  amount: { rule: 'fixed', cents: 1_500 },
  businessValueCents: 12_000,
};

describe('Offer', () => {
  it('fills the defaults: open to all, neutral lever, a flat prior', () => {
    const o = Offer.parse(credit);
    expect(o.eligibility).toEqual({});
    expect(o.leverWeight).toBe(1);
    expect(o.prior).toEqual({ alpha: 1, beta: 1 });
  });

  it('accepts every amount rule, a step, and every eligibility condition', () => {
    for (const amount of [
      { rule: 'fixed', cents: 500 },
      { rule: 'percent', percent: 10, minCents: 500, maxCents: 5_000 },
      { rule: 'range', minCents: 500, maxCents: 2_000 },
    ])
      expect(parse(Offer, { ...credit, amount })).toMatchObject({ ok: true });
    expect(parse(Offer, { id: 'card', name: 'Update card', kind: { type: 'step', step: 'update_card' }, businessValueCents: 0 }).ok).toBe(
      true,
    );
    const eligibility = {
      events: [
        { type: 'page.visited', withinDays: 14 },
        { type: 'custom.trial_started', withinDays: 30, atLeast: 2 },
      ],
      churnAtLeast: 'high',
      repeatContactAtLeast: 1,
      failedPayments: { atLeast: 2 },
      tiers: ['gold', 'platinum'],
      consent: ['marketing'],
    };
    const r = parse(Offer, { ...credit, eligibility });
    expect(r.ok && r.value.eligibility.failedPayments).toEqual({ atLeast: 2, withinDays: 30 });
  });

  it.each([
    ['an action without an amount', { ...credit, amount: undefined }, 'amount: is required for an action: fixed, percent or range'],
    [
      'a step with an amount',
      { ...credit, kind: { type: 'step', step: 'call_back' } },
      'amount: must be left out for a step: a step grants no money',
    ],
    [
      'a range upside down',
      { ...credit, amount: { rule: 'range', minCents: 900, maxCents: 500 } },
      'amount: minCents must not be above maxCents',
    ],
    ['a fractional amount', { ...credit, amount: { rule: 'fixed', cents: 9.5 } }, 'amount.cents: must be a whole number of cents'],
    ['a percent over 100', { ...credit, amount: { rule: 'percent', percent: 150 } }, 'amount.percent: must be at most 100'],
    [
      'no value',
      { ...credit, businessValueCents: undefined },
      'businessValueCents: is required: what one accepted offer is worth to the business, in cents',
    ],
    [
      'an unknown event type',
      { ...credit, eligibility: { events: [{ type: 'order.lost', withinDays: 7 }] } },
      'eligibility.events.0.type: must be an event type: one of order.placed, order.refunded, payment.failed, subscription.changed, page.visited, contact.opened, contact.closed, survey.answered, or custom.<name>',
    ],
    [
      'an unknown step',
      { ...credit, amount: undefined, kind: { type: 'step', step: 'sing' } },
      'kind.step: must be one of: update_card, escalate, call_back',
    ],
    ['a zero prior', { ...credit, prior: { alpha: 0, beta: 1 } }, 'prior.alpha: must be above 0'],
    ['a bad id', { ...credit, id: 'Retention Credit' }, 'id: must be 1–64 lowercase letters, digits, dots, dashes or underscores'],
  ])('refuses %s in words the admin can act on', (_, input, message) => {
    const r = parse(Offer, input);
    expect(!r.ok && r.message).toBe(message);
  });

  it('refuses two offers with one id', () => {
    const r = parse(OfferList, [credit, credit]);
    expect(!r.ok && r.message).toBe('1.id: “retention-credit” is used by another offer: ids must be unique');
  });
});

describe('checkOffers against the tenant’s policy', () => {
  const policy = PolicyDocument.parse(DEMO_POLICY);
  it('passes offers whose actions and reason codes the policy knows', () => {
    expect(checkOffers([Offer.parse(credit)], policy)).toEqual([]);
  });
  it('names an unknown action, a wrong reason code and a missing one', () => {
    const offers = [
      Offer.parse({ ...credit, id: 'a', kind: { type: 'action', action: 'cashback' } }),
      Offer.parse({ ...credit, id: 'b', kind: { type: 'action', action: 'account_credit', reasonCode: 'damaged' } }),
      Offer.parse({ ...credit, id: 'c', kind: { type: 'action', action: 'refund' } }),
    ];
    expect(checkOffers(offers, policy).map((p) => `${p.offerId} ${p.path}: ${p.message}`)).toEqual([
      'a 0.kind.action: “cashback” is not an action of your policy: use one of refund, account_credit, discount, fee_waiver, free_replacement, expedited_shipping, goodwill_gesture',
      'b 1.kind.reasonCode: “damaged” is not a reason for Account credit: use one of service_outage, billing_error, goodwill',
      'c 2.kind.reasonCode: is required: Refund needs a reason, one of billing_error, damaged, late_delivery, not_as_described, goodwill',
    ]);
  });
});
