import { describe, expect, it } from 'vitest';
import { describeEvent, isAlert } from '../describe-event';
import { parse } from '../validate';
import { IngestEvent } from './customer-events';

const base = { id: 'e1', occurredAt: '2026-11-23T10:00:00Z', customer: { email: 'a@example.com' } };

describe('IngestEvent', () => {
  it.each([
    ['order.placed', { orderId: 'A1', amountCents: 100, currency: 'EUR' }],
    ['order.refunded', { orderId: 'A1', amountCents: 100, currency: 'EUR' }],
    ['payment.failed', { amountCents: 4900, currency: 'USD', reason: 'declined' }],
    ['subscription.changed', { from: 'Basic', to: 'Plus' }],
    ['page.visited', { url: 'https://shop.example.com/cancel' }],
    ['contact.opened', { channel: 'email', ticketRef: 'z:1' }],
    ['contact.closed', { channel: 'email', ticketRef: 'z:1' }],
    ['survey.answered', { survey: 'csat', score: 5 }],
  ])('accepts a valid %s', (type, data) => {
    expect(parse(IngestEvent, { ...base, type, data })).toMatchObject({ ok: true });
  });

  it('explains each problem with its path', () => {
    const r = parse(IngestEvent, { ...base, occurredAt: 'yesterday', type: 'survey.answered', data: { survey: 'csat', score: 11 } });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toBe(
      'occurredAt: must be an ISO 8601 date-time, like 2026-11-23T10:00:00Z; data.score: Too big: expected number to be <=10',
    );
  });

  it('refuses unknown customer keys rather than ignoring them', () => {
    const r = parse(IngestEvent, {
      ...base,
      customer: { mail: 'a@example.com' },
      type: 'contact.closed',
      data: { channel: 'x', ticketRef: '1' },
    });
    expect(!r.ok && r.issues.map((i) => i.path)).toContain('customer');
  });
});

describe('describeEvent', () => {
  it('reads as one line an agent understands', () => {
    expect(describeEvent({ type: 'payment.failed', data: { amountCents: 12900, currency: 'USD', reason: 'card declined' } })).toBe(
      'Payment failed · $129 (card declined)',
    );
    expect(describeEvent({ type: 'order.placed', data: { orderId: 'A-1', amountCents: 1999, currency: 'EUR' } })).toBe(
      'Order A-1 placed · €19.99',
    );
    expect(describeEvent({ type: 'survey.answered', data: { survey: 'nps', score: 3 } })).toBe('NPS 3');
  });
  it('flags what an agent should not miss', () => {
    expect(isAlert({ type: 'page.visited', data: { url: 'https://x.example/account/cancel' } })).toBe(true);
    expect(isAlert({ type: 'page.visited', data: { url: 'https://x.example/pricing' } })).toBe(false);
    expect(isAlert({ type: 'survey.answered', data: { survey: 'csat', score: 2 } })).toBe(true);
    expect(isAlert({ type: 'survey.answered', data: { survey: 'nps', score: 9 } })).toBe(false);
  });
});

describe('custom events', () => {
  it('reads as its name and fields', () => {
    expect(describeEvent({ type: 'custom.trial_started', data: { plan: 'pro', seats: 5 } })).toBe('Trial started · plan: pro, seats: 5');
  });
});
