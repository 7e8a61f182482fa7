import { useState } from 'preact/hooks';
import { codeLabel } from '@shared/code-label';
import { CATEGORIES, OUTCOMES } from '@shared/resolution-options';
import type { ResolutionDraft } from '@shared/schemas/resolutions';
import type { PanelActions } from './client';
import { formatMoney } from './format';

/** Outcomes, categories and actions are codes: shown as words. */
const label = codeLabel;
const minutes = (s: number) => `${Math.floor(s / 60)} min ${s % 60} s`;

/**
 * The resolution record, prefilled from what Leeway knows: the grants made on this ticket
 * (within leeway or through an approved exception), their reasons and the handle time.
 * The agent picks the outcome and category, adds a note and confirms.
 */
export function ResolveForm({
  draft,
  error,
  currency,
  actions,
  answeredAt,
}: {
  draft: ResolutionDraft | null;
  error: string | null;
  /** A call's answer time: its handle time is talk and after-call work, not the ringing before. */
  answeredAt?: number;
  currency: string;
  actions: PanelActions;
}) {
  const [outcome, setOutcome] = useState<(typeof OUTCOMES)[number]>('resolved');
  const [category, setCategory] = useState('');
  const [note, setNote] = useState('');
  const [included, setIncluded] = useState<Set<string> | null>(null);
  const [tried, setTried] = useState(false);
  const [openedAt] = useState(Date.now());
  const granted = draft?.actions ?? [];
  const chosen = included ?? new Set(granted.map((a) => a.grantId));
  const handleTime = answeredAt
    ? Math.round((Date.now() - answeredAt) / 1000)
    : (draft?.handleTimeSeconds ?? 0) + Math.round((Date.now() - openedAt) / 1000);

  function submit(e: Event) {
    e.preventDefault();
    setTried(true);
    if (!category) return;
    actions.submitResolution({
      outcome,
      category: category as (typeof CATEGORIES)[number],
      actions: granted.filter((a) => chosen.has(a.grantId)).map(({ action, amountCents, grantId }) => ({ action, amountCents, grantId })),
      reasonCodes: draft?.reasonCodes ?? [],
      note: note.trim(),
      handleTimeSeconds: handleTime,
    });
  }

  return (
    <form class="resolve" onSubmit={submit} aria-label="Log the resolution">
      <h3>Log the resolution</h3>
      {error && <p class="note muted">{error}</p>}
      <div class="row">
        <select name="outcome" aria-label="Outcome" value={outcome} onChange={(e) => setOutcome(e.currentTarget.value as typeof outcome)}>
          {OUTCOMES.map((o) => (
            <option key={o} value={o}>
              {label(o)}
            </option>
          ))}
        </select>
        <select name="category" aria-label="Category" value={category} onChange={(e) => setCategory(e.currentTarget.value)}>
          <option value="">Category…</option>
          {CATEGORIES.map((c) => (
            <option key={c} value={c}>
              {label(c)}
            </option>
          ))}
        </select>
      </div>
      {tried && !category && <p class="note error">Pick a category: QA samples and compares resolutions by it.</p>}
      {granted.length > 0 && (
        <ul class="granted">
          {granted.map((a) => (
            <li key={a.grantId}>
              <label>
                <input
                  type="checkbox"
                  checked={chosen.has(a.grantId)}
                  onChange={(e) => {
                    const next = new Set(chosen);
                    if (e.currentTarget.checked) next.add(a.grantId);
                    else next.delete(a.grantId);
                    setIncluded(next);
                  }}
                />
                {label(a.action)} {formatMoney(a.amountCents, currency)}{' '}
                <span class={`via via-${a.via}`}>{a.via === 'leeway' ? 'within leeway' : `exception, approved by ${a.approvedBy}`}</span>
              </label>
            </li>
          ))}
        </ul>
      )}
      <textarea
        name="resolution-note"
        aria-label="Note"
        placeholder="What was the problem, what fixed it"
        value={note}
        onInput={(e) => setNote(e.currentTarget.value)}
      />
      <p class="muted small">Handle time {minutes(handleTime)}</p>
      <div class="row">
        <button type="submit">Log resolution</button>
        <button type="button" class="link" onClick={() => actions.closeResolve()}>
          Cancel
        </button>
      </div>
    </form>
  );
}
