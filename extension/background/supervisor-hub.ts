/**
 * The supervisor's side: relays requests and decisions between the side panel and the
 * server, and raises a desktop notification for each new request, side panel open or not.
 */
import { browser, type Browser } from 'wxt/browser';
import { isError, type Response } from '../../shared/events';
import type { SessionUser } from '../../shared/schemas/auth';
import type { ExceptionView } from '../../shared/schemas/exceptions';
import { formatMoney } from '../../shared/describe-event';
import {
  SIDEPANEL_PORT,
  type BackgroundToSidePanel,
  type ConnectionStatus,
  type SidePanelReply,
  type SidePanelToBackground,
} from '../lib/messages';
import { isExtensionPage } from './sender';
import type { LeewaySocket } from './socket';

const TIMEOUT_MS = 8000;
/** The one page that may open the side panel port (also opened as a tab from a notification). */
export const SIDEPANEL_PAGE = 'sidepanel.html';

export function createSupervisorHub(getSocket: () => LeewaySocket | null) {
  const ports = new Set<Browser.runtime.Port>();
  let status: ConnectionStatus = { state: 'connecting' };
  let user: SessionUser | null = null;
  const broadcast = (msg: BackgroundToSidePanel) => ports.forEach((p) => p.postMessage(msg));

  async function ask(msg: SidePanelToBackground): Promise<Response<SidePanelReply>> {
    const socket = getSocket();
    if (!socket?.connected) return { error: 'Offline: not sent' };
    const s = socket.timeout(TIMEOUT_MS);
    switch (msg.type) {
      case 'duty':
        return s.emitWithAck('duty:set', { onDuty: msg.onDuty });
      case 'pending':
        return s.emitWithAck('exception:pending', {});
      case 'decide':
        return s.emitWithAck('exception:decide', msg.body);
      case 'board':
        return s.emitWithAck('exception:board', {});
    }
  }

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
    port.onMessage.addListener(async (msg: SidePanelToBackground) => {
      const res: Response<SidePanelReply> = await ask(msg).catch(() => ({ error: 'The server did not answer in time' }));
      port.postMessage(
        (isError(res)
          ? { type: 'reply', id: msg.id, ok: false, error: res.error }
          : { type: 'reply', id: msg.id, ok: true, data: res.data }) satisfies BackgroundToSidePanel,
      );
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
