/** The side panel's sentences, pure (times in @shared/time-words): what a customer received, an agent's record, an outcome. */
import { formatMoney } from '@shared/describe-event';
import type { ExceptionView, ReceivedTotal } from '@shared/schemas/exceptions';
import { ago } from '@shared/time-words';

export { ago, duration, timeLeft } from '@shared/time-words';

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
