/**
 * A ticket's address in its helpdesk: the adapter's path for the ticket (adapters/*.ts
 * ticketPath), on the host the ticket was resolved on (recorded with it), or for older records
 * the address the user set once.
 */
import { adapters } from '../adapters';

export function ticketUrl(
  bases: Record<string, string>,
  helpdesk: string,
  ticketId: string,
  instance: string | null = null,
): string | null {
  const base = instance ? `https://${instance}` : bases[helpdesk];
  const path = adapters.find((a) => a.id === helpdesk)?.ticketPath(encodeURIComponent(ticketId));
  if (!base || !path) return null;
  return `${base.replace(/\/+$/, '')}${path}`;
}
