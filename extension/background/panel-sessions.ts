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
 * Here: the ports and their pairing. The interaction's life is in interactions.ts, the panel's
 * calls (over lib/channel.ts) in panel-calls.ts.
 */
import { browser } from 'wxt/browser';
import type { ServerToClientEvents } from '@shared/events';
import type { ExceptionView } from '@shared/schemas/exceptions';
import type { PanelRecommendations } from '@shared/schemas/recommendations';
import type { LogReceipt, ResolutionBody } from '@shared/schemas/resolutions';
import { answerCall, isCall } from '../lib/channel';
import type { BackgroundToPanel, ConnectionStatus, PanelToBackground, ReaderToBackground } from '../lib/messages';
import { PANEL_PORT, READER_PORT } from '../lib/messages';
import { createInteractions } from './interactions';
import type { OutboxView } from './outbox';
import { createPanelCalls } from './panel-calls';
import { isContentScript, isExtensionPage, isWidgetFrame, senderHost } from './sender';
import type { LeewaySocket } from './socket';
import { newTabSession, send, toPanel as post, toReader, type Port, type TabSession } from './tab-session';

export function createPanelSessions(getSocket: () => LeewaySocket | null, outbox: { add(body: ResolutionBody): Promise<void> }) {
  const tabs = new Map<number, TabSession>();
  /** Panel ports not paired yet, with the nonces they offered. */
  const waiting = new Map<Port, { tabId: number; nonces: Set<string> }>();
  let status: ConnectionStatus = { state: 'connecting' };
  let lastOutbox: OutboxView | null = null;
  /** The outbox as this tab's panel shows it: the waiting records of its own helpdesk instance by ticket. */
  const outboxFor = (s: TabSession, { tickets, ...view }: OutboxView): BackgroundToPanel => ({
    type: 'outbox',
    ...view,
    waitingHere: tickets.filter((t) => t.helpdesk === s.helpdesk && (t.instance ?? s.instance) === s.instance).map((t) => t.ticketId),
  });
  const { open, close, messages, onView, refresh } = createInteractions({
    getSocket,
    current: (s) => tabs.get(s.tabId) === s,
    changed: (s) => summarize(s),
  });
  const calls = createPanelCalls(getSocket, outbox);

  /** For the popup, through the content script: where the panel stands, without the customer's data (customerShown). */
  function summarize(s: TabSession) {
    const key = s.readerView.ticket?.key ?? null;
    // The opening is always the reader's ticket's (replaced when the page moves on).
    const a = s.open?.answer ?? null;
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
      tried: a?.type === 'opened' && a.result.status === 'unknown' ? a.result.tried : [],
      failure: a?.type === 'failed' ? a.message : reading?.state === 'failed' ? reading.reason : null,
      status,
    });
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
    if (lastOutbox) post(s, outboxFor(s, lastOutbox));
    post(s, { type: 'view', view: s.readerView });
    if (s.open?.answer) post(s, s.open.answer);
  }

  function onReader(port: Port) {
    const sender = port.sender;
    // Only our own content script, in a tab's top frame (where the panel frame is mounted), or in a
    // platform's widget frame: the server's own /widgets/ page, the one registration that runs in frames (pinned-hosts.ts).
    if (!isContentScript(sender) || !(sender.frameId === 0 || isWidgetFrame(sender.url)) || sender.tab.id === undefined)
      return port.disconnect();
    const instance = senderHost(sender);
    if (!instance) return port.disconnect();
    const tabId = sender.tab.id;
    const previous = tabs.get(tabId);
    if (previous) {
      close(previous);
      previous.panel = null;
    }
    const s = newTabSession(tabId, port, instance);
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
          return post(s, { type: 'toggle', focus: msg.focus === 'enter' || msg.focus === 'leave' ? msg.focus : undefined });
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
        // A page can post its own guesses into the frame too: the reader's nonce pairs whenever it
        // comes, however many guesses came first; the last few are kept for a reader that says hello later.
        if (!w || typeof msg.nonce !== 'string') return;
        const s = tabs.get(tabId);
        if (s?.nonce && s.nonce === msg.nonce) return pair(s, port);
        w.nonces.delete(msg.nonce);
        w.nonces.add(msg.nonce);
        if (w.nonces.size > 8) w.nonces.delete(w.nonces.values().next().value!);
        return;
      }
      const s = paired();
      if (!s) return; // unpaired: no view, no layout, no action
      if (msg.type === 'rendered') return toReader(s, { type: 'shown', seq: msg.seq });
      if (msg.type === 'layout') return toReader(s, { type: 'layout', layout: msg.layout });
      if (msg.type === 'refresh') return refresh(s, msg.key);
      if (msg.type === 'resolve') return calls.resolve(s, msg);
      // Replies go back to the port that asked, while it is still this tab's panel.
      if (isCall(msg)) answerCall(calls.handlers, msg, s, (reply) => s.panel === port && send(port, reply));
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
  function relayEvent(msg: Extract<BackgroundToPanel, { type: 'event' | 'signals' }>) {
    for (const s of all()) if (s.open?.customerId === msg.customerId) post(s, msg);
  }

  return {
    setStatus(next: ConnectionStatus) {
      status = next;
      for (const s of all()) {
        post(s, { type: 'status', status });
        summarize(s);
      }
      // Interactions live on the socket: a new connection opens them all again, fresh.
      if (next.state === 'online') for (const s of all()) void open(s);
      else for (const s of all()) if (s.open) s.open.interactionId = null;
    },
    relayEvent,
    /** A stored event pushed, then the customer-wide signals it came with, as their own push would bring them. */
    relayCustomerEvent({ signals, ...pushed }: Parameters<ServerToClientEvents['customer:event']>[0]) {
      relayEvent({ type: 'event', ...pushed });
      if (signals) relayEvent({ type: 'signals', key: null, customerId: pushed.customerId, signals });
    },
    /** To every panel: the outbox changed. */
    outboxChanged(view: OutboxView) {
      lastOutbox = view;
      for (const s of all()) post(s, outboxFor(s, view));
    },
    /**
     * A resolution record logged: to the panels on its helpdesk instance (the panel matches the
     * ticket id), never to another instance's or helpdesk's ticket of the same number.
     */
    relayLogged(body: ResolutionBody, receipt: LogReceipt) {
      for (const s of all())
        if (s.helpdesk === body.helpdesk && (body.instance ?? s.instance) === s.instance)
          post(s, { type: 'logged', ticketId: body.ticketId, receipt });
    },
    /**
     * For the popup only (background/requests.ts): the customer the tab's panel shows, and for which
     * ticket. Never through the content script, which lives in the helpdesk's page process.
     */
    customerShown(tabId: number): { key: string; name: string } | null {
      const o = tabs.get(tabId)?.open;
      const a = o?.answer;
      return o && a?.type === 'opened' && a.result.status === 'known' ? { key: o.key, name: a.result.context.customer.name } : null;
    },
    /** Suggested offers pushed for one interaction: to the panel that has it open, never another. */
    relayRecommendations(offers: PanelRecommendations) {
      for (const s of all())
        if (s.open?.interactionId === offers.interactionId) post(s, { type: 'recommendations', key: s.open.key, offers });
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
