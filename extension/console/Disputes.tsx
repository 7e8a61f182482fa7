import { useState } from 'preact/hooks';
import { downloadCsv, get, send } from './api';
import type { Dispute } from '@shared/schemas/qa-dispute-replies';
import type { Me } from '@shared/schemas/qa-replies';
import { useLoad } from './useLoad';
import { codeLabel } from '@shared/code-label';
import { formatDateTime } from './format';
import { STATUS_WORDS } from './words';

/** Disputes with their trail; a second reviewer (not the one who scored) upholds or amends. */
export function Disputes({ me }: { me: Me }) {
  const { data, error, reload } = useLoad(() => get<Dispute[]>('/v1/qa/disputes'));
  const [note, setNote] = useState<Record<string, string>>({});
  const [amend, setAmend] = useState<Record<string, number>>({});
  const [msg, setMsg] = useState<string | null>(null);

  async function decide(d: Dispute, outcome: 'upheld' | 'amended') {
    try {
      const scores =
        outcome === 'amended'
          ? Object.fromEntries(d.criteria.map((c) => [c, { score: amendOf(d, c), comment: `amended on dispute: ${note[d.id] ?? ''}` }]))
          : undefined;
      await send('POST', `/v1/qa/disputes/${d.id}/decision`, { outcome, note: note[d.id] ?? '', scores });
      setMsg(outcome === 'upheld' ? 'Dispute decided: the score stands.' : 'Dispute decided: the score is amended.');
      reload();
    } catch (e) {
      setMsg((e as Error).message);
    }
  }

  const canSettle = me.role === 'auditor' || me.role === 'admin';
  // The new score starts at the one disputed: the decider changes what they amend, nothing by accident.
  const amendOf = (d: Dispute, c: string) => amend[`${d.id}:${c}`] ?? d.original[c]?.score ?? 3;
  return (
    <div class="card" data-testid="disputes">
      <header class="row">
        <h2>Disputes</h2>
        <button type="button" onClick={() => downloadCsv('/v1/qa/export/disputes', 'disputes')}>
          CSV
        </button>
      </header>
      {error && <p class="error">{error}</p>}
      {msg && <p class="notice">{msg}</p>}
      {data?.length === 0 && (
        <p class="muted" data-field="disputes-empty">
          {me.role === 'agent'
            ? 'No disputes. To contest a score, open Reviews and press Dispute… on that review.'
            : 'No disputes. When an agent disputes a review, it waits here for a second reviewer to uphold or amend it.'}
        </p>
      )}
      {data?.map((d) => (
        <article class="dispute" key={d.id} data-dispute={d.id}>
          <header class="row">
            <strong>
              {d.agentName} disputes {d.criteria.map((c) => d.labels[c] ?? codeLabel(c)).join(', ')}
            </strong>
            <span class={`pill status-${d.status}`}>{STATUS_WORDS[d.status] ?? codeLabel(d.status)}</span>
            <span class="muted small">
              scored by {d.reviewerName} · quality {d.quality}
            </span>
          </header>
          <ul class="disputed" data-field="original-scores">
            {d.criteria.map((c) => (
              <li key={c}>
                {d.labels[c] ?? codeLabel(c)}: scored <strong>{d.original[c]?.score ?? '—'}</strong> of 5
                {d.original[c]?.comment && <span class="muted"> — “{d.original[c]!.comment}”</span>}
              </li>
            ))}
          </ul>
          <ol class="trail">
            {d.trail.map((t, i) => (
              <li key={i}>
                <span class="muted small">{formatDateTime(t.at)}</span> <strong>{codeLabel(STATUS_WORDS[t.kind] ?? t.kind)}</strong> by{' '}
                {t.by}: {t.message}
              </li>
            ))}
          </ol>
          {canSettle &&
            d.status === 'open' &&
            (d.reviewerId === me.userId ? (
              <p class="muted small">You scored this review: another auditor or an admin decides.</p>
            ) : (
              <div class="settle">
                <fieldset>
                  <legend>If you amend: the new scores, 1 to 5</legend>
                  {d.criteria.map((c) => (
                    <label key={c}>
                      New {d.labels[c] ?? codeLabel(c)} score{' '}
                      <input
                        type="number"
                        min={1}
                        max={5}
                        name={`amend-${c}`}
                        value={amendOf(d, c)}
                        onInput={(e) => setAmend({ ...amend, [`${d.id}:${c}`]: Number(e.currentTarget.value) })}
                      />
                      <span class="original">(was {d.original[c]?.score ?? '—'})</span>
                    </label>
                  ))}
                </fieldset>
                <label class="field" for={`decision-note-${d.id}`}>
                  Your reasons (the agent and the reviewer read them)
                </label>
                <textarea
                  id={`decision-note-${d.id}`}
                  name="decision-note"
                  value={note[d.id] ?? ''}
                  onInput={(e) => setNote({ ...note, [d.id]: e.currentTarget.value })}
                />
                <div class="row">
                  <button type="button" onClick={() => decide(d, 'upheld')}>
                    Uphold score
                  </button>
                  <button type="button" onClick={() => decide(d, 'amended')}>
                    Amend score
                  </button>
                </div>
              </div>
            ))}
        </article>
      ))}
    </div>
  );
}
