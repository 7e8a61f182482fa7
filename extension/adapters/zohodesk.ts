/**
 * Zoho Desk.
 *
 * URL: https://desk.zoho.{com,eu,in,com.au,jp,com.cn,sa,ca}/agent/{portal}/{department}/tickets/
 * details/{record id} (TMT). The URL's id is the internal record id, not the "#101" number the
 * page shows, so no element ties the page to the URL's ticket; right after a switch a contact
 * only counts once it differs from the previous ticket's (proof 'changed'). The 2023+ ticket view is
 * `.zd_v2-ticketdetailview-container` [E TMT, CLK]; the contact block inside it is inferred [I]
 * in Zoho's own `data-id` style. Desk embedded in Zoho CRM Plus runs in a frame, which this
 * top-frame content script does not reach.
 *
 * Test URLs:
 *   https://desk.zoho.com/agent/acme/support/tickets/details/7000000012345
 *   https://desk.zoho.eu/agent/acme/billing/tickets/details/7000000012346/conversation
 *   not a ticket: https://desk.zoho.com/agent/acme/support/tickets/list/all, https://desk.zoho.com/support/acme/ShowHomePage.do
 */
import { queryAllDeep } from './dom/query-deep';
import { cleanRequester, linkValue, reading, textOf } from './requester';
import { define } from './watch-requester';

const TICKET_PATH = /^\/agent\/[^/]+\/[^/]+\/tickets\/details\/(\d+)(?:\/|$)/;
const HOSTS = ['com', 'eu', 'in', 'com.au', 'jp', 'com.cn', 'sa', 'ca'].map((tld) => `desk.zoho.${tld}`);
const SELECTORS = {
  // [I] The contact block in the ticket view's left panel, rendered late.
  contact: '.zd_v2-ticketdetailview-container [data-id="contactInfo"]',
  name: '[data-id="contactName"]',
};

export const zohodesk = define({
  id: 'zohodesk',
  name: 'Zoho Desk',
  matches: HOSTS.map((h) => `https://${h}/*`),
  ticketPath: (id) => `/agent/tickets/${id}`,
  ticketIdFromUrl(url) {
    if (!HOSTS.includes(url.hostname)) return null;
    return TICKET_PATH.exec(url.pathname)?.[1] ?? null;
  },
  readPage() {
    return queryAllDeep(document, SELECTORS.contact)
      .filter((contact) => contact.textContent?.trim())
      .map((contact) =>
        reading(
          cleanRequester({ email: linkValue(contact, 'mailto'), phone: linkValue(contact, 'tel'), name: textOf(contact, SELECTORS.name) }),
          'page',
          'changed',
          contact,
        ),
      );
  },
});
