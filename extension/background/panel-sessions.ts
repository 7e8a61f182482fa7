/**
 * The background's view of every tab with a panel. Each tab has two ports:
 * - the reader (the content script in the page's top frame): which ticket the page shows and who
 *   its requester provably is. It can take no action, and nothing of the customer is sent back to
 *   it beyond the popup's summary.
 * - the panel (panel.html in the frame the content script mounted): the only place actions come
 *   from. It is paired to the tab's reader by the tab id and a nonce the content script posted into
 *   that frame alone, so another panel.html a page frames in the same tab gets nothing.
 * The interaction is opened here from the reader's report, with the instance (host) taken from the
 * reader port's sender.url, by the browser's word, never from what a message says.
 */
import { browser, type Browser } from 'wxt/browser';
import { isError } from '../../shared/events';
import type { ExceptionView } from '../../shared/schemas/exceptions';
import type { HelpdeskRef } from '../../shared/schemas/helpdesk-ref';
import type { Requester } from '../../shared/schemas/context';
import type { ResolutionBody } from '../../shared/schemas/resolutions';
import type {
  BackgroundToPanel,
  BackgroundToReader,
  ConnectionStatus,
  PanelToBackground,
  ReaderToBackground,
  ReaderView,
} from '../lib/messages';
import { PANEL_PORT, READER_PORT } from '../lib/messages';
import type { HostTheme } from '../panel/host-theme';
import { isContentScript, isExtensionPage, senderHost } from './sender';
import type { LeewaySocket } from './socket';

type Port = Browser.runtime.Port;
/** What the server is asked to open: one ticket's provable requester, on one helpdesk instance. */
interface OpenView {
  key: string;
  helpdesk: HelpdeskRef;
  instance: string;
  ticketId: string;
  requester: Requester;
}
interface TabSession {
  tabId: number;
  reader: Port;
  /** The helpdesk page's host, from the reader port's sender: the interaction's instance. */
  instance: string;
  nonce: string | null;
  helpdesk: HelpdeskRef | null;
  helpdeskName: string;
  theme: HostTheme;
  panel: Port | null;
  readerView: ReaderView;
  view: OpenView | null;
  interactionId: string | null;
  customerId: string | null;
  /** The last answer for `view`, said again to a panel that (re)pairs. */
  answer: Extract<BackgroundToPanel, { type: 'opened' | 'failed' }> | null;
  messages: { key: string; messages: { text: string; at?: string }[] } | null;
  /** Requests raised from this panel: their updates come back here. */
  exceptions: Map<string, string>;
}
type Action = Extract<PanelToBackground, { type: 'grant' | 'exception-request' | 'exception-withdraw' | 'draft' | 'reveal' | 'resolve' }>;

const OPEN_TIMEOUT_MS = 8000;
const ACTIONS = new Set<string>(['grant', 'exception-request', 'exception-withdraw', 'draft', 'reveal', 'resolve']);

export function createPanelSessions(getSocket: () => LeewaySocket | null, outbox: { add(body: ResolutionBody): Promise<void> }) {
  const tabs = new Map<number, TabSession>();
  /** Panel ports not paired yet, with the nonces they offered. */
  const waiting = new Map<Port, { tabId: number; nonces: Set<string> }>();
  let status: ConnectionStatus = { state: 'connecting' };
  let lastOutbox: Extract<BackgroundToPanel, { type: 'outbox' }> | null = null;

  const send = (port: Port | null, msg: unknown) => {
    try {
      port?.postMessage(msg);
    } catch {
      // The tab or frame went away between the event and the post; its disconnect cleans up.
    }
  };
  const post = (s: TabSession, msg: BackgroundToPanel) => send(s.panel, msg);
  const toReader = (s: TabSession, msg: BackgroundToReader) => send(s.reader, msg);

  /** For the popup, through the content script: what the panel shows, without the customer's data. */
  function summarize(s: TabSession) {
    const key = s.readerView.ticket?.key ?? null;
    const a = s.answer && s.answer.key === key ? s.answer : null;
    const reading = s.readerView.ticket ? s.readerView.reading : null;
    const phase = a
      ? a.type === 'failed'
        ? 'failed'
        : a.result.status
      : reading?.state === 'read'
        ? 'resolving'
        : (reading?.state ?? 'reading');
    toReader(s, {
      type: 'summary',
      key,
      phase,
      customerName: a?.type === 'opened' && a.result.status === 'known' ? a.result.context.customer.name : null,
      tried: a?.type === 'opened' && a.result.status === 'unknown' ? a.result.tried : [],
      failure: a?.type === 'failed' ? a.message : reading?.state === 'failed' ? reading.reason : null,
      status,
    });
  }

  function close(s: TabSession) {
    const socket = getSocket();
    if (s.interactionId && socket?.connected) socket.emit('interaction:close', { interactionId: s.interactionId }, () => {});
    s.interactionId = null;
    s.customerId = null;
  }

  async function open(s: TabSession) {
    const socket = getSocket();
    const view = s.view;
    if (!view || !socket?.connected) return; // sent again on (re)connect
    const { key, helpdesk, instance, ticketId, requester } = view;
    // Not a literal at the call: the instance rides along while shared/events.ts catches up (contract 15).
    const payload = { helpdesk, instance, ticketId, requester };
    const answer = (msg: Extract<BackgroundToPanel, { type: 'opened' | 'failed' }>) => {
      s.answer = msg;
      post(s, msg);
      summarize(s);
    };
    try {
      const res = await socket.timeout(OPEN_TIMEOUT_MS).emitWithAck('interaction:open', payload);
      if (s.view !== view || tabs.get(s.tabId) !== s) {
        // The agent moved on (another ticket or another requester) while we waited: this answer belongs to no panel.
        if (!isError(res)) socket.emit('interaction:close', { interactionId: res.data.interactionId }, () => {});
        return;
      }
      if (isError(res)) return answer({ type: 'failed', key, message: res.error });
      s.interactionId = res.data.interactionId;
      s.customerId = res.data.status === 'known' ? res.data.context.customer.id : null;
      answer({ type: 'opened', key, result: res.data });
      if (s.messages?.key === key) void messages(s);
    } catch {
      if (s.view === view && socket.connected) answer({ type: 'failed', key, message: 'The server did not answer in time' });
    }
  }

  async function messages(s: TabSession) {
    const socket = getSocket();
    const m = s.messages;
    if (!m || !socket?.connected || !s.interactionId || !s.customerId || s.view?.key !== m.key) return;
    const customerId = s.customerId;
    const res = await socket
      .timeout(OPEN_TIMEOUT_MS)
      .emitWithAck('interaction:messages', { interactionId: s.interactionId, messages: m.messages })
      .catch(() => null);
    if (res && !isError(res) && s.customerId === customerId) post(s, { type: 'signals', key: m.key, customerId, signals: res.data });
  }

  /** The reader says what the page shows now. */
  function onView(s: TabSession, next: ReaderView) {
    s.readerView = next;
    post(s, { type: 'view', view: next });
    const reading = next.ticket ? next.reading : null;
    const wanted: OpenView | null =
      next.ticket && reading?.state === 'read' && s.helpdesk
        ? { key: next.ticket.key, helpdesk: s.helpdesk, instance: s.instance, ticketId: next.ticket.id, requester: reading.requester }
        : null;
    const same = wanted && s.view && wanted.key === s.view.key && JSON.stringify(wanted.requester) === JSON.stringify(s.view.requester);
    if (!same) {
      close(s);
      s.view = wanted;
      s.answer = null;
      if (wanted) void open(s);
    }
    summarize(s);
  }

  /** The panel wants the context afresh (a decided request may have recorded a grant): open again. */
  function refresh(s: TabSession, key: string) {
    if (!s.view || s.view.key !== key) return;
    close(s);
    s.view = { ...s.view };
    void open(s);
  }

  // --- Actions: only from the paired panel page, only for the ticket and customer it was opened for.

  /** The customer this tab's interaction was opened for, when `key` is still the ticket on screen. */
  const customerOf = (s: TabSession, key: string) => (s.view?.key === key && s.readerView.ticket?.key === key ? s.customerId : null);

  async function grant(s: TabSession, { key, body }: Extract<PanelToBackground, { type: 'grant' }>) {
    const socket = getSocket();
    if (customerOf(s, key) !== body.customerId)
      return post(s, { type: 'grant-failed', key, message: 'This ticket’s customer changed: nothing was recorded.' });
    if (!socket?.connected)
      return post(s, { type: 'grant-failed', key, message: 'Offline: the grant was not recorded. Try again when the panel is live.' });
    try {
      const res = await socket
        .timeout(OPEN_TIMEOUT_MS)
        .emitWithAck('grant:record', { ...body, interactionId: s.interactionId ?? undefined });
      post(s, isError(res) ? { type: 'grant-failed', key, message: res.error } : { type: 'granted', key, outcome: res.data });
    } catch {
      post(s, { type: 'grant-failed', key, message: 'The server did not answer in time; the grant may not be recorded.' });
    }
  }

  async function reveal(s: TabSession, msg: Extract<PanelToBackground, { type: 'reveal' }>) {
    const socket = getSocket();
    if (!socket?.connected || customerOf(s, msg.key) !== msg.customerId) return;
    const res = await socket
      .timeout(OPEN_TIMEOUT_MS)
      .emitWithAck('customer:reveal', { customerId: msg.customerId, field: msg.field })
      .catch(() => null);
    if (res && !isError(res)) post(s, { type: 'revealed', key: msg.key, field: msg.field, value: res.data.value });
    else
      post(s, {
        type: 'reveal-refused',
        key: msg.key,
        field: msg.field,
        message: res ? res.error : 'No answer from the server: try again',
      });
  }

  async function draft(s: TabSession, key: string) {
    const socket = getSocket();
    const view = s.view;
    if (!view || view.key !== key) return;
    if (!socket?.connected)
      return post(s, { type: 'draft-failed', key, message: 'Offline: fill the record in; it will be sent when the server answers.' });
    const payload = { helpdesk: view.helpdesk, instance: view.instance, ticketId: view.ticketId };
    try {
      const res = await socket.timeout(OPEN_TIMEOUT_MS).emitWithAck('resolution:draft', payload);
      post(s, isError(res) ? { type: 'draft-failed', key, message: res.error } : { type: 'draft', key, draft: res.data });
    } catch {
      post(s, { type: 'draft-failed', key, message: 'The server did not answer in time.' });
    }
  }

  async function exception(s: TabSession, msg: Extract<PanelToBackground, { type: 'exception-request' | 'exception-withdraw' }>) {
    const socket = getSocket();
    const fail = (message: string) => post(s, { type: 'exception-failed', key: msg.key, message });
    if (msg.type === 'exception-request' && customerOf(s, msg.key) !== msg.body.customerId)
      return fail('This ticket’s customer changed: nothing was sent.');
    if (msg.type === 'exception-withdraw' && s.exceptions.get(msg.exceptionId) !== msg.key)
      return fail('That request was not raised from this ticket.');
    if (!socket?.connected) return fail('Offline: nothing was sent. Try again when the panel is live.');
    try {
      const res =
        msg.type === 'exception-request'
          ? await socket
              .timeout(OPEN_TIMEOUT_MS)
              .emitWithAck('exception:request', { ...msg.body, interactionId: s.interactionId ?? undefined })
          : await socket.timeout(OPEN_TIMEOUT_MS).emitWithAck('exception:withdraw', { exceptionId: msg.exceptionId });
      if (isError(res)) return fail(res.error);
      s.exceptions.set(res.data.id, msg.key);
      post(s, { type: 'exception', key: msg.key, exception: res.data });
    } catch {
      fail('The server did not answer in time.');
    }
  }

  function resolve(s: TabSession, { key, body }: Extract<PanelToBackground, { type: 'resolve' }>) {
    const view = s.view ?? null;
    const ticket = s.readerView.ticket;
    // The ticket and helpdesk are the page's, as the reader saw them; the instance is its host.
    if (!ticket || ticket.key !== key || !s.helpdesk) return;
    const customerId = view?.key === key ? (s.customerId ?? undefined) : undefined;
    const record = {
      ...body,
      helpdesk: s.helpdesk,
      ticketId: ticket.id,
      customerId,
      instance: s.instance,
      interactionId: s.interactionId ?? undefined,
    };
    // The background writes it to the outbox before anything else: from here on it cannot be lost.
    void outbox.add(record);
  }

  function act(s: TabSession, msg: Action) {
    if (msg.type === 'grant') return void grant(s, msg);
    if (msg.type === 'exception-request' || msg.type === 'exception-withdraw') return void exception(s, msg);
    if (msg.type === 'draft') return void draft(s, msg.key);
    if (msg.type === 'reveal') return void reveal(s, msg);
    if (msg.type === 'resolve') return resolve(s, msg);
  }

  // --- Pairing

  function pair(s: TabSession, panel: Port) {
    waiting.delete(panel);
    if (s.panel && s.panel !== panel) send(s.panel, { type: 'status', status: { state: 'offline', reason: 'replaced' } });
    s.panel = panel;
    if (!s.helpdesk) return;
    post(s, { type: 'paired', helpdesk: s.helpdesk, helpdeskName: s.helpdeskName });
    post(s, { type: 'status', status });
    post(s, { type: 'theme', theme: s.theme });
    if (lastOutbox) post(s, lastOutbox);
    post(s, { type: 'view', view: s.readerView });
    if (s.answer && s.answer.key === s.view?.key) post(s, s.answer);
  }

  function onReader(port: Port) {
    const sender = port.sender;
    // Only our own content script, in a tab's top frame (where the panel frame is mounted).
    if (!isContentScript(sender) || sender.frameId !== 0 || sender.tab.id === undefined) return port.disconnect();
    const instance = senderHost(sender);
    if (!instance) return port.disconnect();
    const tabId = sender.tab.id;
    const previous = tabs.get(tabId);
    if (previous) {
      close(previous);
      previous.panel = null;
    }
    const s: TabSession = {
      tabId,
      reader: port,
      instance,
      nonce: null,
      helpdesk: null,
      helpdeskName: '',
      theme: 'light',
      panel: null,
      readerView: { seq: 0, ticket: null },
      view: null,
      interactionId: null,
      customerId: null,
      answer: null,
      messages: null,
      exceptions: new Map(),
    };
    tabs.set(tabId, s);
    port.onMessage.addListener((msg: ReaderToBackground) => {
      if (tabs.get(tabId) !== s) return;
      switch (msg.type) {
        case 'hello': {
          if (s.nonce) return; // said once per content script
          s.nonce = msg.nonce;
          s.helpdesk = msg.helpdesk;
          s.helpdeskName = msg.helpdeskName;
          s.theme = msg.theme;
          for (const [panel, w] of waiting) if (w.tabId === tabId && w.nonces.has(msg.nonce)) pair(s, panel);
          return summarize(s);
        }
        case 'view':
          return onView(s, msg.view);
        case 'messages':
          s.messages = { key: msg.key, messages: msg.messages };
          return void messages(s);
        case 'theme':
          s.theme = msg.theme;
          return post(s, { type: 'theme', theme: msg.theme });
        case 'toggle':
          return post(s, { type: 'toggle' });
      }
    });
    port.onDisconnect.addListener(() => {
      if (tabs.get(tabId) !== s) return;
      close(s);
      tabs.delete(tabId);
    });
  }

  function onPanel(port: Port) {
    const sender = port.sender;
    // Only the extension's own panel page, framed in a tab.
    const tabId = sender?.tab?.id;
    if (!isExtensionPage(sender, 'panel.html') || tabId === undefined) return port.disconnect();
    waiting.set(port, { tabId, nonces: new Set() });
    const paired = () => {
      const s = tabs.get(tabId);
      return s && s.panel === port ? s : null;
    };
    port.onMessage.addListener((msg: PanelToBackground) => {
      if (msg.type === 'hello') {
        const w = waiting.get(port);
        // A page can post its own guesses into the frame too: keep a few, pair only on the reader's nonce.
        if (!w || w.nonces.size >= 8 || typeof msg.nonce !== 'string') return;
        w.nonces.add(msg.nonce);
        const s = tabs.get(tabId);
        if (s?.nonce && s.nonce === msg.nonce) pair(s, port);
        return;
      }
      const s = paired();
      if (!s) return; // unpaired: no view, no layout, no action
      if (msg.type === 'rendered') return toReader(s, { type: 'shown', seq: msg.seq });
      if (msg.type === 'layout') return toReader(s, { type: 'layout', layout: msg.layout });
      if (msg.type === 'refresh') return refresh(s, msg.key);
      if (ACTIONS.has(msg.type)) act(s, msg as Action);
    });
    port.onDisconnect.addListener(() => {
      waiting.delete(port);
      const s = paired();
      if (s) s.panel = null;
    });
  }

  browser.runtime.onConnect.addListener((port) => {
    if (port.name === READER_PORT) onReader(port);
    else if (port.name === PANEL_PORT) onPanel(port);
  });

  const all = () => [...tabs.values()];
  return {
    setStatus(next: ConnectionStatus) {
      status = next;
      for (const s of all()) {
        post(s, { type: 'status', status });
        summarize(s);
      }
      // Interactions live on the socket: a new connection opens them all again, fresh.
      if (next.state === 'online') for (const s of all()) void open(s);
      else for (const s of all()) s.interactionId = null;
    },
    relayEvent(msg: Extract<BackgroundToPanel, { type: 'event' | 'signals' }>) {
      for (const s of all()) if (s.customerId === msg.customerId) post(s, msg);
    },
    /** To every panel: the outbox changed, or a record was logged. */
    broadcast(msg: Extract<BackgroundToPanel, { type: 'outbox' | 'logged' }>) {
      lastOutbox = msg.type === 'outbox' ? msg : lastOutbox;
      for (const s of all()) post(s, msg);
    },
    /** An update to one of this user's own requests: to the panel that raised it. */
    relayException(exception: ExceptionView) {
      for (const s of all()) {
        const key = s.exceptions.get(exception.id);
        if (key) post(s, { type: 'exception', key, exception });
      }
    },
  };
}
