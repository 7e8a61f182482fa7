/**
 * Front (React with styled-components).
 *
 * URL: https://app.frontapp.com/…/{conversation number}, e.g. /inboxes/teams/folders/7256583/
 * unassigned/120537545061. The last numeric segment is the conversation in base 10; its API id
 * is 'cnv_' + base36, which is what we use as the ticket id. The /open/cnv_…
 * permalink only redirects, so it is not a ticket page. Front has no data-* ids: the only
 * known requester element is the recipient line, a hashed class whose stable prefix we match
 * [E CLK, prefix matching I]. Nothing in the DOM names the conversation, so right after a
 * switch a recipient only counts once it differs from the previous conversation's (proof 'changed').
 * Front's desktop app is Electron, where no extension runs.
 *
 * Test URLs:
 *   https://app.frontapp.com/inboxes/teams/folders/7256583/unassigned/120537545061
 *   https://app.frontapp.com/inboxes/shared/12345678/open/120537545062?search=x
 *   not a ticket: https://app.frontapp.com/open/cnv_1abc2de, https://app.frontapp.com/inboxes/teams/folders/7256583/unassigned
 */
import { queryAllDeep } from './dom/query-deep';
import { cleanRequester, reading } from './requester';
import { define } from './watch-requester';

/** A 6+ digit last segment; folder ids precede it, so only the last one counts. */
const CONVERSATION_PATH = /\/(\d{6,})\/?$/;
const SELECTORS = {
  // [E CLK] `.messageViewerRecipient__StyledDetailsWrapperDiv-sc-1z03g13-1 div`, by prefix.
  recipient: '[class*="messageViewerRecipient__StyledDetailsWrapperDiv"] div',
};

export const front = define({
  id: 'front',
  name: 'Front',
  matches: ['https://app.frontapp.com/*'],
  // No link from the id alone: a conversation's address also names its inbox folder.
  ticketPath: () => null,
  ticketIdFromUrl(url) {
    if (url.hostname !== 'app.frontapp.com' || url.pathname.startsWith('/open/')) return null;
    const n = CONVERSATION_PATH.exec(url.pathname)?.[1];
    return n ? `cnv_${Number(n).toString(36)}` : null;
  },
  readPage() {
    return queryAllDeep(document, SELECTORS.recipient).flatMap((el) => {
      const value = el.textContent?.trim();
      if (!value) return [];
      // The recipient is a handle (email, phone or social [D]), sometimes as "Name <handle>".
      const [, name, handle] = /^(.*?)\s*<([^>]+)>$/.exec(value) ?? [value, undefined, value];
      return [
        reading(
          cleanRequester({ email: handle, phone: handle, name: name ?? (handle.includes('@') ? undefined : handle) }),
          'page',
          'changed',
          el,
        ),
      ];
    });
  },
});
