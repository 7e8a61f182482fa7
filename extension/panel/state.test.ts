import { describe, expect, it } from 'vitest';
import type { CustomerContext } from '@shared/schemas/context';
import type { CustomerEvent } from '@shared/schemas/customer-events';
import type { Signals } from '@shared/schemas/signals';
import { newView, withEvent, withSignals, type TicketView } from './state';

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
const on = (value: CustomerContext | null = ctx('c1')): TicketView => ({ ...newView(0, { key: 'zendesk:1', id: '1' }), context: value });

describe('ticket view', () => {
  it('adds a live event once, in time order, only for the customer on screen', () => {
    const v = on(ctx('c1', [ev('old', '2026-01-01T00:00:00Z')]));
    const next = withEvent(v, 'c1', ev('new', '2026-02-01T00:00:00Z'));
    expect(next.context!.recentEvents.map((e) => e.id)).toEqual(['new', 'old']);
    expect(next.liveEventIds).toEqual(['new']);
    expect(withEvent(next, 'c1', ev('new', '2026-02-01T00:00:00Z'))).toBe(next);
    expect(withEvent(v, 'c2', ev('x', '2026-02-01T00:00:00Z'))).toBe(v);
    expect(withEvent(on(null), 'c1', ev('x', '2026-02-01T00:00:00Z')).liveEventIds).toEqual([]);
  });

  it('remembers as live only the events it still lists, however many arrived', () => {
    let v = on(ctx('c1', [ev('old', '2026-01-01T00:00:00Z')]));
    for (let i = 0; i < 100; i++) v = withEvent(v, 'c1', ev(`e${i}`, new Date(Date.UTC(2026, 1, 1, 0, i)).toISOString()));
    expect(v.context!.recentEvents).toHaveLength(20);
    expect(v.liveEventIds).toEqual(Array.from({ length: 20 }, (_, i) => `e${80 + i}`));
  });

  it('keeps this ticket’s SLA and sentiment when customer-wide signals are pushed', () => {
    const v = on();
    const pushed = { ...ctx('c1').signals, sla: { dueAt: 'x' }, sentiment: { trend: 'down' } } as unknown as Signals;
    const next = withSignals(v, 'c1', pushed, false);
    expect(next.context!.signals.sla).toBeNull();
    expect(next.context!.signals.sentiment.trend).toBe('unknown');
    expect(withSignals(v, 'c1', pushed, true).context!.signals).toBe(pushed);
    expect(withSignals(v, 'c2', pushed, true)).toBe(v);
  });
});
