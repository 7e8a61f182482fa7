import { useState } from 'preact/hooks';
import { downloadCsv, get, send } from './api';
import type { Finding } from '@shared/schemas/qa-insight-replies';
import type { QueueCreated } from '@shared/schemas/qa-replies';
import { useLoad } from './useLoad';

const NAMES: Record<string, string> = {
  boundary_hugging: 'Boundary hugging',
  splitting: 'Splitting',
  close_reopen: 'Close then reopen',
  lenient_approver: 'One lenient approver',
  missing_surveys: 'Surveys never arrive',
  unusual_reveals: 'Unusual reveal volume',
};

/** Gaming detectors' findings with their evidence; each can become a review queue. */
export function Findings({ onQueued }: { onQueued(): void }) {
  const { data, error } = useLoad(() => get<Finding[]>('/v1/qa/findings'));
  const [msg, setMsg] = useState<string | null>(null);
  async function review(f: Finding) {
    try {
      const q = await send<QueueCreated>('POST', '/v1/qa/findings/queue', { detector: f.detector, agentId: f.agentId });
      setMsg(`Queued ${q.picks} resolutions for review.`);
      onQueued();
    } catch (e) {
      setMsg((e as Error).message);
    }
  }
  return (
    <div class="card" data-testid="findings">
      <header class="row">
        <h2>Gaming detectors (last 8 weeks)</h2>
        <button type="button" onClick={() => downloadCsv('/v1/qa/export/findings', 'findings')}>
          CSV
        </button>
      </header>
      {error && <p class="error">{error}</p>}
      {msg && <p class="notice">{msg}</p>}
      {data?.length === 0 && <p class="muted">No finding: every detector ran clean.</p>}
      {data?.map((f) => (
        <article class="finding" key={`${f.detector}:${f.agentId}`}>
          <header class="row">
            <strong>
              {NAMES[f.detector] ?? f.detector}: {f.agentName}
            </strong>
            <button type="button" onClick={() => review(f)} disabled={!f.resolutionIds.length}>
              Review these
            </button>
          </header>
          <p>{f.summary}</p>
          <details>
            <summary>Evidence</summary>
            <pre>{JSON.stringify(f.evidence, null, 2)}</pre>
          </details>
        </article>
      ))}
    </div>
  );
}
