import { useState } from 'preact/hooks';
import { formatMoney } from '@shared/describe-event';
import type { ExceptionDecideBody, ExceptionView } from '@shared/schemas/exceptions';
import { clock, useCountdown } from '../panel/ExceptionCard';
import { parseMoneyInput } from '../panel/format';
import type { Hub } from './hub';

/** One request with what a supervisor needs to judge it, and the decisions: approve, deny, counter, or send it up. */
/** `history`: shown under "Recently" (decided, or moved to another level): no decision controls. */
export function RequestCard({ exception: e, hub, history = false }: { exception: ExceptionView; hub: Hub | null; history?: boolean }) {
  const [note, setNote] = useState('');
  const [counter, setCounter] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const left = useCountdown(e.dueAt);
  const money = (c: number) => formatMoney(c, e.currency);
  const counterCents = parseMoneyInput(counter);

  async function decide(decision: ExceptionDecideBody['decision']) {
    if (!hub) return;
    setBusy(true);
    setError(null);
    try {
      await hub.call('exception:decide', {
        exceptionId: e.id,
        decision,
        note: note.trim(),
        ...(decision === 'counter' ? { counter: { action: e.action, amountCents: counterCents! } } : {}),
      });
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <article class={`request status-${e.status}`} data-exception-id={e.id} data-status={e.status}>
      <header>
        <strong>
          {e.actionLabel} {money(e.amountCents)}
        </strong>
        {e.status === 'pending' ? (
          <span class={`sla ${left < 30 ? 'urgent' : ''}`}>{clock(left)}</span>
        ) : (
          <span class="muted">{e.status}</span>
        )}
      </header>
      <p class="who">
        <span data-field="customer">{e.customer.name}</span> · {e.customer.tier} · LTV {money(e.customer.lifetimeValueCents)}
      </p>
      <p class="why">
        <span class="muted">{e.agent.name}:</span> “{e.note}”{e.reasonCode ? ` (${e.reasonCode.replace(/_/g, ' ')})` : ''}
      </p>
      <p class="policy muted">Policy: {e.policyReason}</p>
      <p class="muted small">
        {e.agent.name} asked {e.agentRecent.requested} times in 30 days, {e.agentRecent.approved} approved.
      </p>
      {e.status === 'pending' && !history ? (
        <div class="decide">
          <textarea
            name="note"
            aria-label="Note to the agent"
            placeholder="Note to the agent (required)"
            value={note}
            onInput={(ev) => setNote(ev.currentTarget.value)}
          />
          <div class="buttons">
            <button type="button" class="approve" disabled={busy || !note.trim()} onClick={() => void decide('approve')}>
              Approve
            </button>
            <button type="button" class="deny" disabled={busy || !note.trim()} onClick={() => void decide('deny')}>
              Deny
            </button>
            <input
              name="counter"
              aria-label="Counter amount"
              inputMode="decimal"
              placeholder="Counter $"
              value={counter}
              onInput={(ev) => setCounter(ev.currentTarget.value)}
            />
            <button
              type="button"
              class="counter"
              disabled={busy || !note.trim() || counterCents == null}
              onClick={() => void decide('counter')}
            >
              Counter
            </button>
            <button
              type="button"
              class="send-up"
              disabled={busy || !note.trim()}
              onClick={() => void decide('send_up')}
              title="Pass it to the level above, with your note"
            >
              Send up
            </button>
          </div>
          {error && <p class="error">{error}</p>}
        </div>
      ) : (
        <p class="outcome" data-field="outcome">
          {e.status === 'pending'
            ? `Now waiting for a ${e.levelName.toLowerCase()}`
            : e.status === 'withdrawn'
              ? 'Withdrawn by the agent'
              : `${e.status[0]!.toUpperCase()}${e.status.slice(1)} by ${e.decidedBy?.name ?? '—'}`}
          {e.counter ? `: ${money(e.counter.amountCents)}` : ''}
        </p>
      )}
    </article>
  );
}
