/**
 * The summary gives the signals that replaying the events gave (issue 21): over generated
 * histories, in any order of arrival, added one at a time or built at once, and read later than
 * written, `customerSignals` on the summary equals the replay below, which is how signals were
 * computed from up to 90 days of events before the summary existed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FUZZ_RUNS } from '../../../test/support/fuzz/inputs';
import { customerSignals } from './compute';
import { emptySummary, isLowScore, type Survey, summarize, type SummaryEvent, withEvent } from './summary';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 4, 12);

/** The replay: every event of the last 90 days, newest first, as the rules read them before. */
function replayed(events: SummaryEvent[], now: number, consent: Record<string, boolean>) {
  const recent = events.filter((e) => e.occurredAt >= now - 90 * DAY).sort((a, b) => b.occurredAt - a.occurredAt);
  const within = (e: SummaryEvent, days: number) => e.occurredAt >= now - days * DAY;
  const d = (e: SummaryEvent) => e.data as Record<string, any>;
  const reasons: [number, string][] = [];
  if (recent.find((e) => e.type === 'page.visited' && /cancel/i.test(d(e).url) && within(e, 14)))
    reasons.push([35, 'visited the cancellation page in the last 14 days']);
  const failed = recent.filter((e) => e.type === 'payment.failed' && within(e, 30)).length;
  if (failed) reasons.push([25, failed === 1 ? 'a payment failed in the last 30 days' : `${failed} payments failed in the last 30 days`]);
  const low = recent.find((e) => e.type === 'survey.answered' && within(e, 60) && isLowScore(d(e).survey, d(e).score));
  if (low) reasons.push([20, `gave a low ${d(low).survey.toUpperCase()} (${d(low).score}) recently`]);
  const refs = new Set(recent.filter((e) => e.type === 'contact.opened' && within(e, 7)).map((e) => d(e).ticketRef));
  if (refs.size >= 2) reasons.push([15, `contacted us ${refs.size} times in 7 days`]);
  if (recent.find((e) => e.type === 'subscription.changed' && within(e, 30) && /basic|free|cancel/i.test(d(e).to)))
    reasons.push([15, 'downgraded their subscription this month']);
  const score = Math.min(
    100,
    reasons.reduce((a, [w]) => a + w, 0),
  );
  const level = score >= 50 ? 'high' : score >= 25 ? 'medium' : 'low';
  return {
    churn: { level, score, reasons: reasons.sort((a, b) => b[0] - a[0]).map(([, r]) => r) },
    repeatContact: { count: Math.max(0, refs.size - 1), days: 7 },
    surveys: recent
      .filter((e) => e.type === 'survey.answered')
      .slice(0, 12)
      .reverse()
      .map((e) => ({ at: new Date(e.occurredAt).toISOString(), survey: d(e).survey as Survey, score: d(e).score })),
    suggestions: [
      ...(level === 'high' && consent.marketing !== false
        ? ['High churn risk: a retention gesture within your leeway may keep them.']
        : []),
      ...(failed && consent.personalisation !== false ? ['Payment failed recently: offer to update the card on file.'] : []),
    ],
  };
}

const anEvent = fc.oneof(
  fc.record({
    type: fc.constant('page.visited'),
    data: fc.record({ url: fc.constantFrom('https://s.example/cancel', 'https://s.example/Cancel-plan', 'https://s.example/home') }),
  }),
  fc.record({
    type: fc.constant('payment.failed'),
    data: fc.record({ amountCents: fc.integer({ min: 1, max: 9_999 }), currency: fc.constant('USD') }),
  }),
  fc.record({
    type: fc.constant('survey.answered'),
    data: fc.record({ survey: fc.constantFrom('csat', 'nps', 'ces'), score: fc.integer({ min: 0, max: 10 }) }),
  }),
  fc.record({
    type: fc.constant('contact.opened'),
    data: fc.record({ channel: fc.constant('email'), ticketRef: fc.constantFrom('zendesk:1', 'zendesk:2', 'freshdesk:3', 'web:4') }),
  }),
  fc.record({ type: fc.constant('subscription.changed'), data: fc.record({ to: fc.constantFrom('Basic', 'free', 'cancelled', 'pro') }) }),
  fc.record({ type: fc.constantFrom('order.placed', 'custom.trial_started'), data: fc.constant({}) }),
);
/** Distinct times (the replay's "newest" is then one event), from 100 days back to a day ahead. */
const aHistory = fc
  .uniqueArray(fc.integer({ min: -100 * 24, max: 24 }), { maxLength: 60 })
  .chain((hours) => fc.tuple(...hours.map((h) => anEvent.map((e): SummaryEvent => ({ ...e, occurredAt: NOW + h * 3_600_000 })))));

describe('the signal summary', () => {
  it('gives the signals the events give, whatever order they arrive in and however late they are read', () => {
    fc.assert(
      fc.property(
        aHistory,
        fc.integer({ min: 0, max: 20 * 24 }),
        fc.record({ marketing: fc.boolean(), personalisation: fc.boolean() }),
        (events, readLaterHours, consent) => {
          const written = events.reduce((s, e) => withEvent(s, e, NOW), emptySummary());
          const readAt = NOW + readLaterHours * 3_600_000;
          const { cautions: _, ...signals } = customerSignals({ now: readAt, consent, summary: written });
          expect(signals).toEqual(replayed(events, readAt, consent));
          expect(summarize([...events].reverse(), NOW)).toEqual(written);
        },
      ),
      { numRuns: FUZZ_RUNS * 5, seed: 21 },
    );
  });

  it('ignores what an erasure emptied, and keeps a flood of one kind bounded', () => {
    const emptied = summarize(
      ['page.visited', 'survey.answered', 'contact.opened', 'subscription.changed'].map((type) => ({ type, data: {}, occurredAt: NOW })),
      NOW,
    );
    expect(emptied).toEqual(emptySummary());
    const flood = summarize(
      Array.from({ length: 1_000 }, (_, i) => ({ type: 'contact.opened', data: { ticketRef: `t${i}` }, occurredAt: NOW - i })),
      NOW,
    );
    expect(Object.keys(flood.contacts)).toHaveLength(200);
    expect(flood.contacts.t0).toBe(NOW);
  });
});
