import { useState } from 'preact/hooks';
import type { ExceptionDecideBody, ExceptionView } from '@shared/schemas/exceptions';
import { useInFlight } from '../lib/in-flight';
import { MoneyField } from '../lib/MoneyField';
import { parseMoneyInput } from '../panel/format';
import { canSend } from './decide-rules';
import type { Hub } from './hub';

/** Notes a lead writes again and again: one click puts one in the box, to send as it is or edit. */
export const CANNED_NOTES = [
  { label: 'Go ahead', text: 'Go ahead: the customer’s history supports it.' },
  { label: 'Offer less', text: 'Offer the amount I set instead, and tell the customer why.' },
  { label: 'Already compensated', text: 'They were compensated recently: apologise, and no further credit this time.' },
  { label: 'Outside policy', text: 'This is beyond what we do for this case: explain the policy kindly.' },
] as const;

/** The decisions on one request. A note is optional to approve; denying, countering and sending up need one (the server's rule). */
export function DecideForm({
  exception: e,
  hub,
  onDecided,
}: {
  exception: ExceptionView;
  hub: Hub | null;
  onDecided?: (e: ExceptionView) => void;
}) {
  const [note, setNote] = useState('');
  const [counter, setCounter] = useState('');
  // While a decision is on its way the buttons stay focusable, and a second press sends nothing (in-flight.ts).
  const { run, pending } = useInFlight();
  const [error, setError] = useState<string | null>(null);
  const counterCents = parseMoneyInput(counter);
  const noted = note.trim().length > 0;
  const allowed = (d: ExceptionDecideBody['decision']) => canSend(d, note, counterCents);
  const decisionButton = (d: ExceptionDecideBody['decision']) => ({
    disabled: !allowed(d),
    ...pending,
    onClick: () => void run(() => decide(d)),
  });

  async function decide(decision: ExceptionDecideBody['decision']) {
    if (!hub || !allowed(decision)) return;
    setError(null);
    try {
      const decided = await hub.call('exception:decide', {
        exceptionId: e.id,
        decision,
        ...(noted ? { note: note.trim() } : {}),
        ...(decision === 'counter' ? { counter: { action: e.action, amountCents: counterCents! } } : {}),
      });
      onDecided?.(decided);
    } catch (err) {
      setError((err as Error).message);
    }
  }

  const hintId = `note-hint-${e.id}`;
  const counterId = `counter-${e.id}`;
  return (
    <div class="decide">
      <fieldset class="canned">
        <legend class="sr-only">Ready-made notes</legend>
        {CANNED_NOTES.map((c) => (
          <button
            key={c.label}
            type="button"
            class={`chip ${note === c.text ? 'chosen' : ''}`}
            aria-pressed={note === c.text}
            title={c.text}
            onClick={() => setNote(note === c.text ? '' : c.text)}
          >
            {c.label}
          </button>
        ))}
      </fieldset>
      <textarea
        name="note"
        aria-label="Note to the agent"
        aria-describedby={hintId}
        placeholder="Note to the agent (optional to approve)"
        value={note}
        onInput={(ev) => setNote(ev.currentTarget.value)}
      />
      <p id={hintId} class="hint muted small">
        {noted ? 'The agent reads this to the customer.' : 'Approve as it is, or write a note to deny, counter or send it up.'}
      </p>
      <div class="buttons">
        <button type="button" class="approve" {...decisionButton('approve')}>
          Approve
        </button>
        <button type="button" class="deny" {...decisionButton('deny')}>
          Deny
        </button>
        <button type="button" class="send-up" {...decisionButton('send_up')} title="Pass it to the level above, with your note">
          Send up
        </button>
      </div>
      {/* A visible label and the currency beside the field, as in the agent's panel: a placeholder is cut short and gone once typed. */}
      <div class="counter-row">
        <label for={counterId}>Counter-offer</label>
        <MoneyField id={counterId} name="counter" currency={e.currency} value={counter} onInput={setCounter} />
        <button type="button" class="counter" {...decisionButton('counter')}>
          Counter
        </button>
      </div>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
