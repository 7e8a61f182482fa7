/**
 * Gorgias (React).
 *
 * URL: https://{account}.gorgias.com/app/ticket/{id}, or /app/views/{view}/{id} when opened from
 * a view (OPG). The customer is the breadcrumb link `[aria-label="Breadcrumbs"]
 * a[href*="/customer/"]` [E OPG]: its text is the name and its href carries Gorgias's customer
 * id, which the server knows as helpdesk identity "gorgias:{id}". No known element ties an
 * email to this ticket, so we read none rather than risk another customer's. The breadcrumb
 * does not name the ticket, so right after a switch a customer only counts once it differs
 * from the previous ticket's (proof 'changed').
 *
 * Test URLs:
 *   https://acme.gorgias.com/app/ticket/101
 *   https://acme.gorgias.com/app/views/12/102
 *   not a ticket: https://acme.gorgias.com/app/customer/5001, https://acme.gorgias.com/app/views/12
 */
import { queryAllDeep } from './dom/query-deep';
import { cleanRequester, idFromHref, reading } from './requester';
import { define } from './watch-requester';

const TICKET_PATH = /^\/app\/(?:ticket|views\/\d+)\/(\d+)\/?$/;
const SELECTORS = {
  // [E OPG] once per ticket page.
  customer: '[aria-label="Breadcrumbs"] a[href*="/customer/"]',
};
const CUSTOMER_ID = /\/customer\/(\d+)/;

export const gorgias = define({
  id: 'gorgias',
  name: 'Gorgias',
  matches: ['https://*.gorgias.com/*'],
  ticketPath: (id) => `/app/ticket/${id}`,
  ticketIdFromUrl(url) {
    if (!url.hostname.endsWith('.gorgias.com')) return null;
    return TICKET_PATH.exec(url.pathname)?.[1] ?? null;
  },
  readPage() {
    return queryAllDeep(document, SELECTORS.customer).map((link) =>
      reading(cleanRequester({ name: link.textContent, helpdeskId: idFromHref(link, CUSTOMER_ID) }), 'page', 'changed', link),
    );
  },
});
