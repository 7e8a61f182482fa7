import { useEffect, useState } from 'preact/hooks';
import { helpdeskBasesItem } from '../lib/storage';
import { get, send } from './api';
import { ticketUrl } from './ticket-url';
import type { ResolutionView, Scores } from '@shared/schemas/qa-replies';
import { codeLabel } from '@shared/code-label';
import { formatDateTime } from './format';

const money = (c: number) => `$${(c / 100).toFixed(c % 100 ? 2 : 0)}`;
/** The auto-checks in words: "within leeway" passes for an exception approved through escalation too, so it reads "followed policy". */
const CHECK: Record<string, string> = {
  within_leeway: 'followed policy',
  record_complete: 'record complete',
  survey_linked: 'survey linked',
};
type Action = ResolutionView['actions'][number];
/** "refund $90 approved by Lee Lead (Team lead) (limit $50)": how each action was allowed. */
function actionWords(a: Action): string {
  const how =
    a.via === 'leeway'
      ? 'within leeway'
      : a.via === 'exception'
        ? a.approval
          ? `approved by ${a.approval.by} (${a.approval.level})`
          : 'by exception, no approval on record'
        : 'not recorded as a grant';
  return `${codeLabel(a.action)} ${money(a.amountCents)} ${how}${a.limitCents ? ` (limit ${money(a.limitCents)})` : ''}`;
}

/** One resolution against the current scorecard: auto-checks pre-fill what they can, each criterion gets a score and a comment. */
export function ReviewForm({ resolutionId, onDone }: { resolutionId: string; onDone(): void }) {
  const [view, setView] = useState<ResolutionView | null>(null);
  const [scores, setScores] = useState<Scores>({});
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [bases, setBases] = useState<Record<string, string>>({});

  useEffect(() => {
    void helpdeskBasesItem.getValue().then(setBases);
    get<ResolutionView>(`/v1/qa/resolutions/${resolutionId}`).then(
      (v) => {
        setView(v);
        setScores(
          Object.fromEntries(
            v.scorecard.criteria.map((c) => [c.id, v.review?.scores[c.id] ?? v.prefill[c.id] ?? { score: 0, comment: '' }]),
          ),
        );
      },
      (e: Error) => setError(e.message),
    );
  }, [resolutionId]);

  if (error && !view) return <p class="error">{error}</p>;
  if (!view) return <p class="muted">Loading…</p>;
  const url = ticketUrl(bases, view.helpdesk, view.ticketId, view.instance);
  const setBase = async () => {
    const base = prompt(`Address of your ${view.helpdesk} (e.g. https://acme.${view.helpdesk}.com)`, bases[view.helpdesk] ?? '');
    if (!base) return;
    const next = { ...bases, [view.helpdesk]: base };
    await helpdeskBasesItem.setValue(next);
    setBases(next);
  };
  const readOnly = !!view.review;
  // A call or chat has no page to link to: the record says which it was, and where.
  const call = view.payload.channel === 'voice' ? 'Voice call' : view.payload.channel === 'chat' ? 'Chat' : null;

  async function submit(e: Event) {
    e.preventDefault();
    const missing = view!.scorecard.criteria.filter((c) => !((scores[c.id]?.score ?? 0) >= 1));
    if (missing.length) return setError(`Score every criterion: ${missing.map((c) => c.label).join(', ')}`);
    try {
      await send('POST', `/v1/qa/resolutions/${resolutionId}/review`, { scorecardVersion: view!.scorecard.version, scores, comment });
      onDone();
    } catch (err) {
      setError((err as Error).message);
    }
  }

  return (
    <form class="card review-form" onSubmit={submit} data-testid="review-form">
      <header class="row">
        <h2>
          Resolution #{view.seq} by {view.agentName ?? 'unknown'} · {formatDateTime(view.at)}
        </h2>
        <span data-field="customer">
          Customer: <strong>{view.customerName ?? 'not named in the record'}</strong>
        </span>
        {call ? (
          <span data-field="call">
            {call} {view.ticketId} on {view.instance ?? view.helpdesk}
          </span>
        ) : url ? (
          <a href={url} target="_blank" rel="noreferrer" data-field="ticket-link">
            Open ticket {view.ticketId} on {view.instance ?? view.helpdesk} ↗
          </a>
        ) : (
          <button type="button" class="link" onClick={setBase}>
            Set {view.helpdesk} address to link ticket {view.ticketId}
          </button>
        )}
      </header>
      <dl class="facts">
        <dt>Outcome</dt>
        <dd>{String(view.payload.outcome ?? '')}</dd>
        <dt>Category</dt>
        <dd>{String(view.payload.category ?? '')}</dd>
        <dt>Channel</dt>
        <dd data-field="channel">{call ?? 'Ticket'}</dd>
        <dt>Handle time</dt>
        <dd>{Math.round(Number(view.payload.handleTimeSeconds ?? 0) / 60)} min</dd>
        <dt>Actions</dt>
        <dd>{view.actions.length ? view.actions.map(actionWords).join('; ') : 'none'}</dd>
        <dt>Note</dt>
        <dd>{String(view.payload.note ?? '') || <span class="muted">none</span>}</dd>
        <dt>Later</dt>
        <dd>
          {view.attached.length
            ? view.attached.map((a) => `${a.kind}${a.data?.score !== undefined ? ` ${a.data.survey} ${a.data.score}` : ''}`).join(', ')
            : 'nothing attached'}
        </dd>
      </dl>
      <ul class="checks">
        {view.checks.map((c) => (
          <li key={c.check} class={c.pass ? 'pass' : 'fail'}>
            {c.pass ? '✓' : '✗'} {CHECK[c.check] ?? codeLabel(c.check)}: {c.detail}
          </li>
        ))}
      </ul>
      <table class="criteria">
        <thead>
          <tr>
            <th>Criterion (weight)</th>
            <th>Score 1–5</th>
            <th>Comment</th>
          </tr>
        </thead>
        <tbody>
          {view.scorecard.criteria.map((c) => (
            <tr key={c.id}>
              <td id={`criterion-${c.id}`}>
                {c.label} <span class="muted">×{c.weight}</span>
              </td>
              <td class="scores">
                <div role="radiogroup" aria-labelledby={`criterion-${c.id}`}>
                  {[1, 2, 3, 4, 5].map((n) => (
                    <label key={n} class={scores[c.id]?.score === n ? 'on' : ''}>
                      <input
                        type="radio"
                        name={`score-${c.id}`}
                        value={n}
                        disabled={readOnly}
                        checked={scores[c.id]?.score === n}
                        onChange={() => setScores({ ...scores, [c.id]: { score: n, comment: scores[c.id]?.comment ?? '' } })}
                      />
                      {n}
                    </label>
                  ))}
                </div>
              </td>
              <td>
                {/* A textarea: an auto-check's comment is a sentence, shown whole and wrapped. */}
                <textarea
                  name={`comment-${c.id}`}
                  aria-label={`Comment on ${c.label}`}
                  rows={2}
                  disabled={readOnly}
                  value={scores[c.id]?.comment ?? ''}
                  onInput={(e) => setScores({ ...scores, [c.id]: { score: scores[c.id]?.score ?? 0, comment: e.currentTarget.value } })}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {readOnly ? (
        <p>
          Reviewed by {view.review!.reviewerName}: quality <strong>{view.review!.quality}</strong> ({view.review!.status})
        </p>
      ) : (
        <>
          <label for="review-comment">Overall comment</label>
          <textarea id="review-comment" name="review-comment" value={comment} onInput={(e) => setComment(e.currentTarget.value)} />
          <div class="row">
            <button type="submit">Submit review</button>
            <button type="button" class="link" onClick={onDone}>
              Back
            </button>
          </div>
        </>
      )}
      {error && <p class="error">{error}</p>}
    </form>
  );
}
