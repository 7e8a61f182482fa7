/**
 * For helpdesks whose DOM carries no ticket id near the requester (Front, Zoho Desk,
 * Gorgias, Chatwoot): right after a switch the page still shows the previous ticket's
 * requester for a few frames. Remembering what was read for the previous ticket lets an
 * adapter wait until the page shows something else, or, if it never does within the
 * wait, accept it (two tickets in a row from one customer are common).
 */
export function previousRead() {
  let last: { ticketId: string; value: string } | null = null;
  return {
    /** True when `value` is what the page showed for a different ticket just before. */
    isLeftover: (ticketId: string, value: string) => last !== null && last.ticketId !== ticketId && last.value === value,
    remember: (ticketId: string, value: string) => void (last = { ticketId, value }),
  };
}
