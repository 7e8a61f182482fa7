/**
 * A tab's interaction on the server: opened from the reader's report of the page (the requester
 * it provably shows), closed when the page moves on, opened afresh on request or reconnect. Each
 * opening is one OpenTicket object; an answer lands only if its object is still the tab's.
 */
import { isError } from '@shared/socket-reply';
import type { Payload, Reply } from '../lib/channel';
import type { ReaderView } from '../lib/messages';
import type { LeewaySocket } from './socket';
import { CALL_TIMEOUT_MS, toPanel, type OpenAnswer, type OpenTicket, type OpenView, type TabSession } from './tab-session';

export interface InteractionDeps {
  getSocket(): LeewaySocket | null;
  /** Whether `s` is still its tab's session (a reloaded content script replaces it). */
  current(s: TabSession): boolean;
  /** The popup's summary changed. */
  changed(s: TabSession): void;
}

const opening = (view: OpenView, answer: OpenAnswer | null = null): OpenTicket => ({
  ...view,
  interactionId: null,
  customerId: null,
  answer,
});

/** Closes an interaction the server opened; nobody waits for the answer. */
const closeOnServer = (socket: LeewaySocket, interactionId: string) => socket.emit('interaction:close', { interactionId }, () => {});

/** How long an opening's answer is still listened for after the panel gave up on it, to close what it opened. */
const LATE_ANSWER_MS = 60_000;

/**
 * interaction:open, answered within CALL_TIMEOUT_MS or given up on (rejects, as at once when the
 * connection drops: the server closes what it opened then). The server may still open it after the
 * timeout (it waits for a phone platform's word, a database is slow): an opening answered late is
 * closed at once, since no panel shows it and Try again opens another.
 */
function openOnServer(socket: LeewaySocket, payload: Payload<'interaction:open'>): Promise<Reply<'interaction:open'>> {
  return new Promise((resolve, reject) => {
    let gaveUp = false;
    const timer = setTimeout(() => {
      gaveUp = true;
      reject(new Error('The server did not answer in time'));
    }, CALL_TIMEOUT_MS);
    // timeout() in the emit's own expression (socket.ts says why): its error is no answer in that time, or the connection gone.
    socket.timeout(LATE_ANSWER_MS).emit('interaction:open', payload, (err, res) => {
      if (!gaveUp) {
        gaveUp = true;
        clearTimeout(timer);
        return err ? reject(err) : resolve(res);
      }
      if (!err && !isError(res)) closeOnServer(socket, res.data.interactionId);
    });
  });
}

export function createInteractions({ getSocket, current, changed }: InteractionDeps) {
  function close(s: TabSession) {
    const socket = getSocket();
    const o = s.open;
    if (!o) return;
    if (o.interactionId && socket?.connected) closeOnServer(socket, o.interactionId);
    o.interactionId = null;
    o.customerId = null;
  }

  async function open(s: TabSession) {
    const socket = getSocket();
    const o = s.open;
    if (!o || !socket?.connected) return; // sent again on (re)connect
    const { key, helpdesk, instance, ticketId, requester, pop } = o;
    // Not a literal at the call: the instance rides along while shared/events.ts catches up (contract 15).
    const payload = { helpdesk, instance, ticketId, requester, ...(pop ? { pop } : {}) };
    const answer = (msg: OpenAnswer) => {
      o.answer = msg;
      toPanel(s, msg);
      changed(s);
    };
    let opened = () => {};
    const opening = new Promise<void>((resolve) => (opened = resolve));
    o.opening = opening;
    try {
      const res = await openOnServer(socket, payload);
      if (s.open !== o || !current(s)) {
        // The agent moved on (another ticket or another requester) while we waited: this answer belongs to no panel.
        if (!isError(res)) closeOnServer(socket, res.data.interactionId);
        return;
      }
      if (isError(res)) return answer({ type: 'failed', key, message: res.error, retry: res.retry === true || res.status === 429 });
      o.interactionId = res.data.interactionId;
      o.customerId = res.data.status === 'known' ? res.data.context.customer.id : null;
      // The ticket's request, raised before a switch or a reload: its updates and its withdrawal belong to this tab again.
      const standing = res.data.status === 'known' ? res.data.standing?.exception : null;
      if (standing) s.exceptions.set(standing.id, key);
      answer({ type: 'opened', key, result: res.data });
      if (s.messages?.key === key) void messages(s);
    } catch {
      if (s.open === o && socket.connected) answer({ type: 'failed', key, message: 'The server did not answer in time', retry: true });
    } finally {
      if (o.opening === opening) o.opening = null;
      opened();
    }
  }

  /** The customer's messages on the ticket, scored on the server: this ticket's signals back to its panel. */
  async function messages(s: TabSession) {
    const socket = getSocket();
    const m = s.messages;
    const o = s.open;
    if (!m || !o || !socket?.connected || !o.interactionId || !o.customerId || o.key !== m.key) return;
    const customerId = o.customerId;
    const res = await socket
      .timeout(CALL_TIMEOUT_MS)
      .emitWithAck('interaction:messages', { interactionId: o.interactionId, messages: m.messages })
      .catch(() => null);
    if (res && !isError(res) && o.customerId === customerId) toPanel(s, { type: 'signals', key: m.key, customerId, signals: res.data });
  }

  /** The reader says what the page shows now. */
  function onView(s: TabSession, next: ReaderView) {
    s.readerView = next;
    toPanel(s, { type: 'view', view: next });
    const reading = next.ticket ? next.reading : null;
    const wanted: OpenView | null =
      next.ticket && reading?.state === 'read' && s.helpdesk
        ? {
            key: next.ticket.key,
            helpdesk: s.helpdesk,
            instance: s.instance,
            ticketId: next.ticket.id,
            requester: reading.requester,
            ...(next.ticket.pop ? { pop: next.ticket.pop } : {}),
          }
        : null;
    const o = s.open;
    const same = wanted && o && wanted.key === o.key && JSON.stringify(wanted.requester) === JSON.stringify(o.requester);
    if (!same) {
      close(s);
      s.open = wanted && opening(wanted);
      if (wanted) void open(s);
    }
    changed(s);
  }

  /** The panel wants the context afresh (a decided request may have recorded a grant): open again. */
  function refresh(s: TabSession, key: string) {
    const o = s.open;
    if (!o || o.key !== key) return;
    close(s);
    // A new opening: the answer to the previous one, if still on its way, lands nowhere. What was shown stays until then.
    s.open = opening(o, o.answer);
    void open(s);
  }

  return { open, close, messages, onView, refresh };
}
