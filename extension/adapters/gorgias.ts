/**
 * Gorgias (React).
 *
 * URL: https://{account}.gorgias.com/app/ticket/{id}, or /app/views/{view}/{id} when opened from
 * a view (OPG). The customer is the breadcrumb link `[aria-label="Breadcrumbs"]
 * a[href*="/customer/"]` [E OPG]: its text is the name and its href carries Gorgias's customer
 * id, which the server knows as helpdesk identity "gorgias:{id}". No known element ties an
 * email to this ticket, so we read none rather than risk another customer's. The breadcrumb
 * does not name the ticket, so right
 * after a switch we wait until it links a different customer than the previous ticket's.
 *
 * Test URLs:
 *   https://acme.gorgias.com/app/ticket/101
 *   https://acme.gorgias.com/app/views/12/102
 *   not a ticket: https://acme.gorgias.com/app/customer/5001, https://acme.gorgias.com/app/views/12
 */
import { previousRead } from '../lib/previous-read';
import { waitFor } from '../lib/wait-for';
import { cleanRequester, idFromHref, reading } from './requester';
import type { HelpdeskAdapter } from './types';

const TICKET_PATH = /^\/app\/(?:ticket|views\/\d+)\/(\d+)\/?$/;
const SELECTORS = {
  // [E OPG] once per ticket page.
  customer: '[aria-label="Breadcrumbs"] a[href*="/customer/"]',
};
const CUSTOMER_ID = /\/customer\/(\d+)/;

const previous = previousRead();

export const gorgias: HelpdeskAdapter = {
  id: 'gorgias',
  name: 'Gorgias',
  matches: ['https://*.gorgias.com/*'],
  ticketIdFromUrl(url) {
    if (!url.hostname.endsWith('.gorgias.com')) return null;
    return TICKET_PATH.exec(url.pathname)?.[1] ?? null;
  },
  async readRequester(ticketId, signal) {
    const href = (el: Element) => el.getAttribute('href') ?? '';
    let link = await waitFor(document, SELECTORS.customer, { signal, timeoutMs: 3000, where: (el) => !previous.isLeftover(ticketId, href(el)) });
    link ??= signal.aborted ? null : document.querySelector(SELECTORS.customer);
    if (link) previous.remember(ticketId, href(link));
    return reading(cleanRequester({ name: link?.textContent, helpdeskId: idFromHref(link, CUSTOMER_ID) }), 'page');
  },
};
