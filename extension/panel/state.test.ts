import { describe, expect, it } from 'vitest';
import type { CustomerContext } from '../../shared/schemas/context';
import type { CustomerEvent } from '../../shared/schemas/customer-events';
import { initialState, visibleContext, withEvent, type PanelState } from './state';

const ctx = (id: string, events: CustomerEvent[] = []): CustomerContext => ({
  customer: { id, name: id, tier: 'gold', lifetimeValueCents: 0, currency: 'USD', customerSince: '2020-01-01T00:00:00Z' },
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
const ev = (id: string, at: string): CustomerEvent => ({
  id,
  customerId: 'c1',
  occurredAt: at,
  receivedAt: at,
  type: 'survey.answered',
  data: { survey: 'nps', score: 9 },
});
const on = (ticketKey: string, contextKey: string, value = ctx('c1')): PanelState => ({
  ...initialState('Zendesk'),
  ticket: { key: ticketKey, id: ticketKey.split(':')[1]! },
  context: { key: contextKey, value },
});

describe('panel state', () => {
  it('shows a context only under the ticket it was fetched for', () => {
    expect(visibleContext(on('zendesk:1', 'zendesk:1'))?.customer.id).toBe('c1');
    expect(visibleContext(on('zendesk:2', 'zendesk:1'))).toBeNull();
    expect(visibleContext({ ...on('zendesk:1', 'zendesk:1'), ticket: null })).toBeNull();
  });

  it('adds a live event once, in time order, only for the customer on screen', () => {
    const s = on('zendesk:1', 'zendesk:1', ctx('c1', [ev('old', '2026-01-01T00:00:00Z')]));
    const next = withEvent(s, 'c1', ev('new', '2026-02-01T00:00:00Z'));
    expect(visibleContext(next)!.recentEvents.map((e) => e.id)).toEqual(['new', 'old']);
    expect(next.liveEventIds).toEqual(['new']);
    expect(withEvent(next, 'c1', ev('new', '2026-02-01T00:00:00Z'))).toBe(next);
    expect(withEvent(s, 'c2', ev('x', '2026-02-01T00:00:00Z'))).toBe(s);
    expect(withEvent(on('zendesk:2', 'zendesk:1'), 'c1', ev('x', '2026-02-01T00:00:00Z')).liveEventIds).toEqual([]);
  });
});
