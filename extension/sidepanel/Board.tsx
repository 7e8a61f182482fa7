import type { Board as BoardData, ExceptionView } from '@shared/schemas/exceptions';

/** Pending by age, decisions today, how fast: the team lead's glance. */
export function Board({ pending, board }: { pending: ExceptionView[]; board: BoardData | null }) {
  const oldest = pending.length ? Math.round((Date.now() - Date.parse(pending[0]!.createdAt)) / 1000) : null;
  return (
    <dl class="board" data-field="board">
      <div>
        <dt>Waiting</dt>
        <dd data-field="waiting">{pending.length}</dd>
      </div>
      <div>
        <dt>Oldest</dt>
        <dd>{oldest == null ? '—' : `${Math.floor(oldest / 60)}m ${oldest % 60}s`}</dd>
      </div>
      <div>
        <dt>Decided today</dt>
        <dd data-field="decided-today">{board?.decidedToday ?? '—'}</dd>
      </div>
      <div>
        <dt>Median answer</dt>
        <dd>{board?.medianLatencySeconds == null ? '—' : `${Math.round(board.medianLatencySeconds)} s`}</dd>
      </div>
    </dl>
  );
}
