import { describe, expect, it } from 'vitest';
import { activeHardStops, stoppedActions, suggestionsUnderHardStops } from './hard-stops';

const policy = {
  actions: [
    { id: 'refund', label: 'Refund', reasonCodes: [], reasonRequired: false },
    { id: 'account_credit', label: 'Account credit', reasonCodes: [], reasonRequired: false },
    { id: 'discount', label: 'Discount', reasonCodes: [], reasonRequired: false },
  ],
  hardStops: [
    { id: 'fraud', flag: 'fraud', message: 'Fraud flag: no gestures.' },
    { id: 'chargeback', flag: 'chargeback_open', actions: ['refund', 'account_credit'], message: 'A chargeback is open.' },
  ],
};

describe('hard stops for a customer', () => {
  it('are the rules whose flag the customer carries, with the actions they stop', () => {
    expect(activeHardStops(policy, ['chargeback_open', 'vip'])).toEqual([
      {
        id: 'chargeback',
        message: 'A chargeback is open.',
        actions: [
          { id: 'refund', label: 'Refund' },
          { id: 'account_credit', label: 'Account credit' },
        ],
        all: false,
      },
    ]);
    const fraud = activeHardStops(policy, ['fraud']);
    expect(fraud[0]!.all).toBe(true);
    expect([...stoppedActions(fraud)]).toEqual(['refund', 'account_credit', 'discount']);
    expect(activeHardStops(policy, [])).toEqual([]);
  });

  it('leave no suggestion standing beside them', () => {
    const suggestions = ['Payment failed recently: offer to update the card on file.'];
    expect(suggestionsUnderHardStops(suggestions, activeHardStops(policy, ['chargeback_open']))).toEqual([]);
    expect(suggestionsUnderHardStops(suggestions, activeHardStops(policy, []))).toEqual(suggestions);
  });
});
