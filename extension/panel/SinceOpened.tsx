import { describeEvent } from '@shared/describe-event';
import type { CustomerEvent } from '@shared/schemas/customer-events';

/** What changed since the agent opened this ticket, so nothing that arrived live is missed. */
export function SinceOpened({ events, live }: { events: CustomerEvent[]; live: string[] }) {
  const arrived = events.filter((e) => live.includes(e.id));
  if (!arrived.length) return null;
  return (
    <section class="since" data-field="since-opened" aria-label="Since you opened this ticket">
      <strong>Since you opened this ticket:</strong> {arrived.map((e) => describeEvent(e)).join(' · ')}
    </section>
  );
}
