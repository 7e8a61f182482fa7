import { useInFlight } from '../lib/in-flight';
import { get, send } from './api';
import type { Integrity as Status } from '@shared/schemas/qa-insight-replies';
import { useLoad } from './useLoad';
import { formatDateTime } from './format';
import { plural } from './words';

/** The log's integrity on the console's front: the last verification, its date, and a button to run it again. */
export function Integrity() {
  const { data, error, reload } = useLoad(() => get<Status>('/v1/qa/integrity'));
  const { busy, run, pending } = useInFlight();
  const verify = () =>
    run(async () => {
      await send('POST', '/v1/qa/integrity').catch(() => {});
      reload();
    });
  if (error)
    return (
      <section class="card integrity">
        <p class="error">{error}</p>
      </section>
    );
  if (!data) return <section class="card integrity muted">Checking the log…</section>;
  return (
    <section class={`card integrity ${data.ok ? 'ok' : 'bad'}`} data-testid="integrity">
      <div>
        <strong data-field="integrity-status">
          {!data.ok
            ? `✗ Log altered: ${data.problem}`
            : data.entries === 0
              ? '✓ The log is empty: nothing to verify yet'
              : `✓ Log verified: ${plural(data.entries, 'entry', 'entries')} intact`}
        </strong>
        <div class="muted small">
          {data.ok && data.entries === 0
            ? 'Entries appear as agents log resolutions from the panel; verify again then.'
            : `Verified ${formatDateTime(data.verifiedAt)} by ${data.checkedBy}`}
        </div>
      </div>
      <button type="button" onClick={() => void verify()} {...pending}>
        {busy ? 'Verifying…' : 'Verify now'}
      </button>
    </section>
  );
}
