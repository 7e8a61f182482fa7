/**
 * Front (React with styled-components).
 *
 * URL: https://app.frontapp.com/…/{conversation number}, e.g. /inboxes/teams/folders/7256583/
 * unassigned/120537545061. The last numeric segment is the conversation in base 10; its API id
 * is 'cnv_' + base36 (helpdesks.md §7), which is what we use as the ticket id. The /open/cnv_…
 * permalink only redirects, so it is not a ticket page. Front has no data-* ids: the only
 * known requester element is the recipient line, a hashed class whose stable prefix we match
 * [E CLK, prefix matching I]. Nothing in the DOM names the conversation, so right after a
 * switch we wait until the recipient differs from the previous conversation's.
 * Front's desktop app is Electron, where no extension runs.
 *
 * Test URLs:
 *   https://app.frontapp.com/inboxes/teams/folders/7256583/unassigned/120537545061
 *   https://app.frontapp.com/inboxes/shared/12345678/open/120537545062?search=x
 *   not a ticket: https://app.frontapp.com/open/cnv_1abc2de, https://app.frontapp.com/inboxes/teams/folders/7256583/unassigned
 */
import { previousRead } from '../lib/previous-read';
import { waitFor } from '../lib/wait-for';
import { cleanRequester, reading } from './requester';
import type { HelpdeskAdapter } from './types';

/** A 6+ digit last segment; folder ids precede it, so only the last one counts. */
const CONVERSATION_PATH = /\/(\d{6,})\/?$/;
const SELECTORS = {
  // [E CLK] `.messageViewerRecipient__StyledDetailsWrapperDiv-sc-1z03g13-1 div`, by prefix.
  recipient: '[class*="messageViewerRecipient__StyledDetailsWrapperDiv"] div',
};

const previous = previousRead();

export const front: HelpdeskAdapter = {
  id: 'front',
  name: 'Front',
  matches: ['https://app.frontapp.com/*'],
  ticketIdFromUrl(url) {
    if (url.hostname !== 'app.frontapp.com' || url.pathname.startsWith('/open/')) return null;
    const n = CONVERSATION_PATH.exec(url.pathname)?.[1];
    return n ? `cnv_${Number(n).toString(36)}` : null;
  },
  async readRequester(conversationId, signal) {
    const handle = (el: Element) => el.textContent?.trim() ?? '';
    let el = await waitFor(document, SELECTORS.recipient, { signal, timeoutMs: 3000, where: (e) => !!handle(e) && !previous.isLeftover(conversationId, handle(e)) });
    el ??= signal.aborted ? null : document.querySelector(SELECTORS.recipient);
    const value = el ? handle(el) : '';
    if (value) previous.remember(conversationId, value);
    // The recipient is a handle (email, phone or social [D]), sometimes as "Name <handle>".
    const [, name, handle_] = /^(.*?)\s*<([^>]+)>$/.exec(value) ?? [value, undefined, value];
    return reading(cleanRequester({ email: handle_, phone: handle_, name: name ?? (handle_.includes('@') ? undefined : handle_) }), 'page');
  },
};
