import { describeEvent } from '@shared/describe-event';
import type { TicketView } from './state';

/** What changed on screen, for a screen reader: the customer shown, the latest live event. */
export function statusText(view: TicketView): string {
  const ctx = view.context;
  if (!ctx) return '';
  const latest = view.liveEventIds.at(-1);
  const event = latest && ctx.recentEvents.find((e) => e.id === latest);
  if (event) return `New for ${ctx.customer.name}: ${describeEvent(event)}`;
  return `Ticket ${view.ticket.id}: ${ctx.customer.name}, ${ctx.customer.tier} customer.`;
}
