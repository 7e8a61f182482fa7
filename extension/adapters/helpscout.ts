/**
 * Help Scout (React).
 *
 * URL: https://secure.helpscout.net/conversation/{conversationId}/{number}[?folderId=…]; the
 * first segment is the API conversation id, the second the number agents see.
 * The requester is in `window.appData`, but that lives in the page's main world, out of reach
 * of this isolated content script, so we read the customer sidebar instead. ZKA watches
 * `data-conversation-id` [E], which ties the sidebar to this conversation; the sidebar's
 * inner selectors are inferred [I].
 *
 * Test URLs:
 *   https://secure.helpscout.net/conversation/2199011258/891142?folderId=39835
 *   https://secure.helpscout.net/conversations/2199011259
 *   not a ticket: https://secure.helpscout.net/mailbox/39835/, https://secure.helpscout.net/customer/12345
 */
import { queryAllDeep, queryDeep } from './dom/query-deep';
import { cleanRequester, idFromHref, linkValue, reading, textOf } from './requester';
import { define } from './watch-requester';

const CONVERSATION_PATH = /^\/conversations?\/(\d+)(?:\/(\d+))?\/?$/;
const SELECTORS = {
  conversation: (id: string) => `[data-conversation-id="${id}"]`,
  // [I] The customer sidebar, rendered after the thread.
  sidebar: '[data-cy="customer-sidebar"]',
  name: '[data-cy="CustomerName"]',
  profile: 'a[href*="/customer/"]',
};

export const helpscout = define({
  id: 'helpscout',
  name: 'Help Scout',
  matches: ['https://secure.helpscout.net/*'],
  ticketPath: (id) => `/conversation/${id}`,
  ticketIdFromUrl(url) {
    if (url.hostname !== 'secure.helpscout.net') return null;
    return CONVERSATION_PATH.exec(url.pathname)?.[1] ?? null;
  },
  readPage(conversationId) {
    // The sidebar inside this conversation's element only: that attribute ties it to the URL's conversation.
    return queryAllDeep(document, SELECTORS.conversation(conversationId))
      .flatMap((conversation) => queryAllDeep(conversation, SELECTORS.sidebar))
      .map((sidebar) =>
        reading(
          cleanRequester({
            email: linkValue(sidebar, 'mailto'),
            phone: linkValue(sidebar, 'tel'),
            name: textOf(sidebar, SELECTORS.name),
            helpdeskId: idFromHref(queryDeep(sidebar, SELECTORS.profile), /\/customer\/(\d+)/),
          }),
          'page',
          'pane',
          sidebar,
        ),
      );
  },
});
