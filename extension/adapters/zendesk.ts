/**
 * Zendesk Support, Agent Workspace.
 *
 * URL: https://{sub}.zendesk.com/agent/tickets/{id}, optionally /events after the id.
 * The requester comes from Zendesk's own same-origin API on the agent's session
 * (GET /api/v2/tickets/{id}.json → requester_id → GET /api/v2/users/{id}.json): the DOM has
 * no stable requester selector. Fallback: the active ticket pane only, because Zendesk
 * keeps several tickets mounted at once and the first match may be another ticket.
 *
 * Test URLs:
 *   https://acme.zendesk.com/agent/tickets/101
 *   https://acme.zendesk.com/agent/tickets/101/events
 *   not a ticket: https://acme.zendesk.com/agent/filters/360001, https://acme.freshdesk.com/a/tickets/5
 */
import { waitFor } from '../lib/wait-for';
import { apiThenPage, cleanRequester, getJson, reading } from './requester';
import type { HelpdeskAdapter, RequesterReading } from './types';

const TICKET_PATH = /^\/agent\/tickets\/(\d+)(?:\/events)?\/?$/;

/** The active ticket pane; inactive tickets stay mounted with data-is-active="false". */
const activePane = (ticketId: string) =>
  `[data-side-conversations-anchor-id="${ticketId}"], .ticket-panes-grid-layout[data-is-active="true"]`;
const SELECTORS = {
  // Where: inside the active pane's customer context, once per pane. Evidence: weak (small projects).
  email: '[data-test-id="ticket-requester-email"], .requester .email',
  name: '[data-test-id="ticket-requester-name"]',
};

async function fromApi(ticketId: string, signal: AbortSignal): Promise<RequesterReading> {
  const ticket = (await getJson(`/api/v2/tickets/${ticketId}.json`, signal)) as { ticket?: { requester_id?: number } };
  const requesterId = ticket.ticket?.requester_id;
  if (requesterId == null) throw new Error('ticket has no requester_id');
  const user = (await getJson(`/api/v2/users/${requesterId}.json`, signal)) as {
    user?: { email?: string; name?: string; phone?: string };
  };
  return reading(cleanRequester({ ...user.user, helpdeskId: requesterId }), 'zendesk api');
}

async function fromDom(ticketId: string, signal: AbortSignal): Promise<RequesterReading> {
  const pane = await waitFor(document, activePane(ticketId), { signal, timeoutMs: 4000 });
  const email = pane && (await waitFor(pane, SELECTORS.email, { signal, timeoutMs: 2000 }));
  const name = pane?.querySelector(SELECTORS.name);
  return reading(cleanRequester({ email: email?.textContent, name: name?.textContent }), 'page');
}

/** The active ticket's conversation log; one article per message, the sender's name on each. */
function readMessages(ticketId: string, requester: { name?: string }) {
  const log = document.querySelector(`[data-side-conversations-anchor-id="${ticketId}"] [data-test-id="omni-log-container"]`);
  if (!log) return [];
  return [...log.querySelectorAll('article')]
    .filter((a) => !a.querySelector('[data-test-id="omni-log-internal-note-tag"]'))
    .filter((a) => !requester.name || a.querySelector('[data-test-id="omni-log-item-sender"]')?.textContent?.trim() === requester.name)
    .map((a) => ({ text: [...a.querySelectorAll('p')].map((p) => p.textContent ?? '').join('\n').trim(), at: a.querySelector('time')?.getAttribute('datetime') ?? undefined }))
    .filter((m) => m.text)
    .slice(-20);
}

export const zendesk: HelpdeskAdapter = {
  id: 'zendesk',
  name: 'Zendesk',
  matches: ['https://*.zendesk.com/*'],
  readMessages,
  ticketIdFromUrl(url) {
    if (!url.hostname.endsWith('.zendesk.com')) return null;
    return TICKET_PATH.exec(url.pathname)?.[1] ?? null;
  },
  readRequester: (ticketId, signal) => apiThenPage(() => fromApi(ticketId, signal), () => fromDom(ticketId, signal), signal),
};
