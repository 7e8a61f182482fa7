import { useState } from 'preact/hooks';
import { downloadCsv, get, send } from './api';
import type { Charts, DetectorCoverage, Finding } from '@shared/schemas/qa-insight-replies';
import type { QueueCreated } from '@shared/schemas/qa-replies';
import { codeLabel } from '@shared/code-label';
import { useLoad } from './useLoad';
import { codesInWords, plural } from './words';

const NAMES: Record<string, string> = {
  boundary_hugging: 'Boundary hugging',
  splitting: 'Splitting',
  close_reopen: 'Close then reopen',
  lenient_approver: 'One lenient approver',
  missing_surveys: 'Surveys never arrive',
  unusual_reveals: 'Unusual reveal volume',
};

/** What one detector concluded: findings, clean (with how many agents it judged), or not enough data to judge anyone. */
function verdict(c: DetectorCoverage, found: number): string {
  if (found) return plural(found, 'finding');
  if (c.agentsChecked === 0) return `Not enough data: it needs ${c.needs} in the period.`;
  return `Clean: ${plural(c.agentsChecked, 'agent')} checked.`;
}

/** Gaming detectors' findings with their evidence; each can become a review queue. */
export function Findings({ onQueued }: { onQueued(): void }) {
  const { data, error } = useLoad(() => get<Finding[]>('/v1/qa/findings'));
  // The same default period as the findings (the last 8 weeks): how much each detector had to judge.
  const coverage = useLoad(() => get<Charts>('/v1/qa/charts'));
  const [msg, setMsg] = useState<string | null>(null);
  async function review(f: Finding) {
    try {
      const q = await send<QueueCreated>('POST', '/v1/qa/findings/queue', { detector: f.detector, agentId: f.agentId });
      setMsg(`Queued ${plural(q.picks, 'resolution')} for review: they are in the Queue tab.`);
      onQueued();
    } catch (e) {
      setMsg((e as Error).message);
    }
  }
  const detectors = coverage.data?.detectors ?? [];
  const short = detectors.filter((c) => c.agentsChecked === 0);
  return (
    <div class="card" data-testid="findings">
      <header class="row">
        <h2>Gaming detectors (last 8 weeks)</h2>
        <button type="button" onClick={() => downloadCsv('/v1/qa/export/findings', 'findings')}>
          CSV
        </button>
      </header>
      {error && <p class="error">{error}</p>}
      {coverage.error && <p class="error">{coverage.error}</p>}
      {msg && <p class="notice">{msg}</p>}
      {data?.length === 0 && coverage.data && (
        <p class="muted" data-field="findings-empty">
          {short.length === 0
            ? 'No finding: every detector had enough data and ran clean.'
            : short.length === detectors.length
              ? 'No finding, but no detector had enough data to judge anyone yet: come back when more work is logged.'
              : 'No finding where there was enough data; some detectors had too little to judge anyone (below).'}
        </p>
      )}
      {data && detectors.length > 0 && (
        <table class="detectors" data-testid="detector-coverage">
          <thead>
            <tr>
              <th>Detector</th>
              <th>Result</th>
            </tr>
          </thead>
          <tbody>
            {detectors.map((c) => (
              <tr key={c.detector} data-detector={c.detector} class={c.agentsChecked === 0 ? 'short' : ''}>
                <td>{NAMES[c.detector] ?? codeLabel(c.detector)}</td>
                <td>{verdict(c, data.filter((f) => f.detector === c.detector).length)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {data?.map((f) => (
        <article class="finding" key={`${f.detector}:${f.agentId}`}>
          <header class="row">
            <strong>
              {NAMES[f.detector] ?? codeLabel(f.detector)}: {f.agentName}
            </strong>
            <button type="button" onClick={() => review(f)} disabled={!f.resolutionIds.length}>
              Review these
            </button>
          </header>
          <p>{codesInWords(f.summary)}</p>
          <details>
            <summary>Evidence</summary>
            <pre>{JSON.stringify(f.evidence, null, 2)}</pre>
          </details>
        </article>
      ))}
    </div>
  );
}
