import { useRef } from 'preact/hooks';
import { ago } from '@shared/time-words';
import { useNow } from '../lib/use-now';
import type { PanelActions } from './client';
import type { TicketView } from './state';

/** When a receipt was first shown: a live one carries no time, one read back from the server does. */
function useSeenAt(id: string | null): string | null {
  const first = useRef<{ id: string; at: string } | null>(null);
  if (id && first.current?.id !== id) first.current = { id, at: new Date().toISOString() };
  return id ? first.current!.at : null;
}

/**
 * The contact's close: "Resolve…" until the ticket's resolution is logged (by anyone), then when it
 * was. While this agent's record for it waits in the outbox, it is resolved already: no second one.
 */
export function ResolveBar({ logged, waiting, actions }: { logged: TicketView['logged']; waiting: boolean; actions: PanelActions }) {
  const seenAt = useSeenAt(logged?.id ?? null);
  const now = useNow(30_000);
  const at = logged?.at ?? seenAt;
  return (
    <div class="resolve-bar">
      {logged ? (
        <p class="note ok">
          <span data-field="logged">Resolution logged</span>{' '}
          {at && (
            <time class="muted" dateTime={at} title={new Date(at).toLocaleString()} data-field="logged-at">
              {ago(at, now)}
            </time>
          )}
        </p>
      ) : waiting ? (
        <p class="note" data-field="resolution-waiting">
          Resolution recorded: waiting to be sent, kept safely until the server has it.
        </p>
      ) : (
        <button type="button" class="resolve-open" onClick={() => actions.openResolve()}>
          Resolve…
        </button>
      )}
    </div>
  );
}
