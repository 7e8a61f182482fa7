/**
 * Chatwoot (Vue; app.chatwoot.com or self-hosted).
 *
 * URL: /app/accounts/{account}/…/conversations/{id}, where "…" is nothing or a filter such as
 * inbox/{id}, label/{name}, team/{id}, custom_view/{id} or mentions (Chatwoot's own routes, CW).
 * The requester is the conversation's contact: first from Chatwoot's same-origin API
 * (GET /api/v1/accounts/{account}/conversations/{id} → meta.sender) [K], signed with the
 * dashboard's session headers that Chatwoot keeps in the cw_d_session_info cookie [K]; else
 * from the contact panel (name in an h3, email as a mailto link, per ContactInfo.vue [E]).
 * The panel does not name the conversation, so right after a switch we wait until it shows
 * a different contact than the previous conversation's.
 * Self-hosted instances need the declarative/dynamic registration for their origin.
 *
 * Test URLs:
 *   https://app.chatwoot.com/app/accounts/1/conversations/101
 *   https://app.chatwoot.com/app/accounts/1/inbox/2/conversations/102
 *   https://app.chatwoot.com/app/accounts/1/custom_view/3/conversations/103
 *   not a ticket: https://app.chatwoot.com/app/accounts/1/dashboard, https://app.chatwoot.com/app/accounts/1/contacts/9001
 */
import { committedUrl } from '../lib/committed-url';
import { previousRead } from '../lib/previous-read';
import { waitFor } from '../lib/wait-for';
import { apiThenPage, cleanRequester, linkValue, reading, textOf } from './requester';
import type { HelpdeskAdapter, RequesterReading } from './types';

const CONVERSATION_PATH = /^\/app\/accounts\/(\d+)\/(?:[^?#]*\/)?conversations\/(\d+)\/?$/;
const SELECTORS = {
  // [K] The contact panel beside the conversation; [E CW] name in an h3, email via mailto.
  panel: '.contact--panel',
  name: 'h3',
};

const previous = previousRead();

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

async function fromApi(account: string, id: string, signal: AbortSignal): Promise<RequesterReading> {
  const res = await fetch(`/api/v1/accounts/${account}/conversations/${id}`, {
    credentials: 'same-origin',
    signal,
    headers: { accept: 'application/json', ...sessionHeaders() },
  });
  if (!res.ok) throw new Error(`conversation ${id} answered ${res.status}`);
  const sender = ((await res.json()) as { meta?: { sender?: { id?: number; name?: string; email?: string; phone_number?: string } } }).meta?.sender;
  if (!sender) throw new Error('conversation has no sender');
  return reading(cleanRequester({ email: sender.email, phone: sender.phone_number, name: sender.name, helpdeskId: sender.id }), 'chatwoot api');
}

async function fromDom(id: string, signal: AbortSignal): Promise<RequesterReading> {
  const key = (el: Element) => el.textContent?.trim() ?? '';
  let panel = await waitFor(document, SELECTORS.panel, { signal, timeoutMs: 3000, where: (el) => !!textOf(el, SELECTORS.name) && !previous.isLeftover(id, key(el)) });
  panel ??= signal.aborted ? null : document.querySelector(SELECTORS.panel);
  if (panel) previous.remember(id, key(panel));
  return reading(cleanRequester({ email: linkValue(panel, 'mailto'), phone: linkValue(panel, 'tel'), name: textOf(panel, SELECTORS.name) }), 'page');
}

export const chatwoot: HelpdeskAdapter = {
  id: 'chatwoot',
  name: 'Chatwoot',
  matches: ['https://app.chatwoot.com/*'],
  ticketIdFromUrl(url) {
    return CONVERSATION_PATH.exec(url.pathname)?.[2] ?? null;
  },
  async readRequester(id, signal) {
    const url = await committedUrl((u) => chatwoot.ticketIdFromUrl(u), id, signal);
    const account = url && CONVERSATION_PATH.exec(url.pathname)?.[1];
    return apiThenPage(
      () => (account ? fromApi(account, id, signal) : Promise.reject(new Error('no account in the URL'))),
      () => fromDom(id, signal),
      signal,
    );
  },
};
