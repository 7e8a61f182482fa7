import { formatMoney } from '@shared/describe-event';
import type { ExceptionView } from '@shared/schemas/exceptions';
import { DecideForm } from './DecideForm';
import type { Hub } from './hub';
import { Received } from './Received';
import { helpdeskName, ticketHref } from './ticket-link';
import { agentRecord, outcome, timeLeft } from './words';

const URGENT_MS = 30_000;

function Ticket({ ticket }: { ticket: ExceptionView['ticket'] }) {
  if (!ticket) return <span class="muted">Asked off a ticket</span>;
  const href = ticketHref(ticket);
  const label = `Ticket ${ticket.id}`;
  return (
    <span data-field="ticket">
      {href ? (
        <a href={href} target="_blank" rel="noopener noreferrer" title={`Open ticket ${ticket.id} in ${helpdeskName(ticket.helpdesk)}`}>
          {label}
        </a>
      ) : (
        label
      )}{' '}
      <span class="muted">in {helpdeskName(ticket.helpdesk)}</span>
    </span>
  );
}

/**
 * One request with what a supervisor needs to judge it at a glance: the ticket, the customer and
 * what they already received, the agent's words and record, the SLA; and the decisions.
 * `history`: shown under "Recently decided": what became of it, no decision controls.
 */
export function RequestCard({
  exception: e,
  hub,
  now,
  history = false,
  onDecided,
}: {
  exception: ExceptionView;
  hub: Hub | null;
  now: number;
  history?: boolean;
  onDecided?: (e: ExceptionView) => void;
}) {
  const money = (c: number) => formatMoney(c, e.currency);
  const waiting = e.status === 'pending' && !history;
  const urgent = Date.parse(e.dueAt) - now < URGENT_MS;
  return (
    <article
      class={`request status-${e.status}`}
      data-exception-id={e.id}
      data-status={e.status}
      // Where the focus goes when the request before it leaves the queue (Approvals, focus-in-list.ts).
      tabIndex={waiting ? -1 : undefined}
      aria-label={`${e.actionLabel} ${money(e.amountCents)} for ${e.customer.name}`}
    >
      <header>
        <strong>
          {e.actionLabel} {money(e.amountCents)}
        </strong>
        {waiting ? (
          <span class={`sla ${urgent ? 'urgent' : ''}`} data-field="sla" title="Time left to answer before it moves up a level">
            <span class="sr-only">Time to answer: </span>
            {timeLeft(e.dueAt, now)}
          </span>
        ) : (
          <span class="muted">{e.status === 'countered' ? 'counter-offer' : e.status}</span>
        )}
      </header>
      <p class="ticket">
        <Ticket ticket={e.ticket} />
      </p>
      <p class="who">
        <span data-field="customer">{e.customer.name}</span> · {e.customer.tier} customer · lifetime value{' '}
        {money(e.customer.lifetimeValueCents)}
      </p>
      <p class="why">
        <span class="muted">{e.agent.name}:</span> “{e.note}”{e.reasonCode ? ` (${e.reasonCode.replace(/_/g, ' ')})` : ''}
      </p>
      <p class="policy muted">Policy: {e.policyReason}</p>
      <Received received={e.customerReceived} currency={e.currency} now={now} />
      <p class="muted small" data-field="agent-record">
        {agentRecord(e)}
      </p>
      {waiting ? (
        <DecideForm exception={e} hub={hub} onDecided={onDecided} />
      ) : (
        <p class="outcome" data-field="outcome">
          {outcome(e, now)}
        </p>
      )}
      {!waiting && e.decisionNote && <p class="muted small">“{e.decisionNote}”</p>}
    </article>
  );
}
