import { useState } from 'preact/hooks';
import { downloadCsv, get, send } from './api';
import type { Me, Review } from '@shared/schemas/qa-replies';
import { useLoad } from './useLoad';
import { codeLabel } from '@shared/code-label';
import { formatDateTime } from './format';
import { STATUS_WORDS } from './words';

/** Reviews: an agent sees reviews of their own work and may dispute a score; auditors see all. */
export function Reviews({ me, onOpen }: { me: Me; onOpen(id: string): void }) {
  const { data, error, reload } = useLoad(() => get<Review[]>('/v1/qa/reviews'));
  const [disputing, setDisputing] = useState<string | null>(null);
  const [criteria, setCriteria] = useState<string[]>([]);
  const [reason, setReason] = useState('');
  const [msg, setMsg] = useState<string | null>(null);

  async function dispute(r: Review) {
    try {
      await send('POST', `/v1/qa/reviews/${r.id}/disputes`, { criteria, reason });
      setDisputing(null);
      setMsg('Dispute sent: a second reviewer will decide.');
      reload();
    } catch (e) {
      setMsg((e as Error).message);
    }
  }

  return (
    <div class="card" data-testid="reviews">
      <header class="row">
        <h2>{me.role === 'agent' ? 'Reviews of my work' : 'Reviews'}</h2>
        <button type="button" onClick={() => downloadCsv('/v1/qa/export/reviews', 'reviews')}>
          CSV
        </button>
      </header>
      {error && <p class="error">{error}</p>}
      {msg && <p class="notice">{msg}</p>}
      {data?.length === 0 && (
        <p class="muted" data-field="reviews-empty">
          {me.role === 'agent'
            ? 'No reviews of your work yet. When an auditor scores one of your resolutions, it appears here and you may dispute it.'
            : 'No reviews yet. Pick a conversation from the queue to review it.'}
        </p>
      )}
      {data?.map((r) => (
        <article class="review" key={r.id} data-review={r.id}>
          <header class="row">
            <strong>Quality {r.quality}</strong>
            <span class={`pill status-${r.status}`}>{STATUS_WORDS[r.status] ?? codeLabel(r.status)}</span>
            <span class="muted small">
              {me.role !== 'agent' && `${r.agentName} · `}by {r.reviewerName} · {formatDateTime(r.createdAt)}
            </span>
            <button type="button" class="link" onClick={() => onOpen(r.resolutionId)}>
              Open the resolution
            </button>
          </header>
          <ul class="scores-list">
            {Object.entries(r.scores).map(([k, v]) => (
              <li key={k}>
                {codeLabel(k)}: <strong>{v.score}</strong> of 5{v.comment && <span class="muted"> — {v.comment}</span>}
              </li>
            ))}
          </ul>
          {r.comment && <p class="muted">{r.comment}</p>}
          {me.role === 'agent' && r.status === 'final' && disputing !== r.id && (
            <button type="button" onClick={() => (setDisputing(r.id), setCriteria([]), setReason(''))}>
              Dispute…
            </button>
          )}
          {disputing === r.id && (
            <div class="dispute-form">
              <fieldset>
                <legend>Which scores are wrong?</legend>
                {Object.entries(r.scores).map(([k, v]) => (
                  <label class="check" key={k}>
                    <input
                      type="checkbox"
                      name={`dispute-${k}`}
                      checked={criteria.includes(k)}
                      onChange={(e) => setCriteria(e.currentTarget.checked ? [...criteria, k] : criteria.filter((c) => c !== k))}
                    />
                    {codeLabel(k)} (scored {v.score})
                  </label>
                ))}
              </fieldset>
              <label class="field" for={`dispute-reason-${r.id}`}>
                Why is the score wrong?
              </label>
              <textarea
                id={`dispute-reason-${r.id}`}
                name="dispute-reason"
                value={reason}
                onInput={(e) => setReason(e.currentTarget.value)}
              />
              <button type="button" onClick={() => dispute(r)}>
                Send dispute
              </button>
            </div>
          )}
        </article>
      ))}
    </div>
  );
}
