import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { refreshAdapters, syncRegistrations } from '../background/declarative-adapters';
import { createOutbox } from '../background/outbox';
import { createPanelSessions } from '../background/panel-sessions';
import { connectSocket, type LeewaySocket } from '../background/socket';
import { createSupervisorHub } from '../background/supervisor-hub';
import type { PageToBackground, ToContentScript } from '../lib/messages';
import { serverUrlItem, sessionItem } from '../lib/storage';

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
    const s = connectSocket(serverUrl, session.token);
    socket = s;
    setStatus({ state: 'connecting' }, user);
    s.on('connect', () => {
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
      if (/token|auth/i.test(err.message)) {
        // A token the server refuses will not get better by retrying: ask the user to sign in again.
        s.disconnect();
        void sessionItem.setValue(null);
        return;
      }
      setStatus({ state: 'offline', reason: err.message }, user);
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
  sessionItem.watch(() => void connect());
  serverUrlItem.watch(() => void connect());
  void connect();

  // Options page: "refresh the list" and "an origin was just allowed, register there".
  browser.runtime.onMessage.addListener((msg: PageToBackground) => {
    if (msg.type === 'adapters-refresh') return refreshAdapters();
    if (msg.type === 'adapters-sync') return syncRegistrations();
    return undefined;
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
