/**
 * A ticket's address in its helpdesk: the path shape per built-in adapter, on the host the
 * ticket was resolved on (recorded with it), or for older records the address the user set once.
 */
const PATHS: Record<string, (id: string) => string> = {
  zendesk: (id) => `/agent/tickets/${id}`,
  freshdesk: (id) => `/a/tickets/${id}`,
  helpscout: (id) => `/conversation/${id}`,
  zohodesk: (id) => `/agent/tickets/${id}`,
  gorgias: (id) => `/app/ticket/${id}`,
  zammad: (id) => `/#ticket/zoom/${id}`,
  chatwoot: (id) => `/app/conversations/${id}`,
  freescout: (id) => `/conversation/${id}`,
};

export function ticketUrl(
  bases: Record<string, string>,
  helpdesk: string,
  ticketId: string,
  instance: string | null = null,
): string | null {
  const base = instance ? `https://${instance}` : bases[helpdesk];
  const path = PATHS[helpdesk];
  if (!base || !path) return null;
  return `${base.replace(/\/+$/, '')}${path(encodeURIComponent(ticketId))}`;
}
