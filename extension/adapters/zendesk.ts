/**
 * Zendesk Support, Agent Workspace.
 *
 * URL: https://{sub}.zendesk.com/agent/tickets/{id}, optionally /events after the id.
 * The requester comes from Zendesk's own same-origin API on the agent's session
 * (GET /api/v2/tickets/{id}.json → requester_id → GET /api/v2/users/{id}.json): the DOM has
 * no stable requester selector. Fallback (API refused or timed out): the pane keyed by this
 * ticket's id, and only while it is active, because Zendesk keeps several tickets mounted at
 * once and the previous ticket's pane may still be active, before or after this one.
 *
 * Test URLs:
 *   https://acme.zendesk.com/agent/tickets/101
 *   https://acme.zendesk.com/agent/tickets/101/events
 *   not a ticket: https://acme.zendesk.com/agent/filters/360001, https://acme.freshdesk.com/a/tickets/5
 */
import { queryAllDeep } from './dom/query-deep';
import { cleanRequester, getJson, reading, textOf } from './requester';
import type { RequesterReading } from './types';
import { define } from './watch-requester';

const TICKET_PATH = /^\/agent\/tickets\/(\d+)(?:\/events)?\/?$/;

const SELECTORS = {
  /** This ticket's pane, and nobody else's: Zendesk keeps several mounted at once [LZU]. */
  pane: (ticketId: string) => `[data-side-conversations-anchor-id="${ticketId}"]`,
  // Where: inside the pane's customer context, once per pane. Evidence: weak (small projects).
  email: '[data-test-id="ticket-requester-email"], .requester .email',
  name: '[data-test-id="ticket-requester-name"]',
};

/**
 * Only the active pane counts: inactive tickets stay mounted with data-is-active="false" on the
 * pane or on its grid layout [TGL, CLK] (older builds: .ticket-panes-grid-layout.active).
 */
const isActive = (pane: Element) =>
  pane.closest('[data-is-active]')?.getAttribute('data-is-active') === 'true' || !!pane.closest('.ticket-panes-grid-layout.active');

type ZendeskUser = { id?: number; email?: string | null; name?: string; phone?: string | null };

async function readApi(ticketId: string, signal: AbortSignal): Promise<RequesterReading> {
  // The requester side-loaded with the ticket: one request, not two, before the panel can name anyone.
  const ticket = (await getJson(`/api/v2/tickets/${ticketId}.json?include=users`, signal)) as {
    ticket?: { requester_id?: number };
    users?: ZendeskUser[];
  };
  const requesterId = ticket.ticket?.requester_id;
  if (requesterId == null) throw new Error('ticket has no requester_id');
  // Side-loaded users are partial records: one that does not say both email and phone is read in full.
  const loaded = ticket.users?.find((u) => u.id === requesterId);
  const user =
    loaded && 'email' in loaded && 'phone' in loaded
      ? loaded
      : ((await getJson(`/api/v2/users/${requesterId}.json`, signal)) as { user?: ZendeskUser }).user;
  return reading(cleanRequester({ ...user, helpdeskId: requesterId }), 'zendesk api', 'api');
}

/** The pane keyed by this ticket id, when active, once its requester email has rendered. */
function readPage(ticketId: string): RequesterReading[] {
  return queryAllDeep(document, SELECTORS.pane(ticketId))
    .filter((pane) => isActive(pane) && textOf(pane, SELECTORS.email))
    .map((pane) =>
      reading(cleanRequester({ email: textOf(pane, SELECTORS.email), name: textOf(pane, SELECTORS.name) }), 'page', 'pane', pane),
    );
}

/** The active ticket's conversation log; one article per message, the sender's name on each. */
function readMessages(ticketId: string, requester: { name?: string }) {
  const log = document.querySelector(`[data-side-conversations-anchor-id="${ticketId}"] [data-test-id="omni-log-container"]`);
  if (!log) return [];
  return [...log.querySelectorAll('article')]
    .filter((a) => !a.querySelector('[data-test-id="omni-log-internal-note-tag"]'))
    .filter((a) => !requester.name || a.querySelector('[data-test-id="omni-log-item-sender"]')?.textContent?.trim() === requester.name)
    .map((a) => ({
      text: [...a.querySelectorAll('p')]
        .map((p) => p.textContent ?? '')
        .join('\n')
        .trim(),
      at: a.querySelector('time')?.getAttribute('datetime') ?? undefined,
    }))
    .filter((m) => m.text)
    .slice(-20);
}

export const zendesk = define({
  id: 'zendesk',
  name: 'Zendesk',
  matches: ['https://*.zendesk.com/*'],
  ticketPath: (id) => `/agent/tickets/${id}`,
  readMessages,
  ticketIdFromUrl(url) {
    if (!url.hostname.endsWith('.zendesk.com')) return null;
    return TICKET_PATH.exec(url.pathname)?.[1] ?? null;
  },
  readApi,
  readPage,
});
