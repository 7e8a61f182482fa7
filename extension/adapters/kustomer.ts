/**
 * Kustomer (React, URL-driven).
 *
 * URL: https://{org}.kustomerapp.com/app/customers/{customerId}/event/{conversationId}, both
 * 24-hex ObjectIds. The conversation is the ticket. No open-source code
 * reads Kustomer's DOM, but the customer id is in the URL: we send it as the requester's
 * helpdesk id (the server knows it as "kustomer:{customerId}") and report email and phone
 * as missing. A customer's timeline without a conversation is not a ticket.
 *
 * Test URLs:
 *   https://acme.kustomerapp.com/app/customers/64b7f0c2a1b2c3d4e5f60001/event/64b7f0c2a1b2c3d4e5f6a101
 *   not a ticket: https://acme.kustomerapp.com/app/customers/64b7f0c2a1b2c3d4e5f60001, https://acme.kustomerapp.com/app/search
 */
import { cleanRequester, reading } from './requester';
import { define } from './watch-requester';

const CONVERSATION_PATH = /^\/app\/customers\/([0-9a-f]{24})\/event\/([0-9a-f]{24})(?:\/|$)/;

export const kustomer = define({
  id: 'kustomer',
  name: 'Kustomer',
  matches: ['https://*.kustomerapp.com/*'],
  // No link from the id alone: a conversation's address carries the customer's id.
  ticketPath: () => null,
  ticketIdFromUrl(url) {
    if (!url.hostname.endsWith('.kustomerapp.com')) return null;
    return CONVERSATION_PATH.exec(url.pathname)?.[2] ?? null;
  },
  readPage(conversationId) {
    // From the address itself, once it shows this conversation (the watcher checks that too).
    const m = CONVERSATION_PATH.exec(location.pathname);
    return m && m[2] === conversationId ? [reading(cleanRequester({ helpdeskId: m[1] }), 'url', 'url')] : [];
  },
});
