/** The side panel's sentences, pure: durations, clocks, what a customer received, an agent's record, an outcome. */
import { formatMoney } from '@shared/describe-event';
import type { ExceptionView, ReceivedTotal } from '@shared/schemas/exceptions';

const MIN = 60;
const HOUR = 3600;
const DAY = 86_400;

/** "45 s", "3 min 05 s" (seconds shown while they matter), "14 min", "1 h 5 min", "2 d". */
export function duration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < MIN) return `${s} s`;
  if (s < 10 * MIN) return `${Math.floor(s / MIN)} min ${String(s % MIN).padStart(2, '0')} s`;
  if (s < HOUR) return `${Math.floor(s / MIN)} min`;
  if (s < DAY) return `${Math.floor(s / HOUR)} h ${Math.floor((s % HOUR) / MIN)} min`;
  return `${Math.floor(s / DAY)} d`;
}

/** A request's SLA as the lead reads it: "14 min left", "2 min 10 s overdue". */
export function timeLeft(dueAt: string, now: number): string {
  const ms = Date.parse(dueAt) - now;
  return ms >= 0 ? `${duration(ms)} left` : `${duration(-ms)} overdue`;
}

/** "just now", "3 min ago", "2 h 5 min ago", "4 d ago": by the minute, as a glance needs. */
export function ago(at: string, now: number): string {
  const s = Math.floor((now - Date.parse(at)) / 1000);
  if (s < MIN) return 'just now';
  if (s < HOUR) return `${Math.floor(s / MIN)} min ago`;
  return `${duration(s * 1000)} ago`;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "$40 in 1 grant", or "nothing". */
export function receivedWords(total: ReceivedTotal, currency: string): string {
  return total.count === 0 ? 'nothing' : `${formatMoney(total.amountCents, currency)} in ${plural(total.count, 'grant')}`;
}

/**
 * The agent's record in one sentence: other requests only, a withdrawn one not counted as asked,
 * a counter-offer not counted as approved.
 */
export function agentRecord(e: Pick<ExceptionView, 'agent' | 'agentRecent'>): string {
  const r = e.agentRecent;
  const withdrawn = r.withdrawn ? ` ${plural(r.withdrawn, 'withdrawn request')} not counted.` : '';
  if (r.requested === 0) return `First request from ${e.agent.name} in 30 days.${withdrawn}`;
  const parts = [
    r.approved && `${r.approved} approved`,
    r.countered && plural(r.countered, 'counter-offer'),
    r.denied && `${r.denied} denied`,
    r.pending && `${r.pending} still waiting`,
  ].filter(Boolean);
  return `${e.agent.name} asked ${plural(r.requested, 'time')} before in 30 days: ${parts.join(', ')}.${withdrawn}`;
}

/** What became of a request that left the queue, with who and when. */
export function outcome(e: ExceptionView, now: number): string {
  const when = e.decidedAt ? `, ${ago(e.decidedAt, now)}` : '';
  const by = e.decidedBy?.name ?? 'someone';
  switch (e.status) {
    case 'pending':
      return `Now waiting for a ${e.levelName.toLowerCase()}`;
    case 'withdrawn':
      return `Withdrawn by the agent${when}`;
    case 'countered':
      return `Counter-offer of ${formatMoney(e.counter?.amountCents ?? 0, e.currency)} by ${by}${when}`;
    case 'approved':
      return `Approved by ${by}${when}`;
    case 'denied':
      return `Denied by ${by}${when}`;
  }
}
