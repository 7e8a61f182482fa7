/** What the decided card tells the agent to say: one sentence per outcome, nothing while the request waits. */
import { describe, expect, it } from 'vitest';
import type { ExceptionView } from '@shared/schemas/exceptions';
import { tellCustomer } from './ExceptionCard';

const request = (over: Partial<ExceptionView>): ExceptionView =>
  ({
    status: 'pending',
    amountCents: 25_000,
    currency: 'USD',
    actionLabel: 'Refund',
    counter: null,
    decisionNote: null,
    ...over,
  }) as ExceptionView;

describe('what to tell the customer', () => {
  it('says what is on its way once approved or countered', () => {
    expect(tellCustomer(request({ status: 'approved' }))).toBe('Tell the customer: a $250 refund is on its way.');
    expect(tellCustomer(request({ status: 'countered', counter: { action: 'store_credit', amountCents: 12_000 } }))).toBe(
      'Tell the customer: we cannot do the $250 refund, but a $120 store credit is on its way.',
    );
  });

  it("says nothing was granted on a denial, with the lead's note", () => {
    expect(tellCustomer(request({ status: 'denied', decisionNote: 'We refunded this order last week' }))).toBe(
      'Tell the customer nothing was granted: “We refunded this order last week”',
    );
  });

  it('says nothing while the request waits or after it was withdrawn', () => {
    expect(tellCustomer(request({ status: 'pending' }))).toBeNull();
    expect(tellCustomer(request({ status: 'withdrawn' }))).toBeNull();
  });
});
