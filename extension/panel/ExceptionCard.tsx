import type { ExceptionView } from '@shared/schemas/exceptions';
import { codeLabel } from '@shared/code-label';
import { timeLeft } from '@shared/time-words';
import { useNow } from '../lib/use-now';
import { formatMoney } from './format';

const HEADLINE: Record<ExceptionView['status'], (e: ExceptionView) => string> = {
  pending: (e) => `Waiting for a ${e.levelName.toLowerCase()}`,
  approved: (e) => `Approved by ${e.decidedBy?.name}: ${formatMoney(e.amountCents, e.currency)} ${e.actionLabel.toLowerCase()}`,
  countered: (e) =>
    `Counter-offer from ${e.decidedBy?.name}: ${formatMoney(e.counter!.amountCents, e.currency)} ${codeLabel(e.counter!.action).toLowerCase()}`,
  denied: (e) => `Denied by ${e.decidedBy?.name}`,
  withdrawn: () => 'Withdrawn',
};

/** The request's state in one line, as the card shows it and as it is announced. */
export const exceptionHeadline = (e: ExceptionView): string => HEADLINE[e.status](e);

/** The agent's request, live: who has it now, how long they have, every step, the decision. */
export function ExceptionCard({ exception: e, onWithdraw }: { exception: ExceptionView; onWithdraw: () => void }) {
  const now = useNow();
  return (
    <div class={`exception status-${e.status}`} data-field="exception" data-status={e.status} data-level={e.level}>
      <p class="headline">
        <strong data-field="exception-headline">{HEADLINE[e.status](e)}</strong>
        {e.status === 'pending' && <span class="sla">{timeLeft(e.dueAt, now)}</span>}
      </p>
      {e.decisionNote && <p class="decision-note">“{e.decisionNote}”</p>}
      <ol class="steps">
        {e.history.map((h, i) => (
          <li key={i}>{h.message}</li>
        ))}
      </ol>
      {e.status === 'pending' && (
        <button type="button" class="link" onClick={onWithdraw}>
          Withdraw request
        </button>
      )}
    </div>
  );
}
