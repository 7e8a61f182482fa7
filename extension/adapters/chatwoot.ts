/**
 * Chatwoot (Vue; app.chatwoot.com or self-hosted).
 *
 * URL: /app/accounts/{account}/…/conversations/{id}, where "…" is nothing or a filter such as
 * inbox/{id}, label/{name}, team/{id}, custom_view/{id} or mentions (Chatwoot's own routes, CW).
 * The requester is the conversation's contact: first from Chatwoot's same-origin API
 * (GET /api/v1/accounts/{account}/conversations/{id} → meta.sender) [K], signed with the
 * dashboard's session headers that Chatwoot keeps in the cw_d_session_info cookie [K]; else
 * from the contact panel (name in an h3, email as a mailto link, per ContactInfo.vue [E]).
 * The panel does not name the conversation, so right after a switch a contact only counts
 * once it differs from the previous conversation's (proof 'changed').
 * Self-hosted instances need the declarative/dynamic registration for their origin.
 *
 * Test URLs:
 *   https://app.chatwoot.com/app/accounts/1/conversations/101
 *   https://app.chatwoot.com/app/accounts/1/inbox/2/conversations/102
 *   https://app.chatwoot.com/app/accounts/1/custom_view/3/conversations/103
 *   not a ticket: https://app.chatwoot.com/app/accounts/1/dashboard, https://app.chatwoot.com/app/accounts/1/contacts/9001
 */
import { committedUrl } from './dom/committed-url';
import { queryAllDeep } from './dom/query-deep';
import { cleanRequester, getJson, linkValue, reading, textOf } from './requester';
import type { RequesterReading } from './types';
import { define } from './watch-requester';

const CONVERSATION_PATH = /^\/app\/accounts\/(\d+)\/(?:[^?#]*\/)?conversations\/(\d+)\/?$/;
const SELECTORS = {
  // [K] The contact panel beside the conversation; [E CW] name in an h3, email via mailto.
  panel: '.contact--panel',
  name: 'h3',
};

/** devise_token_auth headers the dashboard sends with every API call [K]. */
function sessionHeaders(): Record<string, string> {
  const raw = /(?:^|;\s*)cw_d_session_info=([^;]*)/.exec(document.cookie)?.[1];
  try {
    const info = raw ? (JSON.parse(decodeURIComponent(raw)) as Record<string, string>) : {};
    return Object.fromEntries(['access-token', 'client', 'uid', 'token-type'].filter((k) => info[k]).map((k) => [k, info[k]!]));
  } catch {
    return {};
  }
}

async function readApi(id: string, signal: AbortSignal): Promise<RequesterReading> {
  // The account is in the URL, which may not have committed yet when the reading starts.
  const url = await committedUrl((u) => chatwoot.ticketIdFromUrl(u), id, signal);
  const account = url && CONVERSATION_PATH.exec(url.pathname)?.[1];
  if (!account) throw new Error('no account in the URL');
  const body = (await getJson(`/api/v1/accounts/${account}/conversations/${id}`, signal, sessionHeaders())) as {
    meta?: { sender?: { id?: number; name?: string; email?: string; phone_number?: string } };
  };
  const sender = body.meta?.sender;
  if (!sender) throw new Error('conversation has no sender');
  return reading(
    cleanRequester({ email: sender.email, phone: sender.phone_number, name: sender.name, helpdeskId: sender.id }),
    'chatwoot api',
    'api',
  );
}

/** Every contact panel that shows a contact; the watcher takes one only if it is not the previous conversation's. */
function readPage(): RequesterReading[] {
  return queryAllDeep(document, SELECTORS.panel)
    .filter((panel) => textOf(panel, SELECTORS.name))
    .map((panel) =>
      reading(
        cleanRequester({ email: linkValue(panel, 'mailto'), phone: linkValue(panel, 'tel'), name: textOf(panel, SELECTORS.name) }),
        'page',
        'changed',
        panel,
      ),
    );
}

export const chatwoot = define({
  id: 'chatwoot',
  name: 'Chatwoot',
  matches: ['https://app.chatwoot.com/*'],
  ticketPath: (id) => `/app/conversations/${id}`,
  ticketIdFromUrl(url) {
    return CONVERSATION_PATH.exec(url.pathname)?.[2] ?? null;
  },
  readApi,
  readPage,
});
