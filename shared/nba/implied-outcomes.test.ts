import { describe, expect, it } from 'vitest';
import { impliedAcceptances } from './implied-outcomes';

const credit10 = { offerId: 'credit-10', action: 'account_credit', amountCents: 1_000 };
const credit20 = { offerId: 'credit-20', action: 'account_credit', amountCents: 2_000 };
const shipping = { offerId: 'shipping', action: 'expedited_shipping', amountCents: 1_200 };
const callBack = { offerId: 'call-back', action: null, amountCents: null };
const none = new Set<string>();

describe('outcomes a resolution implies', () => {
  it('a grant of an offer’s action and amount means the customer took that offer', () => {
    expect(impliedAcceptances([credit10, shipping], [{ action: 'expedited_shipping', amountCents: 1_200 }], none)).toEqual(['shipping']);
  });

  it('the only offer of the action is taken at another amount too (a range granted above its opening amount)', () => {
    expect(impliedAcceptances([credit10, shipping], [{ action: 'account_credit', amountCents: 1_500 }], none)).toEqual(['credit-10']);
  });

  it('between two offers of one action, the amount decides; an amount matching neither implies neither', () => {
    expect(impliedAcceptances([credit10, credit20], [{ action: 'account_credit', amountCents: 2_000 }], none)).toEqual(['credit-20']);
    expect(impliedAcceptances([credit10, credit20], [{ action: 'account_credit', amountCents: 1_500 }], none)).toEqual([]);
  });

  it('two grants of one action take the two offers, each once', () => {
    const grants = [
      { action: 'account_credit', amountCents: 2_000 },
      { action: 'account_credit', amountCents: 700 },
      { action: 'account_credit', amountCents: 900 },
    ];
    expect(impliedAcceptances([credit10, credit20], grants, none)).toEqual(['credit-10', 'credit-20']);
  });

  it('implies nothing for a step, a grant no offer names, or an offer the agent already marked', () => {
    expect(impliedAcceptances([callBack], [{ action: 'account_credit', amountCents: 1_000 }], none)).toEqual([]);
    expect(impliedAcceptances([credit10], [{ action: 'refund', amountCents: 1_000 }], none)).toEqual([]);
    // Marked declined by the agent: their word stands, even when a credit was granted after all.
    expect(impliedAcceptances([credit10], [{ action: 'account_credit', amountCents: 1_000 }], new Set(['credit-10']))).toEqual([]);
  });

  it('never implies a decline: offers shown and not granted stay unanswered', () => {
    expect(impliedAcceptances([credit10, shipping, callBack], [], none)).toEqual([]);
  });
});
