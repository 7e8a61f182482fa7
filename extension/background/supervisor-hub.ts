/**
 * The supervisor's side: relays requests and decisions between the side panel and the
 * server, and raises a desktop notification for each new request, side panel open or not.
 */
import { browser, type Browser } from 'wxt/browser';
import type { SessionUser } from '@shared/schemas/auth';
import type { ExceptionView } from '@shared/schemas/exceptions';
import { formatMoney } from '@shared/describe-event';
import { answerCall, isCall, type Handlers } from '../lib/channel';
import {
  SIDEPANEL_PORT,
  type BackgroundToSidePanel,
  type ConnectionStatus,
  type SidePanelCalls,
  type SidePanelToBackground,
} from '../lib/messages';
import { isExtensionPage } from './sender';
import { CALL_TIMEOUT_MS, type LeewaySocket, timedCalls } from './socket';

/** The one page that may open the side panel port (also opened as a tab from a notification). */
export const SIDEPANEL_PAGE = 'sidepanel.html';

export function createSupervisorHub(getSocket: () => LeewaySocket | null) {
  const ports = new Set<Browser.runtime.Port>();
  let status: ConnectionStatus = { state: 'connecting' };
  let user: SessionUser | null = null;
  const broadcast = (msg: BackgroundToSidePanel) => ports.forEach((p) => p.postMessage(msg));

  /** The side panel's calls, as the contract has them: relayed to the server as they are. */
  const server = () => {
    const socket = getSocket();
    return socket?.connected ? timedCalls(socket, CALL_TIMEOUT_MS) : null;
  };
  const offline = { error: 'Offline: not sent' };
  const handlers: Handlers<SidePanelCalls, null> = {
    'duty:set': async (payload) => server()?.emitWithAck('duty:set', { onDuty: payload.onDuty }) ?? offline,
    'exception:pending': async () => server()?.emitWithAck('exception:pending', {}) ?? offline,
    'exception:decide': async (payload) => server()?.emitWithAck('exception:decide', payload) ?? offline,
    'exception:board': async () => server()?.emitWithAck('exception:board', {}) ?? offline,
  };

  browser.runtime.onConnect.addListener((port) => {
    if (port.name !== SIDEPANEL_PORT) return;
    // Decisions on requests, the board and duty: only the side panel page, by the browser's word.
    // A content script (or a page it was subverted by) that names this port is cut off unheard.
    if (!isExtensionPage(port.sender, SIDEPANEL_PAGE)) {
      console.warn(`Leeway: refused the side panel port from ${port.sender?.url ?? 'an unknown sender'}`);
      port.disconnect();
      return;
    }
    ports.add(port);
    port.postMessage({ type: 'status', status, user } satisfies BackgroundToSidePanel);
    port.onMessage.addListener((msg: SidePanelToBackground) => {
      if (isCall(msg)) answerCall(handlers, msg, null, (reply) => port.postMessage(reply satisfies BackgroundToSidePanel));
    });
    port.onDisconnect.addListener(() => ports.delete(port));
  });

  browser.notifications?.onClicked.addListener(() => void browser.tabs.create({ url: browser.runtime.getURL(`/${SIDEPANEL_PAGE}`) }));

  return {
    setStatus(next: ConnectionStatus, who: SessionUser | null) {
      status = next;
      user = who;
      broadcast({ type: 'status', status, user });
    },
    raised(exception: ExceptionView) {
      broadcast({ type: 'raised', exception });
      void browser.notifications?.create(`exception:${exception.id}`, {
        type: 'basic',
        iconUrl: browser.runtime.getURL('/icon/128.png'),
        title: `${exception.levelName} approval: ${exception.actionLabel} ${formatMoney(exception.amountCents, exception.currency)}`,
        message: `${exception.agent.name} for ${exception.customer.name}: ${exception.note}`,
        requireInteraction: true,
      });
    },
    updated(exception: ExceptionView) {
      broadcast({ type: 'updated', exception });
      if (exception.status !== 'pending') void browser.notifications?.clear(`exception:${exception.id}`);
    },
  };
}
