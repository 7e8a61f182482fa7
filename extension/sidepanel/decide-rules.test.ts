import { describe, expect, it } from 'vitest';
import { ExceptionDecideBody } from '@shared/schemas/exceptions';
import { canSend } from './decide-rules';

const id = '00000000-0000-4000-8000-000000000001';

describe('which decisions the side panel lets a lead send', () => {
  it('approves without a note; denies, counters and sends up only with one', () => {
    expect(canSend('approve', '', null)).toBe(true);
    for (const d of ['deny', 'send_up'] as const) {
      expect(canSend(d, '  ', null)).toBe(false);
      expect(canSend(d, 'Not this time', null)).toBe(true);
    }
    expect(canSend('counter', 'Offer $30', null)).toBe(false);
    expect(canSend('counter', 'Offer $30', 3_000)).toBe(true);
  });

  it('agrees with the server’s schema', () => {
    expect(ExceptionDecideBody.safeParse({ exceptionId: id, decision: 'approve' }).success).toBe(true);
    expect(ExceptionDecideBody.safeParse({ exceptionId: id, decision: 'approve', note: '  ' }).success).toBe(true);
    const deny = ExceptionDecideBody.safeParse({ exceptionId: id, decision: 'deny', note: ' ' });
    expect(deny.success).toBe(false);
    expect(deny.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['note', 'is required: the agent reads it to the customer'],
    ]);
    expect(ExceptionDecideBody.safeParse({ exceptionId: id, decision: 'send_up' }).success).toBe(false);
    expect(
      ExceptionDecideBody.safeParse({ exceptionId: id, decision: 'counter', note: 'x', counter: { action: 'refund', amountCents: 100 } })
        .success,
    ).toBe(true);
  });
});
