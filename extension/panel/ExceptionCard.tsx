import type { ExceptionView } from '@shared/schemas/exceptions';
import { codeLabel } from '@shared/code-label';
import { timeLeft } from '@shared/time-words';
import { useEffect, useRef } from 'preact/hooks';
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

/** What the agent says to the customer once the request is decided, in one sentence; null while it is not. */
export function tellCustomer(e: ExceptionView): string | null {
  const asked = `${formatMoney(e.amountCents, e.currency)} ${e.actionLabel.toLowerCase()}`;
  switch (e.status) {
    case 'approved':
      return `Tell the customer: a ${asked} is on its way.`;
    case 'countered':
      return `Tell the customer: we cannot do the ${asked}, but a ${formatMoney(e.counter!.amountCents, e.currency)} ${codeLabel(e.counter!.action).toLowerCase()} is on its way.`;
    case 'denied':
      return `Tell the customer nothing was granted${e.decisionNote ? `: “${e.decisionNote}”` : '.'}`;
    default:
      return null;
  }
}

interface Props {
  exception: ExceptionView;
  onWithdraw: () => void;
  /** The agent has told the customer: back to a fresh form. */
  onDone: () => void;
}

/**
 * The agent's request, live: while pending, who has it and how long they have, every step and a
 * way to withdraw it; once decided, what happened and what to tell the customer.
 */
export function ExceptionCard({ exception: e, onWithdraw, onDone }: Props) {
  const now = useNow();
  const tell = tellCustomer(e);
  const ref = useRef<HTMLDivElement>(null);
  useScrolledTo(ref, `${e.id}:${e.status}`);
  return (
    <div ref={ref} class={`exception status-${e.status}`} data-field="exception" data-status={e.status} data-level={e.level}>
      <p class="headline">
        <strong data-field="exception-headline">{HEADLINE[e.status](e)}</strong>
      </p>
      {e.status === 'pending' && (
        <p class="due">
          <span class="due-label">Time to decide: </span>
          <span class="sla" data-field="time-left">
            {timeLeft(e.dueAt, now)}
          </span>
        </p>
      )}
      {/* A denial's note is in what to tell the customer. */}
      {e.decisionNote && e.status !== 'denied' && <p class="decision-note">“{e.decisionNote}”</p>}
      {tell && (
        <p class="tell" data-field="tell-customer">
          {tell}
        </p>
      )}
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
      {tell && (
        <button type="button" class="done" onClick={onDone}>
          Done
        </button>
      )}
    </div>
  );
}

/**
 * The card takes the form's place, which the panel may be scrolled past: on each new state its
 * top is brought into the panel's own scroll box (never scrollIntoView, which would scroll the
 * helpdesk page around the panel's frame too).
 */
function useScrolledTo(ref: { current: HTMLElement | null }, state: string) {
  // Again on each new state of the request (`state`), by design.
  useEffect(() => {
    const el = ref.current;
    const box = el?.closest('.body');
    if (!el || !box) return;
    const above = el.getBoundingClientRect().top - box.getBoundingClientRect().top;
    if (above < 0) box.scrollTop += above - 8;
  }, [state]);
}
