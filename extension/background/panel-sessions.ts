/**
 * The background's view of every open panel: which ticket each tab shows and which
 * interaction the server opened for it. It owns the one socket and relays to tabs.
 */
import { browser, type Browser } from 'wxt/browser';
import { isError } from '../../shared/events';
import type { ExceptionView } from '../../shared/schemas/exceptions';
import type { ResolutionBody } from '../../shared/schemas/resolutions';
import type { BackgroundToPanel, ConnectionStatus, PanelToBackground } from '../lib/messages';
import { PANEL_PORT } from '../lib/messages';
import type { LeewaySocket } from './socket';

type View = Extract<PanelToBackground, { type: 'view' }>;
interface PanelSession {
  port: Browser.runtime.Port;
  view: View | null;
  interactionId: string | null;
  customerId: string | null;
  /** Requests raised from this panel: their updates come back here. */
  exceptions: Map<string, string>;
}

const OPEN_TIMEOUT_MS = 8000;

export function createPanelSessions(getSocket: () => LeewaySocket | null, outbox: { add(body: ResolutionBody): Promise<void> }) {
  const sessions = new Set<PanelSession>();
  let status: ConnectionStatus = { state: 'connecting' };
  let lastOutbox: Extract<BackgroundToPanel, { type: 'outbox' }> | null = null;

  const post = (s: PanelSession, msg: BackgroundToPanel) => {
    try {
      s.port.postMessage(msg);
    } catch {
      sessions.delete(s); // the tab went away between the event and the post
    }
  };

  function close(s: PanelSession) {
    const socket = getSocket();
    if (s.interactionId && socket?.connected) socket.emit('interaction:close', { interactionId: s.interactionId }, () => {});
    s.interactionId = null;
    s.customerId = null;
  }

  async function open(s: PanelSession) {
    const socket = getSocket();
    const view = s.view;
    if (!view || !socket?.connected) return; // sent again on (re)connect
    const { key, helpdesk, ticketId, requester } = view;
    try {
      const res = await socket.timeout(OPEN_TIMEOUT_MS).emitWithAck('interaction:open', { helpdesk, ticketId, requester });
      if (s.view?.key !== key) {
        // The agent moved on while we waited: this answer belongs to no panel.
        if (!isError(res)) socket.emit('interaction:close', { interactionId: res.data.interactionId }, () => {});
        return;
      }
      if (isError(res)) return post(s, { type: 'failed', key, message: res.error });
      s.interactionId = res.data.interactionId;
      s.customerId = res.data.status === 'known' ? res.data.context.customer.id : null;
      post(s, { type: 'opened', key, result: res.data });
    } catch {
      if (s.view?.key === key && socket.connected) post(s, { type: 'failed', key, message: 'The server did not answer in time' });
    }
  }

  async function grant(s: PanelSession, { key, body }: Extract<PanelToBackground, { type: 'grant' }>) {
    const socket = getSocket();
    if (!socket?.connected) return post(s, { type: 'grant-failed', key, message: 'Offline: the grant was not recorded. Try again when the panel is live.' });
    try {
      const res = await socket.timeout(OPEN_TIMEOUT_MS).emitWithAck('grant:record', { ...body, interactionId: s.interactionId ?? undefined });
      post(s, isError(res) ? { type: 'grant-failed', key, message: res.error } : { type: 'granted', key, outcome: res.data });
    } catch {
      post(s, { type: 'grant-failed', key, message: 'The server did not answer in time; the grant may not be recorded.' });
    }
  }

  async function messages(s: PanelSession, msg: Extract<PanelToBackground, { type: 'messages' }>) {
    const socket = getSocket();
    if (!socket?.connected || !s.interactionId || !s.customerId || s.view?.key !== msg.key) return;
    const customerId = s.customerId;
    const res = await socket.timeout(OPEN_TIMEOUT_MS).emitWithAck('interaction:messages', { interactionId: s.interactionId, messages: msg.messages }).catch(() => null);
    if (res && !isError(res)) post(s, { type: 'signals', key: msg.key, customerId, signals: res.data });
  }

  async function reveal(s: PanelSession, msg: Extract<PanelToBackground, { type: 'reveal' }>) {
    const socket = getSocket();
    if (!socket?.connected) return;
    const res = await socket.timeout(OPEN_TIMEOUT_MS).emitWithAck('customer:reveal', { customerId: msg.customerId, field: msg.field }).catch(() => null);
    if (res && !isError(res)) post(s, { type: 'revealed', key: msg.key, field: msg.field, value: res.data.value });
  }

  async function draft(s: PanelSession, key: string) {
    const socket = getSocket();
    if (!s.view || s.view.key !== key) return;
    if (!socket?.connected) return post(s, { type: 'draft-failed', key, message: 'Offline: fill the record in; it will be sent when the server answers.' });
    try {
      const res = await socket.timeout(OPEN_TIMEOUT_MS).emitWithAck('resolution:draft', { helpdesk: s.view.helpdesk, ticketId: s.view.ticketId });
      post(s, isError(res) ? { type: 'draft-failed', key, message: res.error } : { type: 'draft', key, draft: res.data });
    } catch {
      post(s, { type: 'draft-failed', key, message: 'The server did not answer in time.' });
    }
  }

  async function exception(s: PanelSession, msg: Extract<PanelToBackground, { type: 'exception-request' | 'exception-withdraw' }>) {
    const socket = getSocket();
    const fail = (message: string) => post(s, { type: 'exception-failed', key: msg.key, message });
    if (!socket?.connected) return fail('Offline: nothing was sent. Try again when the panel is live.');
    try {
      const res =
        msg.type === 'exception-request'
          ? await socket.timeout(OPEN_TIMEOUT_MS).emitWithAck('exception:request', { ...msg.body, interactionId: s.interactionId ?? undefined })
          : await socket.timeout(OPEN_TIMEOUT_MS).emitWithAck('exception:withdraw', { exceptionId: msg.exceptionId });
      if (isError(res)) return fail(res.error);
      s.exceptions.set(res.data.id, msg.key);
      post(s, { type: 'exception', key: msg.key, exception: res.data });
    } catch {
      fail('The server did not answer in time.');
    }
  }

  browser.runtime.onConnect.addListener((port) => {
    if (port.name !== PANEL_PORT) return;
    const s: PanelSession = { port, view: null, interactionId: null, customerId: null, exceptions: new Map() };
    sessions.add(s);
    post(s, { type: 'status', status });
    if (lastOutbox) post(s, lastOutbox);
    port.onMessage.addListener((msg: PanelToBackground) => {
      if (msg.type === 'grant') return void grant(s, msg);
      if (msg.type === 'exception-request' || msg.type === 'exception-withdraw') return void exception(s, msg);
      if (msg.type === 'draft') return void draft(s, msg.key);
      if (msg.type === 'messages') return void messages(s, msg);
      if (msg.type === 'reveal') return void reveal(s, msg);
      if (msg.type === 'resolve') return void outbox.add({ ...msg.body, interactionId: s.interactionId ?? undefined });
      close(s);
      s.view = msg.type === 'view' ? msg : null;
      void open(s);
    });
    port.onDisconnect.addListener(() => {
      close(s);
      sessions.delete(s);
    });
  });

  return {
    setStatus(next: ConnectionStatus) {
      status = next;
      for (const s of sessions) post(s, { type: 'status', status });
      // Interactions live on the socket: a new connection opens them all again, fresh.
      if (next.state === 'online') for (const s of sessions) void open(s);
      else for (const s of sessions) s.interactionId = null;
    },
    relayEvent(msg: Extract<BackgroundToPanel, { type: 'event' | 'signals' }>) {
      for (const s of sessions) if (s.customerId === msg.customerId) post(s, msg);
    },
    /** To every panel: the outbox changed, or a record was logged. */
    broadcast(msg: Extract<BackgroundToPanel, { type: 'outbox' | 'logged' }>) {
      lastOutbox = msg.type === 'outbox' ? msg : lastOutbox;
      for (const s of sessions) post(s, msg);
    },
    /** An update to one of this user's own requests: to the panel that raised it. */
    relayException(exception: ExceptionView) {
      for (const s of sessions) {
        const key = s.exceptions.get(exception.id);
        if (key) post(s, { type: 'exception', key, exception });
      }
    },
  };
}
