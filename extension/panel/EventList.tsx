import { describeEvent, isAlert } from '@shared/describe-event';
import type { CustomerEvent } from '@shared/schemas/customer-events';
import { ago } from '@shared/time-words';
import { useNow } from '../lib/use-now';

export function EventList({ events, live }: { events: CustomerEvent[]; live: string[] }) {
  const now = useNow();
  if (events.length === 0) return <p class="muted">No recent events.</p>;
  // What an agent must not miss comes first; within each group, newest first.
  const ordered = [...events.filter((e) => isAlert(e)), ...events.filter((e) => !isAlert(e))];
  return (
    <section aria-label="Recent events">
      <h3>Recent events</h3>
      <ol class="events">
        {ordered.map((e) => (
          <li
            key={e.id}
            data-event-id={e.id}
            data-event-type={e.type}
            class={`${isAlert(e) ? 'alert' : ''} ${live.includes(e.id) ? 'live' : ''}`}
          >
            <span class="what">{describeEvent(e)}</span>
            <time dateTime={e.occurredAt} title={new Date(e.occurredAt).toLocaleString()}>
              {ago(e.occurredAt, now)}
            </time>
          </li>
        ))}
      </ol>
    </section>
  );
}
