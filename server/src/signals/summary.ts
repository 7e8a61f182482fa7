/**
 * What the customer-wide signals need from a customer's history, kept up to date as each event is
 * stored (in the event's transaction), so computing signals reads one row instead of replaying
 * 90 days of events. `summarize` builds it from events (a customer stored before it existed, or
 * one a merge changed); `withEvent` adds one. Both are pure; compute.ts reads the result.
 *
 * Lists keep only what a window can still count, pruned as they are written; the reader applies
 * the windows again against its own clock.
 */
const DAY = 86_400_000;

/** The windows the rules count over, in days (compute.ts). */
export const WINDOW_DAYS = { cancelVisit: 14, failedPayment: 30, lowSurvey: 60, downgrade: 30, repeatContact: 7, history: 90 };
/** Entries a list keeps at most: a sender flooding one customer cannot grow the row without bound. */
const LIST_CAP = 200;
const SURVEYS_KEPT = 12;
const SUMMARY_VERSION = 1;

export type Survey = 'csat' | 'nps' | 'ces';
export interface SurveyAnswer {
  at: number;
  survey: Survey;
  score: number;
}

export interface SignalSummary {
  /** Bumped when the shape changes: a summary of another version is rebuilt from the events. */
  v: typeof SUMMARY_VERSION;
  /** The newest visit to a page whose address says "cancel". */
  cancelVisitAt: number | null;
  /** When payments failed, newest first, within their window. */
  failedPayments: number[];
  /** The newest survey answer that was low (CSAT ≤ 2, NPS ≤ 6, CES ≥ 5). */
  lowSurvey: SurveyAnswer | null;
  /** Each ticket opened within the repeat-contact window: ref → its newest opening. */
  contacts: Record<string, number>;
  /** The newest change to a basic, free or cancelled subscription. */
  downgradeAt: number | null;
  /** The newest survey answers, newest first. */
  surveys: SurveyAnswer[];
}

/** An event as the summary sees it: its time in milliseconds and its data as stored (erasure empties it). */
export interface SummaryEvent {
  type: string;
  data: unknown;
  occurredAt: number;
}

export const emptySummary = (): SignalSummary => ({
  v: SUMMARY_VERSION,
  cancelVisitAt: null,
  failedPayments: [],
  lowSurvey: null,
  contacts: {},
  downgradeAt: null,
  surveys: [],
});

/** A stored summary this code can read, or null (none yet, or written by another version): rebuild it then. */
export const usableSummary = (s: SignalSummary | null | undefined): SignalSummary | null => (s?.v === SUMMARY_VERSION ? s : null);

const SURVEYS = new Set<string>(['csat', 'nps', 'ces']);
export const isLowScore = (survey: Survey, score: number) => (survey === 'csat' ? score <= 2 : survey === 'nps' ? score <= 6 : score >= 5);

const newer = (at: number, than: number | null) => (than === null || at >= than ? at : than);
const field = (data: unknown, name: string): unknown =>
  data && typeof data === 'object' ? (data as Record<string, unknown>)[name] : undefined;

/** Whether an event of this type can change the summary at all (others need no read or write). */
export const SUMMARY_TYPES = new Set(['page.visited', 'payment.failed', 'survey.answered', 'contact.opened', 'subscription.changed']);

/** The summary with `e` added, as of `now`; the same summary object when `e` changes nothing. */
export function withEvent(s: SignalSummary, e: SummaryEvent, now: number): SignalSummary {
  const at = e.occurredAt;
  const since = (days: number) => now - days * DAY;
  switch (e.type) {
    case 'page.visited': {
      const url = field(e.data, 'url');
      if (typeof url !== 'string' || !/cancel/i.test(url) || at < since(WINDOW_DAYS.cancelVisit)) return s;
      return { ...s, cancelVisitAt: newer(at, s.cancelVisitAt) };
    }
    case 'payment.failed': {
      if (at < since(WINDOW_DAYS.failedPayment)) return s;
      const cut = since(WINDOW_DAYS.failedPayment);
      const kept = [...s.failedPayments.filter((t) => t >= cut), at].sort((a, b) => b - a);
      return { ...s, failedPayments: kept.slice(0, LIST_CAP) };
    }
    case 'survey.answered': {
      const survey = field(e.data, 'survey');
      const score = field(e.data, 'score');
      if (typeof survey !== 'string' || !SURVEYS.has(survey) || typeof score !== 'number' || at < since(WINDOW_DAYS.history)) return s;
      const answer: SurveyAnswer = { at, survey: survey as Survey, score };
      const surveys = [...s.surveys, answer].sort((a, b) => b.at - a.at).slice(0, SURVEYS_KEPT);
      const low = isLowScore(answer.survey, score) && at >= since(WINDOW_DAYS.lowSurvey) && (!s.lowSurvey || at >= s.lowSurvey.at);
      return { ...s, surveys, lowSurvey: low ? answer : s.lowSurvey };
    }
    case 'contact.opened': {
      const ref = field(e.data, 'ticketRef');
      if (typeof ref !== 'string' || at < since(WINDOW_DAYS.repeatContact)) return s;
      const cut = since(WINDOW_DAYS.repeatContact);
      const kept = Object.entries(s.contacts).filter(([r, t]) => t >= cut && r !== ref);
      const entries = [...kept, [ref, newer(at, s.contacts[ref] ?? null)] as const].sort((a, b) => b[1] - a[1]).slice(0, LIST_CAP);
      return { ...s, contacts: Object.fromEntries(entries) };
    }
    case 'subscription.changed': {
      const to = field(e.data, 'to');
      if (typeof to !== 'string' || !/basic|free|cancel/i.test(to) || at < since(WINDOW_DAYS.downgrade)) return s;
      return { ...s, downgradeAt: newer(at, s.downgradeAt) };
    }
    default:
      return s;
  }
}

export const summarize = (events: SummaryEvent[], now: number): SignalSummary =>
  events.reduce((s, e) => withEvent(s, e, now), emptySummary());
