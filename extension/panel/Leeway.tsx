import { useEffect, useState } from 'preact/hooks';
import { codeLabel } from '@shared/code-label';
import { evaluate } from '@shared/policy/evaluate';
import { stoppedActions, type ActiveHardStop } from '@shared/policy/hard-stops';
import type { ExceptionView } from '@shared/schemas/exceptions';
import type { LeewayState } from '@shared/schemas/grants';
import { MoneyField } from '../lib/MoneyField';
import { Allowances } from './Allowances';
import { ExceptionCard } from './ExceptionCard';
import type { PanelActions } from './client';
import { parseMoneyInput } from './format';
import { Verdict } from './Verdict';

/**
 * The decision, in one place: what the agent may grant this customer alone, and a live check of
 * any amount: the shared evaluator runs here as the agent types; the server checks again when the
 * grant is recorded. Actions a hard stop holds are not offered (the banner above says why).
 * One state at a time: drafting (the form), pending (the request's card only), decided (what to
 * tell the customer, then "Done" back to an empty form), withdrawn (the form, with a note).
 */
interface Props {
  leeway: LeewayState;
  stops: ActiveHardStop[];
  actions: PanelActions;
  lastGrant: { ok: boolean; message: string } | null;
  exception: ExceptionView | null;
  exceptionError: string | null;
}

export function Leeway({ leeway, stops, actions, lastGrant, exception, exceptionError }: Props) {
  const { policy, situation } = leeway;
  const stopped = stoppedActions(stops);
  const open = policy.actions.filter((a) => !stopped.has(a.id));
  const [action, setAction] = useState(open[0]?.id ?? '');
  const [amountText, setAmountText] = useState('');
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  // The decided request the agent has dealt with ("Done"): the form comes back, empty.
  const [doneWith, setDoneWith] = useState<string | null>(null);
  const stage = stageOf(exception, doneWith);
  // A request the server took (a new id) empties the form: after its decision, nothing stale is typed.
  const taken = exception?.id;
  useEffect(() => {
    if (taken) setAmountText(''), setNote('');
  }, [taken]);
  const error = exceptionError && <p class="note error">{exceptionError}</p>;
  // One state at a time: while a request waits, or once it is decided, its card is all there is to act on.
  if (exception && (stage === 'pending' || stage === 'decided'))
    return (
      <section class="leeway" aria-label="What you may grant" data-stage={stage}>
        <ExceptionCard
          exception={exception}
          onWithdraw={() => actions.withdrawException(exception.id)}
          onDone={() => (setDoneWith(exception.id), setAmountText(''), setNote(''))}
        />
        {error}
      </section>
    );
  if (!open.length) return null;

  const def = open.find((a) => a.id === action) ?? open[0]!;
  const amountCents = parseMoneyInput(amountText);
  const reasonMissing = def.reasonRequired && def.reasonCodes.length > 0 && !reason;
  // Which reason is picked never changes the outcome, only whether one is: with none yet, the amount
  // is checked as if one were, and the agent is asked for it rather than told "not allowed".
  const checkedReason = reason || (reasonMissing ? (def.reasonCodes[0] ?? null) : null);
  const decision =
    amountCents == null || amountCents <= 0
      ? null
      : evaluate(policy, { action: def.id, amountCents, reasonCode: checkedReason }, situation);
  const asking = decision?.outcome === 'needs_approval';
  const reasonPrompt = reasonMissing ? `Pick a reason for the ${def.label.toLowerCase()} to ${asking ? 'ask for it' : 'record it'}.` : null;
  const canRecord = decision?.outcome === 'allowed' && !reasonMissing;

  return (
    <section class="leeway" aria-label="What you may grant" data-stage="drafting">
      {stage === 'withdrawn' && (
        <p class="note muted withdrawn" data-field="withdrawn">
          Request withdrawn. Nothing was granted.
        </p>
      )}
      <Allowances policy={policy} situation={situation} stopped={stopped} />
      <form
        class="try"
        onSubmit={(e) => {
          e.preventDefault();
          if (!canRecord || amountCents == null) return;
          actions.grant({ action: def.id, amountCents, reasonCode: reason || null });
          setAmountText('');
        }}
      >
        <div class="row">
          <select name="action" aria-label="Action" value={def.id} onChange={(e) => (setAction(e.currentTarget.value), setReason(''))}>
            {policy.actions.map((a) => (
              <option key={a.id} value={a.id} disabled={stopped.has(a.id)}>
                {stopped.has(a.id) ? `${a.label} (stopped)` : a.label}
              </option>
            ))}
          </select>
          {def.reasonCodes.length > 0 && (
            <select
              name="reason"
              aria-label={def.reasonRequired ? 'Reason (required)' : 'Reason (optional)'}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
            >
              <option value="">{def.reasonRequired ? 'Pick a reason…' : 'Reason (optional)…'}</option>
              {def.reasonCodes.map((c) => (
                <option key={c} value={c}>
                  {codeLabel(c)}
                </option>
              ))}
            </select>
          )}
        </div>
        <div class="row">
          <MoneyField
            name="amount"
            label={`Amount in ${policy.currency}`}
            currency={policy.currency}
            value={amountText}
            onInput={setAmountText}
          />
          {!asking && (
            <button type="submit" disabled={!canRecord}>
              Record grant
            </button>
          )}
        </div>
        <Verdict typed={amountText} amountCents={amountCents} decision={decision} reasonPrompt={reasonPrompt} />
        {decision?.outcome === 'needs_approval' && amountCents != null && (
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
              disabled={!note.trim() || reasonMissing}
              onClick={() => {
                actions.requestException({ action: def.id, amountCents, reasonCode: reason || null, note: note.trim() });
                // Sent: what was typed is the request's now; a decision brings back an empty form.
                setAmountText('');
                setNote('');
              }}
            >
              Request approval from a {decision.levelName.toLowerCase()}
            </button>
          </div>
        )}
        {lastGrant && (
          <p class={`note ${lastGrant.ok ? 'ok' : 'error'}`} data-field="grant-result">
            {lastGrant.message}
          </p>
        )}
      </form>
      {error}
    </section>
  );
}

type Stage = 'drafting' | 'pending' | 'decided' | 'withdrawn';

/** Where the agent's request for this ticket stands: a decided one the agent is done with is drafting again. */
function stageOf(e: ExceptionView | null, doneWith: string | null): Stage {
  if (!e || e.id === doneWith) return 'drafting';
  if (e.status === 'pending' || e.status === 'withdrawn') return e.status;
  return 'decided';
}
