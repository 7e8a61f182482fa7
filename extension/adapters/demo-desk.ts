/**
 * Leeway's demo desk: the small ticket workspace a Leeway server in demo mode serves itself
 * (server/src/demo/desk, routes/demo-desk.ts), so the panel can be seen with no helpdesk account.
 *
 * URL: <server origin>/demo/desk/tickets/{id}. Like a self-hosted helpdesk it has no fixed host,
 * so `matches` is empty; unlike one, it is only ever the server the user signed in to: the
 * background registers the content script on `<that server's origin>/demo/desk/*` alone, and only
 * when the tenant pins the server's host (the demo tenant does: background/pinned-hosts.ts).
 * `detect` then confirms the page is the desk, by the marker on its <body>.
 * A single-page app: a tab or list click is a pushState and a DOM swap in the same task. Every
 * opened ticket stays mounted as a pane (`data-desk-ticket`), only the current one shown; its
 * requester card (`data-desk-requester`, filled a moment after the pane) names the requester
 * with their email and the desk's requester id.
 *
 * Test URLs:
 *   https://leeway.acme.test/demo/desk/tickets/101
 *   https://leeway.acme.test:4443/demo/desk/tickets/104/
 *   not a ticket: https://leeway.acme.test/demo/desk, https://leeway.acme.test/demo/desk/assets/desk.js, https://leeway.acme.test/tickets/101
 */
import { cleanRequester, linkValue, reading, textOf } from './requester';
import type { RequesterReading } from './types';
import { define } from './watch-requester';

const TICKET_PATH = /^\/demo\/desk\/tickets\/(\d{1,10})\/?$/;
const SELECTORS = {
  desk: 'body[data-leeway-demo-desk]',
  /** This ticket's pane, shown (the others stay mounted, hidden). */
  pane: (id: string) => `[data-desk-ticket="${id}"]:not([hidden])`,
  card: (id: string) => `[data-desk-requester="${id}"]`,
  name: '.requester-name',
  requesterId: '[data-requester-id]',
  messages: '.conversation article[data-from="requester"] p',
};

function readPage(ticketId: string): RequesterReading[] {
  const card = document.querySelector(`${SELECTORS.pane(ticketId)} ${SELECTORS.card(ticketId)}`);
  const email = card && linkValue(card, 'mailto');
  if (!card || !email) return []; // still "Loading requester…"
  const requester = cleanRequester({
    email,
    name: textOf(card, SELECTORS.name),
    helpdeskId: card.querySelector(SELECTORS.requesterId)?.getAttribute('data-requester-id') ?? undefined,
  });
  return [reading(requester, 'page', 'pane', card)];
}

export const demoDesk = define({
  id: 'demo-desk',
  name: 'Leeway demo desk',
  matches: [],
  ticketPath: (id) => `/demo/desk/tickets/${id}`,
  detect(url, doc) {
    return !!demoDesk.ticketIdFromUrl(url) && !!doc.querySelector(SELECTORS.desk);
  },
  ticketIdFromUrl(url) {
    return TICKET_PATH.exec(url.pathname)?.[1] ?? null;
  },
  readPage,
  readMessages(ticketId) {
    return [...document.querySelectorAll(`${SELECTORS.pane(ticketId)} ${SELECTORS.messages}`)]
      .map((p) => ({
        text: p.textContent?.trim() ?? '',
        at: p.closest('article')?.querySelector('time')?.getAttribute('datetime') ?? undefined,
      }))
      .filter((m) => m.text)
      .slice(-20);
  },
  explainMiss(ticketId) {
    const pane = document.querySelector(SELECTORS.pane(ticketId));
    if (!pane) return { kind: 'other-ticket', detail: `the demo desk does not show ticket ${ticketId} (yet)` };
    if (!pane.querySelector(SELECTORS.card(ticketId))) return { kind: 'no-match', detail: `the demo desk has no ticket ${ticketId}` };
    return { kind: 'no-match', detail: `the requester card of ticket ${ticketId} has not loaded (yet)` };
  },
});
