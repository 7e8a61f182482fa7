import { describe, expect, it } from 'vitest';
import { customerPartOf, type Signals, ticketPartOf, withCustomerSignals } from './signals';

const signals = (over: Partial<Signals>): Signals => ({
  churn: { level: 'low', score: 0, reasons: [] },
  repeatContact: { count: 0, days: 7 },
  sentiment: { trend: 'unknown', latest: null, points: [] },
  surveys: [],
  sla: null,
  suggestions: [],
  cautions: [],
  ...over,
});

describe('merging a customer-wide push into a ticket’s signals', () => {
  it('takes every customer-wide part from the push and keeps the ticket’s SLA clock and mood', () => {
    const onTicket = signals({
      sla: { openedAt: '2026-12-04T10:00:00.000Z', dueAt: '2026-12-04T12:00:00.000Z', targetMinutes: 120 },
      sentiment: { trend: 'worsening', latest: -3, points: [2, -3] },
    });
    const pushed = signals({ churn: { level: 'medium', score: 25, reasons: ['a payment failed in the last 30 days'] } });
    const shown = withCustomerSignals(onTicket, pushed);
    expect(customerPartOf(shown)).toEqual(customerPartOf(pushed));
    expect(ticketPartOf(shown)).toEqual(ticketPartOf(onTicket));
  });
});
