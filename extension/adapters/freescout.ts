/**
 * FreeScout (self-hosted Laravel; server-rendered, not a single-page app).
 *
 * URL: https://{any host}/conversation/{id}[?folder_id=…] (FS routes/web.php). FreeScout has no
 * fixed host, so `matches` is empty: the content script reaches it only once the
 * declarative/dynamic registration registers it for an origin an admin configures; `detect`
 * then confirms the page is FreeScout, by the `data-conversation_id` FreeScout puts on <body>.
 * Every conversation is a full page load, so nothing needs to watch for switches. Installs
 * under a sub-path (example.com/helpdesk/conversation/1) are not matched yet: the configured
 * origin will have to carry the base path.
 * Selectors come from FreeScout's own templates [E FS]; the customer's main email is the first.
 *
 * Test URLs:
 *   https://help.acme.test/conversation/101
 *   https://help.acme.test/conversation/102?folder_id=3
 *   not a ticket: https://help.acme.test/mailbox/1, https://help.acme.test/customers/9001/
 */
import { cleanRequester, reading, textOf } from './requester';
import { define } from './watch-requester';

const CONVERSATION_PATH = /^\/conversation\/(\d+)\/?$/;
const SELECTORS = {
  page: (id: string) => `body[data-conversation_id="${id}"]`,
  customer: '#conv-layout-customer',
  name: '.customer-name',
  email: '.customer-email a.contact-main',
};

export const freescout = define({
  id: 'freescout',
  name: 'FreeScout',
  matches: [],
  ticketPath: (id) => `/conversation/${id}`,
  detect(url, doc) {
    const id = freescout.ticketIdFromUrl(url);
    return !!id && !!doc.querySelector(SELECTORS.page(id));
  },
  ticketIdFromUrl(url) {
    return CONVERSATION_PATH.exec(url.pathname)?.[1] ?? null;
  },
  readPage(id) {
    // Server-rendered: the customer panel of the page whose <body> names this conversation.
    const customer = document.querySelector(SELECTORS.page(id)) && document.querySelector(SELECTORS.customer);
    return customer
      ? [
          reading(
            cleanRequester({ email: textOf(customer, SELECTORS.email), name: textOf(customer, SELECTORS.name) }),
            'page',
            'pane',
            customer,
          ),
        ]
      : [];
  },
});
