/**
 * A request's ticket as a link: the adapter's path for the ticket (adapters/*.ts ticketPath) on
 * the host the agent asked from. None for a record from before hosts were kept, or a helpdesk
 * whose ticket addresses cannot be built; the number is shown anyway.
 */
import type { TicketOfRequest } from '@shared/schemas/exceptions';
import { adapters } from '../adapters';
import type { HelpdeskAdapter } from '../adapters/types';

export function ticketHref(t: TicketOfRequest, list: readonly Pick<HelpdeskAdapter, 'id' | 'ticketPath'>[] = adapters): string | null {
  if (!t.instance) return null;
  const path = list.find((a) => a.id === t.helpdesk)?.ticketPath(encodeURIComponent(t.id));
  return path ? `https://${t.instance}${path}` : null;
}

/** The helpdesk's name as people know it ("Zendesk"); a custom one by its own name. */
export function helpdeskName(helpdesk: string, list: readonly Pick<HelpdeskAdapter, 'id' | 'name'>[] = adapters): string {
  return list.find((a) => a.id === helpdesk)?.name ?? helpdesk.replace(/^custom:/, '').replace(/-/g, ' ');
}
