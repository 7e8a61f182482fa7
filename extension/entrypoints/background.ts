import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { refreshAdapters, syncRegistrations } from '../background/declarative-adapters';
import { createOutbox } from '../background/outbox';
import { createPanelSessions } from '../background/panel-sessions';
import { accessToken, isExpiredMessage, scheduleRefresh, signOut } from '../background/session';
import { connectSocket, type LeewaySocket } from '../background/socket';
import { createSupervisorHub } from '../background/supervisor-hub';
import type { PageToBackground, ToContentScript } from '../lib/messages';
import { clearSignIn } from '../lib/session-store';
import { serverUrlItem, sessionItem } from '../lib/storage';
import { HANDSHAKE_RETRY } from '../../shared/events';

export default defineBackground(() => {
  let socket: LeewaySocket | null = null;
  const outbox = createOutbox(() => socket, {
    changed: (entries) =>
      panels.broadcast({
        type: 'outbox',
        waiting: entries.filter((e) => !e.error).length,
        refused: entries.filter((e) => e.error).map((e) => ({ ticketId: e.body.ticketId, message: e.error! })),
      }),
    logged: (body, receipt) => panels.broadcast({ type: 'logged', ticketId: body.ticketId, receipt }),
  });
  const panels = createPanelSessions(() => socket, outbox);
  const supervisor = createSupervisorHub(() => socket);
  const setStatus = (status: Parameters<typeof panels.setStatus>[0], user: Parameters<typeof supervisor.setStatus>[1]) => {
    panels.setStatus(status);
    supervisor.setStatus(status, user);
  };

  async function connect() {
    socket?.removeAllListeners();
    socket?.disconnect();
    socket = null;
    const [serverUrl, session] = await Promise.all([serverUrlItem.getValue(), sessionItem.getValue()]);
    if (!session) return setStatus({ state: 'signed-out' }, null);
    const user = session.user;
    // Asked on every (re)connect: the handshake always carries a current token.
    const s = connectSocket(serverUrl, () => accessToken());
    socket = s;
    let renewals = 0;
    setStatus({ state: 'connecting' }, user);
    s.on('connect', () => {
      renewals = 0;
      setStatus({ state: 'online' }, user);
      void outbox.flush();
      // The tenant's declarative adapters, fresh after each sign-in and reconnect.
      void refreshAdapters().catch(() => {});
    });
    s.on('disconnect', (reason) => {
      setStatus({ state: 'offline', reason }, user);
      // The server closed us on purpose (e.g. signed out elsewhere): socket.io will not retry by itself.
      if (reason === 'io server disconnect') setTimeout(() => s === socket && s.connect(), 1000);
    });
    s.on('connect_error', (err) => {
      // socket.io does not retry a refused handshake by itself: renew the token and connect again.
      // A few times in a row at once, then every 30 s (the server may be unreachable for refreshes).
      if (isExpiredMessage(err.message)) {
        setStatus({ state: 'offline', reason: err.message }, user);
        const retry = () => void accessToken({ force: true }).then((token) => token && s === socket && s.connect());
        if (renewals++ < 3) retry();
        else setTimeout(retry, 30_000);
        return;
      }
      if (/sign in again|sign-in required|deactivated/i.test(err.message)) {
        // Signed out, ended or refused: retrying will not help. Show the signed-out state and why.
        s.disconnect();
        void clearSignIn(err.message);
        return;
      }
      setStatus({ state: 'offline', reason: err.message }, user);
      // The server could not check the sign-in (its database is failing over): socket.io will not retry a refused handshake itself.
      if (err.message.endsWith(HANDSHAKE_RETRY)) setTimeout(() => s === socket && s.connect(), 2000 + Math.random() * 3000);
    });
    s.on('customer:event', (payload) => panels.relayEvent({ type: 'event', ...payload }));
    s.on('customer:signals', (payload) => panels.relayEvent({ type: 'signals', key: null, ...payload }));
    s.on('exception:raised', (exception) => supervisor.raised(exception));
    s.on('exception:updated', (exception) => {
      panels.relayException(exception);
      supervisor.updated(exception);
    });
  }

  // Announce what is waiting from an earlier run (records survive browser restarts).
  void outbox.announce();
  // A renewed token keeps the socket (it is asked for a token on each reconnect); a new sign-in or a sign-out replaces it.
  sessionItem.watch((next, prev) => {
    scheduleRefresh();
    if (next && prev && next.user.id === prev.user.id && next.sid === prev.sid) return;
    void connect();
  });
  scheduleRefresh();
  serverUrlItem.watch(() => void connect());
  void connect();

  // Options page: "refresh the list" and "an origin was just allowed, register there".
  browser.runtime.onMessage.addListener((msg: PageToBackground) => {
    if (msg.type === 'adapters-refresh') return refreshAdapters();
    if (msg.type === 'adapters-sync') return syncRegistrations();
    return undefined;
  });
  // Extension pages (console, options) ask for a current access token and sign out through here: only the background holds the refresh token.
  browser.runtime.onMessage.addListener((msg: PageToBackground, _sender, sendResponse: (answer: unknown) => void) => {
    if (msg.type === 'access-token') void accessToken({ force: msg.force }).then(sendResponse, () => sendResponse(null));
    else if (msg.type === 'sign-out') void signOut().then(() => sendResponse(true), () => sendResponse(false));
    else return undefined;
    return true; // answered asynchronously
  });
  // Allowed or revoked from the browser's own UI too (chrome://extensions → Site access).
  browser.permissions.onAdded.addListener(() => void syncRegistrations().catch(() => {}));
  browser.permissions.onRemoved.addListener(() => void syncRegistrations().catch(() => {}));

  // The keyboard shortcut (Alt+Shift+L by default): the active tab's panel shows or hides.
  browser.commands.onCommand.addListener(async (command) => {
    if (command !== 'toggle-panel') return;
    const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
    if (tab?.id !== undefined) await browser.tabs.sendMessage(tab.id, { type: 'toggle-panel' } satisfies ToContentScript).catch(() => {});
  });
});
