import { useEffect, useState } from 'preact/hooks';
import { downloadCsv, get, send } from './api';
import type { QueueCreated, QueueSummary, QueueView } from '@shared/schemas/qa-replies';
import { useLoad } from './useLoad';
import { formatDateTime, formatDay } from './format';
import { codesInWords, plural } from './words';

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** Build a queue from sampling rules, list its picks with why, open one to review. */
/** `openId` survives leaving for the review form, so the auditor comes back to the same queue. */
export function Queue({
  onOpen,
  openId,
  setOpenId,
  canSeed,
}: {
  onOpen(resolutionId: string): void;
  openId: string | null;
  setOpenId(id: string): void;
  /** Admins only: the seed decides the random share, so whoever reviews must not pick it (the server refuses it too). */
  canSeed: boolean;
}) {
  const queues = useLoad(() => get<QueueSummary[]>('/v1/qa/queues'));
  const [current, setCurrent] = useState<QueueView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const today = new Date();
  const [form, setForm] = useState({
    name: `Week of ${formatDay(Date.now() - 6 * 86_400_000)}`,
    from: isoDay(new Date(Date.now() - 6 * 86_400_000)),
    to: isoDay(today),
    randomShare: 5,
    perAgentWeeklyMin: 2,
    exceptions: true,
    lowSurvey: 50,
    repeatDays: 7,
    nearLimitPct: 10,
    longHandleMin: 30,
    newAgentWeeks: 4,
    seed: 'leeway',
  });
  const set = (k: keyof typeof form) => (e: Event) => {
    const el = e.currentTarget as HTMLInputElement;
    setForm({ ...form, [k]: el.type === 'checkbox' ? el.checked : el.type === 'number' ? Number(el.value) : el.value });
  };

  useEffect(() => void (openId && open(openId)), []);
  async function open(id: string) {
    try {
      setOpenId(id);
      setCurrent(await get<QueueView>(`/v1/qa/queues/${id}`));
    } catch (e) {
      setError((e as Error).message);
    }
  }
  async function build(e: Event) {
    e.preventDefault();
    try {
      const to = new Date(`${form.to}T23:59:59.999Z`);
      const res = await send<QueueCreated>('POST', '/v1/qa/queues', {
        name: form.name,
        from: new Date(`${form.from}T00:00:00Z`).toISOString(),
        to: to.toISOString(),
        rules: {
          ...(canSeed ? { seed: form.seed } : {}),
          randomShare: form.randomShare / 100,
          perAgentWeeklyMin: form.perAgentWeeklyMin,
          exceptions: form.exceptions,
          lowSurveyBelow: form.lowSurvey / 100,
          repeatContactDays: form.repeatDays,
          nearLimitPct: form.nearLimitPct,
          longHandleSeconds: form.longHandleMin * 60,
          newAgentWeeks: form.newAgentWeeks,
        },
      });
      setError(null);
      queues.reload();
      await open(res.id);
    } catch (err) {
      setError((err as Error).message);
    }
  }

  return (
    <div class="queue">
      <form class="card rules" onSubmit={build}>
        <h2>Build a review queue</h2>
        <div class="grid">
          <label>
            Name
            <input name="queue-name" value={form.name} onInput={set('name')} />
          </label>
          <label>
            From
            <input type="date" name="from" value={form.from} onInput={set('from')} />
          </label>
          <label>
            To
            <input type="date" name="to" value={form.to} onInput={set('to')} />
          </label>
          {canSeed && (
            <label>
              Sampling seed
              <input name="seed" value={form.seed} onInput={set('seed')} />
            </label>
          )}
          <label>
            Random share %
            <input type="number" name="randomShare" min={0} max={100} step={0.5} value={form.randomShare} onInput={set('randomShare')} />
          </label>
          <label>
            Per agent / week
            <input type="number" name="perAgentWeeklyMin" min={0} value={form.perAgentWeeklyMin} onInput={set('perAgentWeeklyMin')} />
          </label>
          <label>
            Survey below %<input type="number" name="lowSurvey" min={0} max={100} value={form.lowSurvey} onInput={set('lowSurvey')} />
          </label>
          <label>
            Repeat within days
            <input type="number" name="repeatDays" min={0} value={form.repeatDays} onInput={set('repeatDays')} />
          </label>
          <label>
            Within % of limit
            <input type="number" name="nearLimitPct" min={0} max={100} value={form.nearLimitPct} onInput={set('nearLimitPct')} />
          </label>
          <label>
            Handle time over min
            <input type="number" name="longHandleMin" min={0} value={form.longHandleMin} onInput={set('longHandleMin')} />
          </label>
          <label>
            New agent weeks
            <input type="number" name="newAgentWeeks" min={0} value={form.newAgentWeeks} onInput={set('newAgentWeeks')} />
          </label>
          <label class="check">
            <input type="checkbox" name="exceptions" checked={form.exceptions} onChange={set('exceptions')} />
            Exceptions and overrides
          </label>
        </div>
        <button type="submit">Build queue</button>
        {error && <p class="error">{error}</p>}
      </form>

      <div class="card">
        <h2>Queues</h2>
        {queues.error && <p class="error">{queues.error}</p>}
        <ul class="queues">
          {queues.data?.map((q) => (
            <li key={q.id}>
              <button type="button" class="link" onClick={() => open(q.id)}>
                {q.name}
              </button>{' '}
              <span class="muted small">
                {q.reviewed} of {plural(q.picks, 'pick')} reviewed
              </span>
            </li>
          ))}
          {queues.data?.length === 0 && (
            <li class="muted" data-field="queues-empty">
              No review queues yet. Choose a period and sampling rules above and press Build queue: its picks appear here to review.
            </li>
          )}
        </ul>
      </div>

      {current && (
        <div class="card" data-testid="queue">
          <header class="row">
            <h2>
              {current.name} — {plural(current.picks.length, 'pick')}
            </h2>
            <button type="button" onClick={() => downloadCsv(`/v1/qa/export/queues/${current.id}`, `queue-${current.name}`)}>
              CSV
            </button>
          </header>
          {current.picks.length === 0 && (
            <p class="muted" data-field="picks-empty">
              No resolution in this period matched the rules. Widen the dates or raise the random share, then build the queue again.
            </p>
          )}
          <table hidden={current.picks.length === 0}>
            <thead>
              <tr>
                <th>Resolved</th>
                <th>Agent</th>
                <th>Why picked</th>
                <th>
                  <span class="visually-hidden">Review</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {current.picks.map((p) => (
                <tr key={p.resolutionId} data-resolution={p.resolutionId}>
                  <td>{formatDateTime(p.resolvedAt)}</td>
                  <td>{p.agentName}</td>
                  <td>
                    {p.why.map((w) => (
                      <span class="why" key={w}>
                        {codesInWords(w)}
                      </span>
                    ))}
                  </td>
                  <td>
                    {p.reviewId ? (
                      <span class="pill done">reviewed</span>
                    ) : (
                      <button
                        type="button"
                        aria-label={`Review ${p.agentName}'s resolution of ${formatDateTime(p.resolvedAt)}`}
                        onClick={() => onOpen(p.resolutionId)}
                      >
                        Review
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
