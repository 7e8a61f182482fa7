import { describe, expect, it } from 'vitest';
import type { CustomerContext } from '@shared/schemas/context';
import type { CustomerEvent } from '@shared/schemas/customer-events';
import { statusText } from './announce';
import { newView, withEvent, type TicketView } from './state';

const context = (events: CustomerEvent[]): CustomerContext => ({
  customer: {
    id: 'c1',
    name: 'Dana Whitfield',
    tier: 'gold',
    lifetimeValueCents: 0,
    currency: 'USD',
    customerSince: '2020-01-01T00:00:00Z',
  },
  contact: { email: null, phone: null },
  consent: {},
  conflicts: [],
  openTickets: [],
  recentEvents: events,
  signals: {
    churn: { level: 'low', score: 0, reasons: [] },
    repeatContact: { count: 0, days: 7 },
    sentiment: { trend: 'unknown', latest: null, points: [] },
    surveys: [],
    sla: null,
    suggestions: [],
    cautions: [],
  },
});
const failed: CustomerEvent = {
  id: 'e1',
  customerId: 'c1',
  occurredAt: '2026-02-01T00:00:00Z',
  receivedAt: '2026-02-01T00:00:00Z',
  type: 'payment.failed',
  data: { amountCents: 2500, currency: 'USD' },
};
const view = (ctx: CustomerContext | null): TicketView => ({ ...newView(0, { key: 'zendesk:101', id: '101' }), context: ctx });

describe('what the panel announces politely', () => {
  it('says nothing before there is a customer, then who it is, then the latest live event', () => {
    expect(statusText(view(null))).toBe('');
    const shown = view(context([]));
    expect(statusText(shown)).toBe('Ticket 101: Dana Whitfield, gold customer.');
    expect(statusText(withEvent(shown, 'c1', failed))).toBe('New for Dana Whitfield: Payment failed · $25');
  });
});
