import { defineBackground } from 'wxt/utils/define-background';
import { createPanelSessions } from '../background/panel-sessions';
import { connectSocket, type LeewaySocket } from '../background/socket';
import { serverUrlItem, sessionItem } from '../lib/storage';

export default defineBackground(() => {
  let socket: LeewaySocket | null = null;
  const panels = createPanelSessions(() => socket);

  async function connect() {
    socket?.removeAllListeners();
    socket?.disconnect();
    socket = null;
    const [serverUrl, session] = await Promise.all([serverUrlItem.getValue(), sessionItem.getValue()]);
    if (!session) return panels.setStatus({ state: 'signed-out' });
    const s = connectSocket(serverUrl, session.token);
    socket = s;
    panels.setStatus({ state: 'connecting' });
    s.on('connect', () => panels.setStatus({ state: 'online' }));
    s.on('disconnect', (reason) => {
      panels.setStatus({ state: 'offline', reason });
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
      panels.setStatus({ state: 'offline', reason: err.message });
    });
    s.on('customer:event', (payload) => panels.relayEvent({ type: 'event', ...payload }));
  }

  sessionItem.watch(() => void connect());
  serverUrlItem.watch(() => void connect());
  void connect();
});
