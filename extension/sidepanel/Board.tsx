import type { Board as BoardData, ExceptionView } from '@shared/schemas/exceptions';
import { duration } from './words';

/** Pending by age (ticking), decisions today, how fast: the team lead's glance. */
export function Board({ pending, board, now }: { pending: ExceptionView[]; board: BoardData | null; now: number }) {
  const oldest = pending.length ? Math.min(...pending.map((e) => Date.parse(e.createdAt))) : null;
  return (
    <dl class="board" data-field="board">
      <div>
        <dt>Waiting</dt>
        <dd data-field="waiting">{pending.length}</dd>
      </div>
      <div>
        <dt>Oldest</dt>
        <dd data-field="oldest">{oldest == null ? '—' : duration(now - oldest)}</dd>
      </div>
      <div>
        <dt>Decided today</dt>
        <dd data-field="decided-today">{board?.decidedToday ?? '—'}</dd>
      </div>
      <div>
        <dt>Median answer</dt>
        <dd>{board?.medianLatencySeconds == null ? '—' : duration(board.medianLatencySeconds * 1000)}</dd>
      </div>
    </dl>
  );
}
