import { useState } from 'preact/hooks';
import { downloadCsv, get, send } from './api';
import type { Dispute } from '@shared/schemas/qa-dispute-replies';
import type { Me } from '@shared/schemas/qa-replies';
import { useLoad } from './useLoad';

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
          ? Object.fromEntries(
              d.criteria.map((c) => [c, { score: amend[`${d.id}:${c}`] ?? 3, comment: `amended on dispute: ${note[d.id] ?? ''}` }]),
            )
          : undefined;
      await send('POST', `/v1/qa/disputes/${d.id}/decision`, { outcome, note: note[d.id] ?? '', scores });
      setMsg(`Dispute ${outcome}.`);
      reload();
    } catch (e) {
      setMsg((e as Error).message);
    }
  }

  const canSettle = me.role === 'auditor' || me.role === 'admin';
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
      {data?.length === 0 && <p class="muted">No disputes.</p>}
      {data?.map((d) => (
        <article class="dispute" key={d.id} data-dispute={d.id}>
          <header class="row">
            <strong>
              {d.agentName} disputes {d.criteria.join(', ').replace(/_/g, ' ')}
            </strong>
            <span class={`pill status-${d.status}`}>{d.status}</span>
            <span class="muted small">
              scored by {d.reviewerName} · quality {d.quality}
            </span>
          </header>
          <ol class="trail">
            {d.trail.map((t, i) => (
              <li key={i}>
                <span class="muted small">{new Date(t.at).toLocaleString()}</span> <strong>{t.kind}</strong> by {t.by}: {t.message}
              </li>
            ))}
          </ol>
          {canSettle &&
            d.status === 'open' &&
            (d.reviewerId === me.userId ? (
              <p class="muted small">You scored this review: another auditor or an admin decides.</p>
            ) : (
              <div class="settle">
                {d.criteria.map((c) => (
                  <label key={c}>
                    New {c.replace(/_/g, ' ')} score{' '}
                    <input
                      type="number"
                      min={1}
                      max={5}
                      name={`amend-${c}`}
                      value={amend[`${d.id}:${c}`] ?? 3}
                      onInput={(e) => setAmend({ ...amend, [`${d.id}:${c}`]: Number(e.currentTarget.value) })}
                    />
                  </label>
                ))}
                <textarea
                  name="decision-note"
                  placeholder="Why"
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
