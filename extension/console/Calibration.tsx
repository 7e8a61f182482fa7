import { useState } from 'preact/hooks';
import { get, send } from './api';
import type { CalibrationRow, CalibrationSummary, CalibrationView as Session } from '@shared/schemas/qa-calibration-replies';
import { formatDay } from './format';
import type { QueueSummary, QueueView } from '@shared/schemas/qa-replies';
import { codeLabel } from '@shared/code-label';
import { useLoad } from './useLoad';

/** Calibration: auditors score the same resolutions blind; agreement per criterion appears once you scored them all. */
export function Calibration() {
  const list = useLoad(() => get<CalibrationSummary[]>('/v1/qa/calibrations'));
  const [session, setSession] = useState<Session | null>(null);
  const [draft, setDraft] = useState<Record<string, Record<string, number>>>({});
  const [error, setError] = useState<string | null>(null);
  const open = async (id: string) => {
    const s = await get<Session>(`/v1/qa/calibrations/${id}`);
    setSession(s);
    setDraft(s.mine);
  };
  async function createFromLatestQueue() {
    try {
      const [q] = await get<QueueSummary[]>('/v1/qa/queues');
      if (!q) return setError('Build a queue first: a session samples five of its resolutions.');
      const v = await get<QueueView>(`/v1/qa/queues/${q.id}`);
      const s = await send<CalibrationRow>('POST', '/v1/qa/calibrations', {
        name: `Calibration on ${q.name}`,
        resolutionIds: v.picks.slice(0, 5).map((p) => p.resolutionId),
      });
      list.reload();
      await open(s.id);
    } catch (e) {
      setError((e as Error).message);
    }
  }
  async function save(resolutionId: string) {
    try {
      const s = await send<Session>('PUT', `/v1/qa/calibrations/${session!.id}/scores/${resolutionId}`, {
        scores: draft[resolutionId] ?? {},
      });
      setSession(s);
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    }
  }
  return (
    <div class="card" data-testid="calibration">
      <header class="row">
        <h2>Calibration</h2>
        <button type="button" onClick={createFromLatestQueue}>
          New session from the latest queue
        </button>
      </header>
      {error && <p class="error">{error}</p>}
      {list.data?.length === 0 && (
        <p class="muted" data-field="calibration-empty">
          No calibration sessions yet. Press “New session from the latest queue”: every auditor scores the same resolutions, and where you
          disagree shows here.
        </p>
      )}
      <ul class="queues">
        {list.data?.map((c) => (
          <li key={c.id}>
            <button type="button" class="link" onClick={() => open(c.id)}>
              {c.name}
            </button>{' '}
            <span class="muted small">{formatDay(c.createdAt)}</span>
          </li>
        ))}
      </ul>
      {session && (
        <>
          <p class="muted small">
            Scored so far by: {session.auditors.join(', ') || 'nobody'}. Others' scores stay hidden until you scored every resolution.
          </p>
          <table>
            <thead>
              <tr>
                <th>Resolution</th>
                {session.criteria.map((c) => (
                  <th key={c.id}>{c.label}</th>
                ))}
                <th>
                  <span class="visually-hidden">Save</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {session.resolutionIds.map((r, i) => (
                <tr key={r}>
                  <td class="small">
                    <span title={r}>Resolution {i + 1}</span>
                  </td>
                  {session.criteria.map((c) => (
                    <td key={c.id}>
                      <input
                        type="number"
                        min={1}
                        max={5}
                        aria-label={`${c.label}, resolution ${i + 1}`}
                        value={draft[r]?.[c.id] ?? ''}
                        onInput={(e) => setDraft({ ...draft, [r]: { ...draft[r], [c.id]: Number(e.currentTarget.value) } })}
                      />
                    </td>
                  ))}
                  <td>
                    <button
                      type="button"
                      aria-label={`${session.mine[r] ? 'Update' : 'Save'} scores for resolution ${i + 1}`}
                      onClick={() => save(r)}
                    >
                      {session.mine[r] ? 'Update' : 'Save'}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {session.report && (
            <table class="agreement">
              <thead>
                <tr>
                  <th>Criterion</th>
                  <th>Krippendorff's α</th>
                  <th>Where auditors diverge (2+ points apart)</th>
                </tr>
              </thead>
              <tbody>
                {session.report.map((r) => (
                  <tr key={r.criterion}>
                    <td>{session.criteria.find((c) => c.id === r.criterion)?.label ?? codeLabel(r.criterion)}</td>
                    <td class={r.alpha !== null && r.alpha < 0.667 ? 'bad' : ''}>{r.alpha === null ? '—' : r.alpha.toFixed(2)}</td>
                    <td>
                      {r.diverging
                        .map(
                          (d) =>
                            `resolution ${session.resolutionIds.indexOf(d.resolutionId) + 1}: ${d.values.map((v) => `${v.auditorName} ${v.score}`).join(' / ')}`,
                        )
                        .join('; ') || 'none'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </div>
  );
}
