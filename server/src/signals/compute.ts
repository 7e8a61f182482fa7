/**
 * Churn risk, repeat contact, sentiment trend, SLA clock and suggestions, as one pure
 * function of a customer's recent history. Each contribution carries its reason, so the
 * panel shows why, not just a number.
 */
import type { Tier } from '@shared/schemas/context';
import type { CustomerEvent } from '@shared/schemas/customer-events';
import type { Signals } from '@shared/schemas/signals';

const DAY = 86_400_000;
export const REPEAT_DAYS = 7;
/** First-response targets by tier, in minutes. (Per-tenant targets: a later setting.) */
export const SLA_MINUTES: Record<Tier, number> = { platinum: 60, gold: 120, silver: 240, standard: 480 };

export interface SignalInput {
  now: number;
  tier: Tier;
  customerSince: number;
  consent: Record<string, boolean>;
  /** Newest first, the last 90 days at least. */
  events: CustomerEvent[];
  /** Oldest first. */
  sentiment: number[];
  ticket: { ref: string; openedAt: number } | null;
}

function trendOf(points: number[]): Signals['sentiment']['trend'] {
  if (points.length < 2) return points.length ? 'steady' : 'unknown';
  const half = Math.max(1, Math.floor(points.length / 2));
  const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const delta = avg(points.slice(-half)) - avg(points.slice(0, half));
  return delta > 0.5 ? 'improving' : delta < -0.5 ? 'worsening' : 'steady';
}

export function computeSignals(input: SignalInput): Signals {
  const { now, events } = input;
  const within = (e: CustomerEvent, days: number) => Date.parse(e.occurredAt) >= now - days * DAY;
  const reasons: [number, string][] = [];

  const cancelVisit = events.find((e) => e.type === 'page.visited' && /cancel/i.test(e.data.url) && within(e, 14));
  if (cancelVisit) reasons.push([35, 'visited the cancellation page in the last 14 days']);
  const failed = events.filter((e) => e.type === 'payment.failed' && within(e, 30)).length;
  if (failed) reasons.push([25, failed === 1 ? 'a payment failed in the last 30 days' : `${failed} payments failed in the last 30 days`]);
  const badSurvey = events.find(
    (e) =>
      e.type === 'survey.answered' &&
      within(e, 60) &&
      (e.data.survey === 'csat' ? e.data.score <= 2 : e.data.survey === 'nps' ? e.data.score <= 6 : e.data.score >= 5),
  );
  if (badSurvey && badSurvey.type === 'survey.answered')
    reasons.push([20, `gave a low ${badSurvey.data.survey.toUpperCase()} (${badSurvey.data.score}) recently`]);
  const contacts = events.filter(
    (e) => e.type === 'contact.opened' && within(e, REPEAT_DAYS) && (!input.ticket || e.data.ticketRef !== input.ticket.ref),
  );
  if (contacts.length >= 1) reasons.push([15, `contacted us ${contacts.length + 1} times in ${REPEAT_DAYS} days`]);
  const trend = trendOf(input.sentiment);
  if (trend === 'worsening') reasons.push([15, 'the conversation is getting more negative']);
  const downgrade = events.find((e) => e.type === 'subscription.changed' && within(e, 30) && /basic|free|cancel/i.test(e.data.to));
  if (downgrade) reasons.push([15, 'downgraded their subscription this month']);

  const score = Math.min(
    100,
    reasons.reduce((a, [w]) => a + w, 0),
  );
  const level = score >= 50 ? 'high' : score >= 25 ? 'medium' : 'low';

  const cautions: string[] = [];
  const suggestions: string[] = [];
  if (input.consent.marketing === false) cautions.push('Opted out of marketing: make no promotional offers.');
  if (input.consent.personalisation === false)
    cautions.push('Opted out of personalisation: do not refer to their history beyond this ticket.');
  if (level === 'high' && input.consent.marketing !== false)
    suggestions.push('High churn risk: a retention gesture within your leeway may keep them.');
  if (failed && input.consent.personalisation !== false) suggestions.push('Payment failed recently: offer to update the card on file.');

  const target = SLA_MINUTES[input.tier];
  return {
    churn: { level, score, reasons: reasons.sort((a, b) => b[0] - a[0]).map(([, r]) => r) },
    repeatContact: { count: contacts.length, days: REPEAT_DAYS },
    sentiment: { trend, latest: input.sentiment.at(-1) ?? null, points: input.sentiment.slice(-12) },
    surveys: events
      .filter((e): e is Extract<CustomerEvent, { type: 'survey.answered' }> => e.type === 'survey.answered')
      .slice(0, 12)
      .reverse()
      .map((e) => ({ at: e.occurredAt, survey: e.data.survey, score: e.data.score })),
    sla: input.ticket
      ? {
          openedAt: new Date(input.ticket.openedAt).toISOString(),
          dueAt: new Date(input.ticket.openedAt + target * 60_000).toISOString(),
          targetMinutes: target,
        }
      : null,
    suggestions,
    cautions,
  };
}
