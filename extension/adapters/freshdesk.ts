/**
 * Freshdesk (Ember agent UI).
 *
 * URL: https://{sub}.freshdesk.com/a/tickets/{id}; the legacy UI used /helpdesk/tickets/{id}
 * (TMT). No open-source project reads the requester, so the contact card
 * selectors below are inferred [I] and must be checked on a live account. Ember keeps the
 * previous ticket's DOM for a moment after the URL changes, so a card only counts when its
 * ticket view's breadcrumb shows this ticket's number.
 *
 * Test URLs:
 *   https://acme.freshdesk.com/a/tickets/101
 *   https://acme.freshdesk.com/helpdesk/tickets/102
 *   not a ticket: https://acme.freshdesk.com/a/tickets/filters/all, https://acme.freshdesk.com/a/contacts/9001
 */
import { queryAllDeep } from './dom/query-deep';
import { cleanRequester, linkValue, reading, textOf } from './requester';
import { define } from './watch-requester';

const TICKET_PATH = /^\/(?:a|helpdesk)\/tickets\/(\d+)(?:\/|$)/;
const SELECTORS = {
  // The ticket view, once per page [E CLK: `.app-main-wrapper:has(#ticket-details)`].
  view: '.app-main-wrapper',
  // The active breadcrumb shows "#101" [E CLK, TGL].
  number: '.breadcrumb__item.active',
  // [I] The requester card in the right-hand contact pane, once per view.
  card: '.contact-pane .contact-card',
  name: '.contact-name',
};

const showsTicket = (el: Element, ticketId: string) =>
  textOf(el.closest(SELECTORS.view), SELECTORS.number)?.replace(/\D/g, '') === ticketId;

export const freshdesk = define({
  id: 'freshdesk',
  name: 'Freshdesk',
  matches: ['https://*.freshdesk.com/*'],
  ticketPath: (id) => `/a/tickets/${id}`,
  ticketIdFromUrl(url) {
    if (!url.hostname.endsWith('.freshdesk.com')) return null;
    return TICKET_PATH.exec(url.pathname)?.[1] ?? null;
  },
  readPage(ticketId) {
    return queryAllDeep(document, SELECTORS.card)
      .filter((card) => showsTicket(card, ticketId))
      .map((card) =>
        reading(
          cleanRequester({ email: linkValue(card, 'mailto'), phone: linkValue(card, 'tel'), name: textOf(card, SELECTORS.name) }),
          'page',
          'pane',
          card,
        ),
      );
  },
});
