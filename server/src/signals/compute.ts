/**
 * Churn risk, repeat contact, surveys, suggestions, the SLA clock and the conversation's mood, as
 * pure functions. Each contribution carries its reason, so the panel shows why, not just a number.
 *
 * Two halves, so that signals agree with themselves: `customerSignals` reads the customer's history
 * alone and is the one function both the snapshot and the live push call; `ticketSignals` reads the
 * ticket on screen, which a customer-wide push cannot know and a panel keeps (TICKET_SIGNAL_KEYS).
 * Nothing customer-wide may depend on the ticket, or a push would contradict what reopening shows.
 */
import type { Tier } from '@shared/schemas/context';
import type { CustomerSignals, Signals, TicketSignals } from '@shared/schemas/signals';
import { type SignalSummary, WINDOW_DAYS } from './summary';

const DAY = 86_400_000;
export const REPEAT_DAYS = WINDOW_DAYS.repeatContact;
/** First-response targets by tier, in minutes. (Per-tenant targets: a later setting.) */
export const SLA_MINUTES: Record<Tier, number> = { platinum: 60, gold: 120, silver: 240, standard: 480 };

/** What is known about the customer, whichever ticket is on screen. */
export interface CustomerFacts {
  now: number;
  consent: Record<string, boolean>;
  /** Their history as the rules need it (summary.ts), kept as each event is stored. */
  summary: SignalSummary;
}

/** What is known about the ticket on screen. */
export interface TicketFacts {
  tier: Tier;
  /** When Leeway knows when it was opened. */
  openedAt: number | null;
  /** The customer's messages on it, scored, oldest first. */
  sentiment: number[];
}

function trendOf(points: number[]): Signals['sentiment']['trend'] {
  if (points.length < 2) return points.length ? 'steady' : 'unknown';
  const half = Math.max(1, Math.floor(points.length / 2));
  const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const delta = avg(points.slice(-half)) - avg(points.slice(0, half));
  return delta > 0.5 ? 'improving' : delta < -0.5 ? 'worsening' : 'steady';
}

export function customerSignals(input: CustomerFacts): CustomerSignals {
  const { now, summary: s } = input;
  const since = (days: number) => now - days * DAY;
  const reasons: [number, string][] = [];

  if (s.cancelVisitAt !== null && s.cancelVisitAt >= since(WINDOW_DAYS.cancelVisit))
    reasons.push([35, 'visited the cancellation page in the last 14 days']);
  const failed = s.failedPayments.filter((at) => at >= since(WINDOW_DAYS.failedPayment)).length;
  if (failed) reasons.push([25, failed === 1 ? 'a payment failed in the last 30 days' : `${failed} payments failed in the last 30 days`]);
  const low = s.lowSurvey && s.lowSurvey.at >= since(WINDOW_DAYS.lowSurvey) ? s.lowSurvey : null;
  if (low) reasons.push([20, `gave a low ${low.survey.toUpperCase()} (${low.score}) recently`]);
  // Distinct tickets opened in the window (a ticket reopened is still one contact), from the history,
  // not against the ticket on screen: the same on every ticket and in every push.
  const contacts = Object.values(s.contacts).filter((at) => at >= since(REPEAT_DAYS)).length;
  if (contacts >= 2) reasons.push([15, `contacted us ${contacts} times in ${REPEAT_DAYS} days`]);
  if (s.downgradeAt !== null && s.downgradeAt >= since(WINDOW_DAYS.downgrade))
    reasons.push([15, 'downgraded their subscription this month']);

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

  return {
    churn: { level, score, reasons: reasons.sort((a, b) => b[0] - a[0]).map(([, r]) => r) },
    repeatContact: { count: Math.max(0, contacts - 1), days: REPEAT_DAYS },
    surveys: s.surveys
      .filter((a) => a.at >= since(WINDOW_DAYS.history))
      .reverse()
      .map((a) => ({ at: new Date(a.at).toISOString(), survey: a.survey, score: a.score })),
    suggestions,
    cautions,
  };
}

/** The ticket's own parts; null (a customer-wide push) gives the "nothing known" values a panel replaces with its own. */
export function ticketSignals(ticket: TicketFacts | null): TicketSignals {
  const points = ticket?.sentiment ?? [];
  const target = ticket ? SLA_MINUTES[ticket.tier] : 0;
  return {
    sentiment: { trend: trendOf(points), latest: points.at(-1) ?? null, points: points.slice(-12) },
    sla:
      ticket?.openedAt != null
        ? {
            openedAt: new Date(ticket.openedAt).toISOString(),
            dueAt: new Date(ticket.openedAt + target * 60_000).toISOString(),
            targetMinutes: target,
          }
        : null,
  };
}
