/**
 * Intercom inbox (Ember).
 *
 * URL: https://app[.eu|.au].intercom.com/a/inbox/{workspace}/inbox/…/conversation/{id}, where
 * "…" is a view such as shared/all or admin/{adminId}. The conversation
 * carries `data-conversation-id` [E TGL], which scopes every read to this conversation. The
 * contact's name is `span[data-conversation-title]` [E, medium]; the email and the user link
 * in the details sidebar are inferred [I]. The user id comes from a /users/{id} link, as in
 * Intercom's own user URLs [E Grytsak/PromoRepublicUserData].
 *
 * Test URLs:
 *   https://app.intercom.com/a/inbox/abc123de/inbox/shared/all/conversation/101
 *   https://app.eu.intercom.com/a/inbox/abc123de/inbox/admin/5550001/conversation/102?view=List
 *   https://app.intercom.com/a/inbox/abc123de/inbox/conversation/103
 *   not a ticket: https://app.intercom.com/a/inbox/abc123de/inbox/shared/all, https://app.intercom.com/a/apps/abc123de/users/42
 */
import { queryAllDeep, queryDeep } from './dom/query-deep';
import { cleanRequester, idFromHref, linkValue, reading, textOf } from './requester';
import { define } from './watch-requester';

const CONVERSATION_PATH = /^\/a\/inbox\/[a-z0-9]+\/inbox\/(?:[^?#]*\/)?conversation\/(\d+)\/?$/;
const HOST = /^app(?:\.(?:eu|au))?\.intercom\.com$/;
const SELECTORS = {
  // One per open conversation [E TGL].
  conversation: (id: string) => `[data-conversation-id="${id}"]`,
  // The contact's name [E three public scripts].
  name: 'span[data-conversation-title]',
  // [I] The details sidebar, rendered late; once per conversation.
  details: '[data-intercom-target="conversation-details"]',
  user: 'a[href*="/users/"]',
};

export const intercom = define({
  id: 'intercom',
  name: 'Intercom',
  matches: ['https://app.intercom.com/*', 'https://app.eu.intercom.com/*', 'https://app.au.intercom.com/*'],
  // No link from the id alone: a conversation's address carries the workspace id.
  ticketPath: () => null,
  ticketIdFromUrl(url) {
    if (!HOST.test(url.hostname)) return null;
    return CONVERSATION_PATH.exec(url.pathname)?.[1] ?? null;
  },
  readPage(conversationId) {
    // The details sidebar inside this conversation's element only.
    return queryAllDeep(document, SELECTORS.conversation(conversationId)).flatMap((conversation) =>
      queryAllDeep(conversation, SELECTORS.details).map((details) =>
        reading(
          cleanRequester({
            email: linkValue(details, 'mailto'),
            phone: linkValue(details, 'tel'),
            name: textOf(conversation, SELECTORS.name),
            helpdeskId: idFromHref(queryDeep(details, SELECTORS.user), /\/users\/([^/?#]+)/),
          }),
          'page',
          'pane',
          details,
        ),
      ),
    );
  },
});
