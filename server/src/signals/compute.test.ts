import { describe, expect, it } from 'vitest';
import type { CustomerEvent } from '@shared/schemas/customer-events';
import { customerSignals, ticketSignals } from './compute';
import { summarize } from './summary';

const NOW = Date.UTC(2026, 11, 4, 12);
const HOUR = 3_600_000;
let n = 0;
const contact = (ticketRef: string, hoursAgo: number): CustomerEvent =>
  ({
    id: `e${++n}`,
    customerId: 'c1',
    type: 'contact.opened',
    data: { channel: 'email', ticketRef },
    occurredAt: new Date(NOW - hoursAgo * HOUR).toISOString(),
    receivedAt: new Date(NOW).toISOString(),
  }) as CustomerEvent;

const facts = (events: CustomerEvent[]) => ({
  now: NOW,
  consent: {},
  summary: summarize(
    events.map((e) => ({ ...e, occurredAt: Date.parse(e.occurredAt) })),
    NOW,
  ),
});

describe('customer-wide signals', () => {
  it('one ticket, even reopened, is no repeat contact', () => {
    const s = customerSignals(facts([contact('t1', 1), contact('t1', 30)]));
    expect(s.repeatContact).toEqual({ count: 0, days: 7 });
    expect(s.churn.reasons).toEqual([]);
  });

  it('two tickets within seven days are one repeat; an older one is outside the window', () => {
    const s = customerSignals(facts([contact('t2', 2), contact('t1', 50), contact('t0', 24 * 8)]));
    expect(s.repeatContact.count).toBe(1);
    expect(s.churn.reasons).toEqual(['contacted us 2 times in 7 days']);
  });
});

describe('ticket signals', () => {
  it('know nothing without a ticket: the panel keeps its own', () => {
    expect(ticketSignals(null)).toEqual({ sla: null, sentiment: { trend: 'unknown', latest: null, points: [] } });
  });

  it('run the SLA clock by tier from when the ticket opened, and read the mood of its messages', () => {
    const s = ticketSignals({ tier: 'gold', openedAt: NOW - HOUR, sentiment: [2, 1, -3, -4] });
    expect(s.sla).toEqual({
      openedAt: new Date(NOW - HOUR).toISOString(),
      dueAt: new Date(NOW + HOUR).toISOString(),
      targetMinutes: 120,
    });
    expect(s.sentiment).toEqual({ trend: 'worsening', latest: -4, points: [2, 1, -3, -4] });
    expect(ticketSignals({ tier: 'gold', openedAt: null, sentiment: [] }).sla).toBeNull();
  });
});
