/**
 * The panel's calls, answered for the tab whose paired panel made them: only for the ticket on
 * screen and the customer its interaction was opened for, with the interaction and instance the
 * background knows (never what the message says). Each reply is the server's, or why it was not asked.
 *
 * Every call first waits while its ticket's interaction is being opened (again, after a reconnect
 * or a refresh): a click in that moment is answered once the interaction is open, instead of being
 * refused for it or recorded without it.
 */
import { isError } from '@shared/socket-reply';
import type { ResolutionBody } from '@shared/schemas/resolutions';
import type { Handlers } from '../lib/channel';
import type { PanelCalls, PanelToBackground } from '../lib/messages';
import { type LeewaySocket, timedCalls } from './socket';
import { CALL_TIMEOUT_MS, customerOf, type TabSession } from './tab-session';

export type PanelHandlers = Handlers<PanelCalls, TabSession>;

export function createPanelCalls(getSocket: () => LeewaySocket | null, outbox: { add(body: ResolutionBody): Promise<void> }) {
  /** The socket when connected, with the panel's timeout (taken at the emit: socket.ts). */
  const server = () => {
    const socket = getSocket();
    return socket?.connected ? timedCalls(socket, CALL_TIMEOUT_MS) : null;
  };

  const calls: PanelHandlers = {
    async 'grant:record'({ key, body }, s) {
      if (customerOf(s, key) !== body.customerId) return { error: 'This ticket’s customer changed: nothing was recorded.' };
      const socket = server();
      if (!socket) return { error: 'Offline: the grant was not recorded. Try again when the panel is live.' };
      return socket
        .emitWithAck('grant:record', { ...body, interactionId: s.open?.interactionId ?? undefined })
        .catch(() => ({ error: 'The server did not answer in time; the grant may not be recorded.' }));
    },

    async 'customer:reveal'({ key, body }, s) {
      const socket = server();
      // Not this ticket's customer, or offline: unanswered, the contact field stays masked.
      if (!socket || customerOf(s, key) !== body.customerId) return undefined;
      return socket
        .emitWithAck('customer:reveal', { customerId: body.customerId, field: body.field })
        .catch(() => ({ error: 'No answer from the server: try again' }));
    },

    async 'resolution:draft'({ key }, s) {
      const view = s.open;
      if (!view || view.key !== key) return undefined;
      const socket = server();
      if (!socket) return { error: 'Offline: fill the record in; it will be sent when the server answers.' };
      return socket
        .emitWithAck('resolution:draft', { helpdesk: view.helpdesk, instance: view.instance, ticketId: view.ticketId })
        .catch(() => ({ error: 'The server did not answer in time.' }));
    },

    async 'customer:search'({ key, body }, s) {
      // Answered even when refused: the panel's search waits on this reply.
      if (s.open?.key !== key) return { error: 'This ticket changed: search again.' };
      const socket = server();
      if (!socket) return { error: 'Offline: search again when the panel is live.' };
      return socket
        .emitWithAck('customer:search', { query: body.query })
        .catch(() => ({ error: 'The server did not answer in time: search again.' }));
    },

    async 'customer:link'({ key, body }, s) {
      const o = s.open;
      // The requester is the one this ticket was opened with, as the reader proved it, never what the panel says.
      if (!o || o.key !== key || s.readerView.ticket?.key !== key || !o.interactionId)
        return { error: 'This ticket changed or is still opening: nothing was linked. Try again.' };
      if (o.customerId) return { error: 'This ticket already shows a customer: nothing was linked.' };
      const socket = server();
      if (!socket) return { error: 'Offline: nothing was linked. Try again when the panel is live.' };
      return socket
        .emitWithAck('customer:link', { interactionId: o.interactionId, customerId: body.customerId })
        .catch(() => ({ error: 'The server did not answer in time; reopen the ticket to see whether the link was made.' }));
    },

    async 'offer:recommend'({ key }, s) {
      // Only for the ticket on screen, once its interaction found a customer.
      const interactionId = customerOf(s, key) ? s.open?.interactionId : null;
      const socket = server();
      if (!socket) return { error: 'Offline: suggestions come back when the panel is live.' };
      if (!interactionId) return { error: 'This ticket changed or shows no customer yet.' };
      return socket.emitWithAck('offer:recommend', { interactionId }).catch(() => ({ error: 'The server did not answer in time.' }));
    },

    async 'offer:outcome'({ key, body }, s) {
      const interactionId = customerOf(s, key) ? s.open?.interactionId : null;
      if (!interactionId) return { error: 'This ticket’s customer changed: nothing was recorded.' };
      const socket = server();
      if (!socket) return { error: 'Offline: nothing was recorded. Try again when the panel is live.' };
      return socket
        .emitWithAck('offer:outcome', { interactionId, offerId: body.offerId, accepted: body.accepted })
        .catch(() => ({ error: 'The server did not answer in time; the answer may not be recorded.' }));
    },

    async 'exception:request'({ key, body }, s) {
      if (customerOf(s, key) !== body.customerId) return { error: 'This ticket’s customer changed: nothing was sent.' };
      const socket = server();
      if (!socket) return { error: 'Offline: nothing was sent. Try again when the panel is live.' };
      const res = await socket
        .emitWithAck('exception:request', { ...body, interactionId: s.open?.interactionId ?? undefined })
        .catch(() => ({ error: 'The server did not answer in time.' }));
      // Its updates come back to this panel, for this ticket.
      if (!isError(res)) s.exceptions.set(res.data.id, key);
      return res;
    },

    async 'exception:withdraw'({ key, body }, s) {
      if (s.exceptions.get(body.exceptionId) !== key) return { error: 'That request was not raised from this ticket.' };
      const socket = server();
      if (!socket) return { error: 'Offline: nothing was sent. Try again when the panel is live.' };
      const res = await socket
        .emitWithAck('exception:withdraw', { exceptionId: body.exceptionId })
        .catch(() => ({ error: 'The server did not answer in time.' }));
      if (!isError(res)) s.exceptions.set(res.data.id, key);
      return res;
    },
  };

  /** While the socket is up and `key`'s interaction is being opened: until it has been (at most the call timeout). */
  async function opened(s: TabSession, key: string) {
    const o = s.open;
    if (o?.key === key && !o.interactionId && o.opening && getSocket()?.connected) await o.opening;
  }
  const handlers = Object.fromEntries(
    Object.entries(calls).map(([name, call]) => [
      name,
      async (payload: { key: string }, s: TabSession) => {
        await opened(s, payload.key);
        return (call as (p: typeof payload, s: TabSession) => Promise<unknown>)(payload, s);
      },
    ]),
  ) as unknown as PanelHandlers;

  /** A resolution record for the ticket the page shows, into the outbox (which sends it until acknowledged). */
  function resolve(s: TabSession, { key, body }: Extract<PanelToBackground, { type: 'resolve' }>) {
    const ticket = s.readerView.ticket;
    // The ticket and helpdesk are the page's, as the reader saw them; the instance is its host.
    if (!ticket || ticket.key !== key || !s.helpdesk) return;
    const customerId = s.open?.key === key ? (s.open.customerId ?? undefined) : undefined;
    const record = {
      ...body,
      helpdesk: s.helpdesk,
      ticketId: ticket.id,
      customerId,
      instance: s.instance,
      interactionId: s.open?.interactionId ?? undefined,
      // A call's record says so: the reader's word on the page, not the panel's.
      ...(ticket.call ? { channel: ticket.call.channel } : {}),
    };
    // The background writes it to the outbox before anything else: from here on it cannot be lost.
    void outbox.add(record);
  }

  return { handlers, resolve };
}
