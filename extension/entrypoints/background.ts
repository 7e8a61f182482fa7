import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { refreshAdapters } from '../background/declarative-adapters';
import { connectionItem, openOptionsOnInstall } from '../background/launcher';
import { createOutbox, outboxView } from '../background/outbox';
import { createPanelSessions } from '../background/panel-sessions';
import { refreshHosts, saveHelpdeskHosts, syncRegistrations } from '../background/pinned-hosts';
import { requestListener } from '../background/requests';
import { accessToken, apiServer, isExpiredMessage, pageAccessToken, scheduleRefresh, signIn, signOut } from '../background/session';
import { connectSocket, type LeewaySocket } from '../background/socket';
import { createSupervisorHub } from '../background/supervisor-hub';
import type { ToContentScript } from '../lib/messages';
import { clearSignIn, prepareSignInStorage } from '../background/session-store';
import { accountItem, authItem, helpdeskHostsItem, serverUrlItem, type OutboxAuthor } from '../lib/storage';
import { HANDSHAKE_RETRY } from '@shared/socket-reply';

export default defineBackground(() => {
  // First run: the options page opens by itself, prefilled with the server this build was made for.
  openOptionsOnInstall();
  // Tokens out of local storage (an older version's), session storage closed to content scripts,
  // and a browser restart noticed, before anything reads a token or answers a page.
  const ready = prepareSignInStorage().catch((e: unknown) => console.error('Leeway: preparing sign-in storage failed', e));
  let socket: LeewaySocket | null = null;
  /** Who the socket signs in as; kept after a sign-out, so a record finished then is still its author's. */
  let author: OutboxAuthor | null = null;
  const outbox = createOutbox(
    () => socket,
    () => author,
    {
      changed: (entries) => panels.outboxChanged(outboxView(entries, author)),
      logged: (body, receipt) => panels.relayLogged(body, receipt),
    },
  );
  const panels = createPanelSessions(() => socket, outbox);
  const supervisor = createSupervisorHub(() => socket);
  const setStatus = (status: Parameters<typeof panels.setStatus>[0], user: Parameters<typeof supervisor.setStatus>[1]) => {
    panels.setStatus(status);
    supervisor.setStatus(status, user);
    // For the popup and the options page, which hold no port to the background.
    void connectionItem.setValue(status).catch(() => {});
  };

  let connects = 0;
  async function connect() {
    socket?.removeAllListeners();
    socket?.disconnect();
    socket = null;
    const mine = ++connects;
    await ready;
    // The session's server, not the address in local storage (session.ts apiServer): the handshake carries its token.
    const [serverUrl, account] = await Promise.all([apiServer(), accountItem.getValue()]);
    // A newer connect (sign-in and server URL change together) started meanwhile: it alone makes the socket.
    if (mine !== connects) return;
    // Signed out, the panel still runs on the last tenant's hosts, to say so; the next sign-in fetches the list afresh.
    if (!account) return setStatus({ state: 'signed-out' }, null);
    const user = account.user;
    // Before the socket exists: what it sends and what panels show of the outbox are this user's.
    author = { userId: user.id, tenantId: user.tenantId, name: user.name };
    void outbox.announce();
    // Asked on every (re)connect: the handshake always carries a current token.
    const s = connectSocket(serverUrl, () => accessToken());
    socket = s;
    let renewals = 0;
    setStatus({ state: 'connecting' }, user);
    s.on('connect', () => {
      renewals = 0;
      setStatus({ state: 'online' }, user);
      void outbox.flush();
      // The tenant's pinned hosts and declarative adapters, fresh after each sign-in and reconnect.
      void refreshHosts().catch(() => {});
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
    s.on('customer:event', (payload) => panels.relayCustomerEvent(payload));
    s.on('customer:signals', (payload) => panels.relayEvent({ type: 'signals', key: null, ...payload }));
    s.on('offer:recommendations', (offers) => panels.relayRecommendations(offers));
    s.on('exception:raised', (exception) => supervisor.raised(exception));
    s.on('exception:updated', (exception) => {
      panels.relayException(exception);
      supervisor.updated(exception);
    });
  }

  // Announce what is waiting from an earlier run (records survive browser restarts).
  void outbox.announce();
  // A renewed token keeps the socket (it is asked for a token on each reconnect); a new sign-in or a sign-out replaces it.
  authItem.watch(() => scheduleRefresh());
  accountItem.watch((next, prev) => {
    if (next && prev && next.user.id === prev.user.id && next.sid === prev.sid) return;
    // Another tenant's hosts must not run for this user while the new list is fetched.
    void syncRegistrations().catch(() => {});
    void connect();
  });
  // The admin changed the list (here, or fetched on reconnect): register on exactly those hosts.
  helpdeskHostsItem.watch(() => void syncRegistrations().catch(() => {}));
  void ready.then(scheduleRefresh);
  serverUrlItem.watch(() => void connect());
  void connect();

  // Extension pages' one-off requests (tokens, sign-in and out, hosts, adapters): each only from
  // the pages that need it, by the browser's word on the sender (background/requests.ts).
  // Only the background holds the tokens; a content script can never obtain one.
  browser.runtime.onMessage.addListener(
    requestListener(
      {
        accessToken: pageAccessToken,
        signIn,
        signOut,
        refreshAdapters,
        refreshHosts,
        syncRegistrations,
        saveHosts: saveHelpdeskHosts,
        customerShown: (tabId) => panels.customerShown(tabId),
      },
      ready,
    ),
  );
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
