/**
 * The content script's whole job on a helpdesk page: which ticket is on screen and who its
 * requester provably is (through the adapter's reading rule, createRequesterWatcher), and the
 * customer's messages for the sentiment trend. It holds no panel state and takes no action: the
 * panel page does both, out of the page's reach.
 *
 * Every change is published synchronously, in the task that saw it: a ticket switch reaches
 * `onView` before the browser paints the new ticket, so the frame can be hidden in time.
 * `seq` grows only when what the panel shows could become wrong (another ticket, or another
 * requester on the same ticket); the frame stays hidden until the panel says it renders that seq.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { HelpdeskAdapter } from '../../adapters/types';
import { createRequesterWatcher, type RequesterWatch } from '../../adapters/watch-requester';
import type { ReaderView } from '../../lib/messages';

export interface TicketTracking {
  /** Each view as it changes; `watch` is the watcher's latest word on it (null on a ticket change). */
  view(view: ReaderView, watch: RequesterWatch | null): void;
  /** The customer's messages on this ticket, when they change (only once a requester is read). */
  messages(key: string, messages: { text: string; at?: string }[]): void;
}

const MESSAGES_EVERY_MS = 5000;

export function trackTickets(adapter: HelpdeskAdapter, ctx: ContentScriptContext, on: TicketTracking) {
  const watcher = createRequesterWatcher(adapter);
  let seq = 0;
  let current: ReaderView = { seq, ticket: null };
  let reading: AbortController | null = null;
  let sentMessages = '';

  const publish = (view: ReaderView, watch: RequesterWatch | null) => {
    current = view;
    on.view(view, watch);
  };

  function sync(url: URL) {
    const ticketId = adapter.ticketIdFromUrl(url);
    const key = ticketId ? `${adapter.id}:${ticketId}` : null;
    if (key === (current.ticket?.key ?? null)) return;
    reading?.abort();
    reading = null;
    sentMessages = '';
    if (!key || !ticketId) return publish({ seq: ++seq, ticket: null }, null);
    const ticket = { key, id: ticketId };
    publish({ seq: ++seq, ticket, reading: { state: 'reading' } }, null);

    const controller = new AbortController();
    reading = controller;
    ctx.signal.addEventListener('abort', () => controller.abort(), { once: true });
    watcher.watch(ticketId, controller.signal, (w) => {
      if (controller.signal.aborted || current.ticket?.key !== key) return;
      const before = current.ticket ? current.reading : null;
      if (w.state === 'reading') return publish({ seq: current.seq, ticket, reading: { state: 'reading', why: w.why } }, w);
      if (w.state === 'failed') return publish({ seq: current.seq, ticket, reading: { state: 'failed', reason: w.reason } }, w);
      const { requester, missing } = w.reading;
      // Another requester on the same ticket (the card re-rendered with a different value): what the
      // panel shows now belongs to the previous one, so this is a new view the frame must wait for.
      const changed = before?.state === 'read' && JSON.stringify(before.requester) !== JSON.stringify(requester);
      if (changed) sentMessages = '';
      publish({ seq: changed ? ++seq : current.seq, ticket, reading: { state: 'read', requester, missing } }, w);
      sendMessages();
    });
  }

  // The customer's messages, for the sentiment trend: sent once a requester is read and whenever they change.
  function sendMessages() {
    if (!adapter.readMessages || !current.ticket || current.reading.state !== 'read') return;
    const messages = adapter.readMessages(current.ticket.id, current.reading.requester);
    const fingerprint = messages.map((m) => m.text).join('\u0000');
    if (!messages.length || fingerprint === sentMessages) return;
    sentMessages = fingerprint;
    on.messages(current.ticket.key, messages);
  }
  ctx.setInterval(sendMessages, MESSAGES_EVERY_MS);

  ctx.addEventListener(window, 'wxt:locationchange', (e) => sync(e.newUrl));
  // Back/forward and hash changes in browsers without the Navigation API.
  ctx.addEventListener(window, 'popstate', () => sync(new URL(location.href)));
  ctx.addEventListener(window, 'hashchange', () => sync(new URL(location.href)));
  sync(new URL(location.href));

  return {
    /** The view as it stands, e.g. to say it again to a restarted background. */
    current: () => current,
    /** Sends the messages again (the background asks after it restarted). */
    resendMessages() {
      sentMessages = '';
      sendMessages();
    },
  };
}
