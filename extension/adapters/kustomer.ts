/**
 * Kustomer (React, URL-driven).
 *
 * URL: https://{org}.kustomerapp.com/app/customers/{customerId}/event/{conversationId}, both
 * 24-hex ObjectIds (helpdesks.md §11). The conversation is the ticket. No open-source code
 * reads Kustomer's DOM, but the customer id is in the URL: we send it as the requester's
 * helpdesk id (the server knows it as "kustomer:{customerId}") and report email and phone
 * as missing. A customer's timeline without a conversation is not a ticket.
 *
 * Test URLs:
 *   https://acme.kustomerapp.com/app/customers/64b7f0c2a1b2c3d4e5f60001/event/64b7f0c2a1b2c3d4e5f6a101
 *   not a ticket: https://acme.kustomerapp.com/app/customers/64b7f0c2a1b2c3d4e5f60001, https://acme.kustomerapp.com/app/search
 */
import { committedUrl } from '../lib/committed-url';
import { cleanRequester, reading } from './requester';
import type { HelpdeskAdapter } from './types';

const CONVERSATION_PATH = /^\/app\/customers\/([0-9a-f]{24})\/event\/([0-9a-f]{24})(?:\/|$)/;

export const kustomer: HelpdeskAdapter = {
  id: 'kustomer',
  name: 'Kustomer',
  matches: ['https://*.kustomerapp.com/*'],
  ticketIdFromUrl(url) {
    if (!url.hostname.endsWith('.kustomerapp.com')) return null;
    return CONVERSATION_PATH.exec(url.pathname)?.[2] ?? null;
  },
  async readRequester(conversationId, signal) {
    const url = await committedUrl((u) => kustomer.ticketIdFromUrl(u), conversationId, signal);
    const customerId = url && CONVERSATION_PATH.exec(url.pathname)?.[1];
    return reading(cleanRequester({ helpdeskId: customerId }), 'url');
  },
};
