/**
 * HubSpot help desk (React).
 *
 * URL: https://app[-eu1].hubspot.com/help-desk/{portal}/view/{view|search}/ticket/{id}[/thread/{t}]
 *. The requester's name is the contact chicklet
 * `[data-selenium-test="contact-chicklet-title-link"]` [E CLK]; its link to the contact record
 * (/contacts/{portal}/record/0-1/{contactId}) gives HubSpot's contact id [I], and the email
 * comes from the contact card's mailto link [I]. HubSpot renders a new ticket into the same
 * panel, so a chicklet only counts when the panel's ticket header links to this ticket [I].
 *
 * Test URLs:
 *   https://app.hubspot.com/help-desk/4410321/view/1234/ticket/101
 *   https://app-eu1.hubspot.com/help-desk/4410321/view/search/ticket/102/thread/77?messageId=5
 *   not a ticket: https://app.hubspot.com/help-desk/4410321/view/1234, https://app.hubspot.com/contacts/4410321/record/0-1/9001
 */
import { queryAllDeep } from './dom/query-deep';
import { cleanRequester, idFromHref, linkValue, reading } from './requester';
import { define } from './watch-requester';

const TICKET_PATH = /^\/help-desk\/\d+\/view\/[^/]+\/ticket\/(\d+)(?:\/|$)/;
const SELECTORS = {
  // The help desk app, once per page [E CLK].
  app: '[data-application-name="svh-help-desk"]',
  // [E CLK] The ticket header's name link; [I] its href ends in the ticket id.
  ticketLink: '[data-test-id="ticket-header-name-link"]',
  // [E CLK] The requester contact, in the sidebar, rendered late.
  contact: '[data-selenium-test="contact-chicklet-title-link"]',
  // [I] The contact card around the chicklet, which shows the email.
  card: '[data-test-id="contact-card"]',
};

const showsTicket = (el: Element, ticketId: string) =>
  idFromHref(el.closest(SELECTORS.app)?.querySelector(SELECTORS.ticketLink), /\/(\d+)\/?(?:[?#]|$)/) === ticketId;

export const hubspot = define({
  id: 'hubspot',
  name: 'HubSpot',
  matches: ['https://app.hubspot.com/*', 'https://app-eu1.hubspot.com/*'],
  // No link from the id alone: a ticket's address carries the portal id.
  ticketPath: () => null,
  ticketIdFromUrl(url) {
    if (!/^app(?:-[a-z0-9]+)?\.hubspot\.com$/.test(url.hostname)) return null;
    return TICKET_PATH.exec(url.pathname)?.[1] ?? null;
  },
  readPage(ticketId) {
    return queryAllDeep(document, SELECTORS.contact)
      .filter((contact) => showsTicket(contact, ticketId))
      .map((contact) => {
        const card = contact.closest(SELECTORS.card);
        return reading(
          cleanRequester({
            email: linkValue(card, 'mailto'),
            phone: linkValue(card, 'tel'),
            name: contact.textContent,
            helpdeskId: idFromHref(contact, /\/record\/0-1\/(\d+)/),
          }),
          'page',
          'pane',
          card ?? contact,
        );
      });
  },
});
