import type { Checkpoint } from '@shared/log/checkpoint-message';
import { judge, type Judgement, type Served } from '@shared/log/witness';
import { logWitnessItem, serverUrlItem } from '../lib/storage';
import { get } from './api';
import type { Me } from '@shared/schemas/qa-replies';
import { useLoad } from './useLoad';
import { formatDateTime } from './format';

/** The route's page size (repositories/checkpoints.ts): a shorter page is the last. */
const PAGE = 1000;

async function served(after: number): Promise<Served> {
  let page = await get<Served>(`/v1/log/checkpoints?after=${after}`);
  const all: Served = { ...page, checkpoints: [...page.checkpoints] };
  while (page.checkpoints.length === PAGE) {
    page = await get<Served>(`/v1/log/checkpoints?after=${page.checkpoints.at(-1)!.seq}`);
    all.checkpoints.push(...page.checkpoints);
  }
  return all;
}

/**
 * This console as a witness of the log: it keeps the newest signed checkpoint it saw in this
 * browser and raises an alarm when the server later shows a shorter log, a different hash at
 * that entry, a checkpoint signed again or a new signing key. Someone who can write the
 * database can rewrite it and re-chain it, but not make this browser forget.
 */
export function CheckpointWitness({ me }: { me: Me }) {
  const { data, error, reload } = useLoad(async () => {
    const slot = `${await serverUrlItem.getValue()}|${me.userId}`;
    const seen = (await logWitnessItem.getValue())[slot] ?? null;
    const j = await judge(seen, await served(seen ? seen.checkpoint.seq - 1 : 0));
    if (j.state === 'ok' && j.witnessed.checkpoint !== seen?.checkpoint)
      await logWitnessItem.setValue({ ...(await logWitnessItem.getValue()), [slot]: j.witnessed });
    return { j, slot };
  });
  // Forget what was seen, after the administrator confirmed the key was replaced: the next look starts afresh.
  const trustNewKey = async () => {
    const { [data!.slot]: _, ...rest } = await logWitnessItem.getValue();
    await logWitnessItem.setValue(rest);
    reload();
  };
  if (error)
    return (
      <section class="card integrity">
        <p class="error">{error}</p>
      </section>
    );
  if (!data) return <section class="card integrity muted">Comparing the log with the last checkpoint this console saw…</section>;
  return <Verdict j={data.j} onTrust={trustNewKey} />;
}

function Verdict({ j, onTrust }: { j: Judgement; onTrust: () => void }) {
  if (j.state === 'none') {
    return (
      <section class="card integrity" data-testid="witness">
        <strong data-field="witness-status">No signed checkpoint yet</strong>
        <div class="muted small">
          The server signs the log's head every so many entries or minutes; this console will keep the first it sees.
        </div>
      </section>
    );
  }
  if (j.state === 'alarm') {
    return (
      <section class="card integrity bad" data-testid="witness" role="alert" data-alarm={j.alarm.kind}>
        <div>
          <strong data-field="witness-status">✗ The log does not match what this console saw</strong>
          <p data-field="witness-alarm">{j.alarm.message}</p>
          <div class="muted small">
            Keep this window as evidence and tell your compliance lead. The record stays until the log matches again.
          </div>
        </div>
        {j.alarm.kind === 'new-key' && (
          <button type="button" onClick={onTrust}>
            Trust the new key
          </button>
        )}
      </section>
    );
  }
  const c: Checkpoint = j.witnessed.checkpoint;
  return (
    <section class="card integrity ok" data-testid="witness">
      <div>
        <strong data-field="witness-status">
          ✓ Consistent with what this console saw: signed checkpoint at entry {c.seq.toLocaleString()}
        </strong>
        <div class="muted small">
          Signed {formatDateTime(c.at)} with key {j.witnessed.keyId}. Kept in this browser: a shorter, rewritten or re-signed log raises an
          alarm here.
        </div>
      </div>
    </section>
  );
}
