import { useState } from 'preact/hooks';
import { allowances, evaluate } from '@shared/policy/evaluate';
import type { Decision } from '@shared/policy/types';
import type { ExceptionView } from '@shared/schemas/exceptions';
import type { LeewayState } from '@shared/schemas/grants';
import { ExceptionCard } from './ExceptionCard';
import type { PanelActions } from './client';
import { formatMoney, parseMoneyInput } from './format';

const VERDICT: Record<Decision['outcome'], string> = {
  allowed: 'Within leeway',
  needs_approval: 'Needs approval',
  forbidden: 'Not allowed',
};

/**
 * What the agent may grant this customer alone, and a live check of any amount: the shared
 * evaluator runs here as the agent types; the server checks again when the grant is recorded.
 */
interface Props {
  leeway: LeewayState;
  actions: PanelActions;
  lastGrant: { ok: boolean; message: string } | null;
  exception: ExceptionView | null;
  exceptionError: string | null;
}

export function Leeway({ leeway, actions, lastGrant, exception, exceptionError }: Props) {
  const { policy, situation } = leeway;
  const [action, setAction] = useState(policy.actions[0]!.id);
  const [amountText, setAmountText] = useState('');
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const money = (c: number) => formatMoney(c, policy.currency);
  const def = policy.actions.find((a) => a.id === action) ?? policy.actions[0]!;
  const amountCents = parseMoneyInput(amountText);
  const decision = amountCents == null ? null : evaluate(policy, { action: def.id, amountCents, reasonCode: reason || null }, situation);
  const list = allowances(policy, situation);
  const { agentDailyCents } = evaluate(policy, { action: def.id, amountCents: 1, reasonCode: null }, situation).budgets;

  return (
    <section class="leeway" aria-label="What you may grant">
      {/* The request in flight comes first: its decision is what the agent waits for. */}
      {exception && <ExceptionCard exception={exception} onWithdraw={() => actions.withdrawException(exception.id)} />}
      <h3>You may grant alone</h3>
      <ul class="allowances">
        {list.map((a) => (
          <li key={a.action} data-action={a.action} class={a.upToCents ? '' : 'none'} title={a.reason ?? undefined}>
            {a.label} <strong>{a.upToCents ? `up to ${money(a.upToCents)}` : 'no'}</strong>
          </li>
        ))}
      </ul>
      {agentDailyCents != null && (
        <p class="muted budget" data-field="agent-budget">
          {money(agentDailyCents)} of your daily budget left
        </p>
      )}
      <form
        class="try"
        onSubmit={(e) => {
          e.preventDefault();
          if (decision?.outcome !== 'allowed' || amountCents == null) return;
          actions.grant({ action: def.id, amountCents, reasonCode: reason || null });
          setAmountText('');
        }}
      >
        <div class="row">
          <select name="action" aria-label="Action" value={action} onChange={(e) => (setAction(e.currentTarget.value), setReason(''))}>
            {policy.actions.map((a) => (
              <option key={a.id} value={a.id}>
                {a.label}
              </option>
            ))}
          </select>
          <input
            name="amount"
            aria-label="Amount"
            inputMode="decimal"
            placeholder="Amount"
            value={amountText}
            onInput={(e) => setAmountText(e.currentTarget.value)}
          />
        </div>
        {def.reasonCodes.length > 0 && (
          <select name="reason" aria-label="Reason" value={reason} onChange={(e) => setReason(e.currentTarget.value)}>
            <option value="">{def.reasonRequired ? 'Reason (required)…' : 'Reason…'}</option>
            {def.reasonCodes.map((c) => (
              <option key={c} value={c}>
                {c.replace(/_/g, ' ')}
              </option>
            ))}
          </select>
        )}
        {amountText && amountCents == null && <p class="verdict forbidden">Type an amount like 25 or 25.50.</p>}
        {decision && (
          <p class={`verdict ${decision.outcome}`} data-outcome={decision.outcome} data-field="verdict">
            <strong>
              {decision.outcome === 'needs_approval' ? `Needs a ${decision.levelName.toLowerCase()}` : VERDICT[decision.outcome]}
            </strong>{' '}
            {decision.reason}
          </p>
        )}
        {decision?.outcome === 'needs_approval' && amountCents != null ? (
          <div class="ask">
            <textarea
              name="note"
              aria-label="Why the customer needs this"
              placeholder="Why the customer needs this (the supervisor reads it)"
              value={note}
              onInput={(e) => setNote(e.currentTarget.value)}
            />
            <button
              type="button"
              disabled={!note.trim() || exception?.status === 'pending'}
              onClick={() => {
                actions.requestException({ action: def.id, amountCents, reasonCode: reason || null, note: note.trim() });
                setNote('');
              }}
            >
              Request approval from a {decision.levelName.toLowerCase()}
            </button>
          </div>
        ) : (
          <button type="submit" disabled={decision?.outcome !== 'allowed'}>
            Record grant
          </button>
        )}
        {lastGrant && (
          <p class={`note ${lastGrant.ok ? 'ok' : 'error'}`} data-field="grant-result">
            {lastGrant.message}
          </p>
        )}
      </form>
      {exceptionError && <p class="note error">{exceptionError}</p>}
    </section>
  );
}
