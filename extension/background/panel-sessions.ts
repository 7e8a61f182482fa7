/**
 * The background's view of every open panel: which ticket each tab shows and which
 * interaction the server opened for it. It owns the one socket and relays to tabs.
 */
import { browser, type Browser } from 'wxt/browser';
import { isError } from '../../shared/events';
import type { BackgroundToPanel, ConnectionStatus, PanelToBackground } from '../lib/messages';
import { PANEL_PORT } from '../lib/messages';
import type { LeewaySocket } from './socket';

type View = Extract<PanelToBackground, { type: 'view' }>;
interface PanelSession {
  port: Browser.runtime.Port;
  view: View | null;
  interactionId: string | null;
  customerId: string | null;
}

const OPEN_TIMEOUT_MS = 8000;

export function createPanelSessions(getSocket: () => LeewaySocket | null) {
  const sessions = new Set<PanelSession>();
  let status: ConnectionStatus = { state: 'connecting' };

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

  browser.runtime.onConnect.addListener((port) => {
    if (port.name !== PANEL_PORT) return;
    const s: PanelSession = { port, view: null, interactionId: null, customerId: null };
    sessions.add(s);
    post(s, { type: 'status', status });
    port.onMessage.addListener((msg: PanelToBackground) => {
      if (msg.type === 'grant') return void grant(s, msg);
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
    relayEvent(msg: Extract<BackgroundToPanel, { type: 'event' }>) {
      for (const s of sessions) if (s.customerId === msg.customerId) post(s, msg);
    },
  };
}
