/**
 * The content script on a helpdesk page. It only reads: which adapter fits the page, which
 * ticket the URL shows, who its requester provably is, the customer's messages, the page's
 * theme. It reports them to the background over the reader port and mounts the panel's frame.
 * The panel itself (customer data, every action) lives in panel.html, an extension page the
 * helpdesk page cannot script; nothing of the customer enters this page's DOM.
 */
import { browser, type Browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { adapters } from '../../adapters';
import type { RequesterWatch } from '../../adapters/watch-requester';
import { chooseAdapter, type AdapterChoice } from '../../lib/declarative';
import type { BackgroundToReader, Diagnostics, PanelFocus, ReaderToBackground, ReaderView, ToContentScript } from '../../lib/messages';
import { READER_PORT } from '../../lib/messages';
import { declarativeAdaptersItem } from '../../lib/storage';
import { trackTickets } from './ticket-tracker';
import { trackCalls } from './call-tracker';
import { isPopPage, trackPop } from './pop-tracker';
import { isGenesysWidgetPage, trackGenesysWidget } from './widget-tracker';
import { callDesktopFor, callDesktops, type CallDesktop } from '../../calls/desktops';
import type { HelpdeskRef } from '@shared/schemas/helpdesk-ref';
import { hostTheme, watchHostTheme } from '../../panel/host-theme';
import { mountPanelFrame } from './frame';
import { refuseRestarts } from './refuse-restarts';

type Summary = Extract<BackgroundToReader, { type: 'summary' }>;

/** What reads this page: a helpdesk adapter (tickets by URL) or a contact-center desktop (calls). */
type PageSource = Diagnostics['adapter'] & { ticketIdFromUrl(url: URL): string | null };

const SCREEN_POP: PageSource = {
  id: 'screen-pop',
  name: 'Screen pop',
  kind: 'built-in',
  why: 'a signed screen-pop link on your Leeway server',
  ticketIdFromUrl: () => null,
};

const GENESYS_WIDGET: PageSource = {
  id: 'genesys',
  name: 'Genesys Cloud',
  kind: 'built-in',
  why: 'Leeway’s interaction widget inside Genesys Cloud: the server asks Genesys who is calling',
  ticketIdFromUrl: () => null,
};

function sourceOf(choice: AdapterChoice | null, desktop: CallDesktop | null, page: 'pop' | 'widget' | null): PageSource | null {
  if (page === 'pop') return SCREEN_POP;
  if (page === 'widget') return GENESYS_WIDGET;
  if (desktop)
    return {
      id: desktop.id,
      name: desktop.name,
      kind: 'built-in',
      why: `a ${desktop.name} desktop: calls are read from the platform's own library on the page`,
      ticketIdFromUrl: () => null,
    };
  if (!choice) return null;
  const { adapter } = choice;
  return { id: adapter.id, name: adapter.name, kind: choice.kind, why: choice.why, ticketIdFromUrl: (u) => adapter.ticketIdFromUrl(u) };
}

function diagnose(source: PageSource, view: ReaderView, watch: RequesterWatch | null, summary: Summary | null): Diagnostics {
  const url = new URL(location.href);
  const reading = view.ticket ? view.reading : null;
  const shown = summary && view.ticket && summary.key === view.ticket.key ? summary : null;
  return {
    url: url.href,
    adapter: { id: source.id, name: source.name, kind: source.kind, why: source.why },
    ticketId: source.ticketIdFromUrl(url) ?? view.ticket?.id ?? null,
    phase: shown?.phase ?? (reading?.state === 'read' ? 'resolving' : (reading?.state ?? 'reading')),
    requester: reading?.state === 'read' ? reading.requester : null,
    source: watch?.state === 'read' ? watch.reading.source : null,
    rule: watch?.state === 'read' ? watch.rule : null,
    refusal: watch && watch.state !== 'read' ? (watch.refusal ?? null) : null,
    missing: reading?.state === 'read' ? reading.missing : [],
    failure: reading?.state === 'failed' ? reading.reason : (shown?.failure ?? null),
    tried: shown?.tried ?? [],
    customerName: shown?.customerName ?? null,
    status: summary?.status ?? { state: 'connecting' },
  };
}

export default defineContentScript({
  // Built-in helpdesks; declarative ones get this same script registered at run time by the background.
  matches: [...adapters.flatMap((a) => a.matches), ...callDesktops.flatMap((d) => d.matches)],
  runAt: 'document_idle',
  async main(ctx) {
    // First, before anything is mounted: the page cannot end this script by posing as its next copy.
    refuseRestarts(ctx);
    // The static and a run-time registration can both fit a page: one panel only.
    const g = globalThis as { __leewayPanel?: boolean };
    if (g.__leewayPanel) return;
    g.__leewayPanel = true;

    // The frame is mounted while the tenant's adapters are read from storage, not after: loading
    // panel.html is the longest step before the panel shows anything, and it needs no adapter.
    const records = declarativeAdaptersItem.getValue();
    const frame = mountPanelFrame(ctx);
    const url = new URL(location.href);
    // This server's own pages that open a call: a signed screen pop, a platform's widget.
    const own = isPopPage(url, document) ? 'pop' : isGenesysWidgetPage(url, document) ? 'widget' : null;
    const desktop = own ? null : callDesktopFor(url);
    const choice = own || desktop ? null : chooseAdapter(url, document, await records);
    const source = sourceOf(choice, desktop, own);
    let view: ReaderView = { seq: 0, ticket: null };
    let watch: RequesterWatch | null = null;
    let summary: Summary | null = null;
    let port: Browser.runtime.Port | null = null;
    /** The keyboard command's focus move, once the frame is mounted (frame.ts). */
    let shortcut: () => PanelFocus | null = () => null;
    const post = (msg: ReaderToBackground) => {
      try {
        port?.postMessage(msg);
      } catch {
        // Disconnected: the reconnect below says everything again.
      }
    };
    browser.runtime.onMessage.addListener((msg: ToContentScript, sender) => {
      // Only this extension (the background's keyboard command, the popup) talks to us here.
      if (sender.id !== browser.runtime.id) return undefined;
      if (msg.type === 'toggle-panel') post({ type: 'toggle', focus: shortcut() ?? undefined });
      // A promise answers the sender; undefined lets another listener (or nobody) answer.
      if (msg.type === 'diagnostics') return Promise.resolve(source ? diagnose(source, view, watch, summary) : null);
      return undefined;
    });
    if (!source) return frame.remove();
    const here = source;

    frame.setHelpdesk(source.id as HelpdeskRef);
    shortcut = frame.shortcut;
    let theme = hostTheme();
    let tracking: { current(): ReaderView; resendMessages(): void } | null = null;

    function connect() {
      const p = browser.runtime.connect({ name: READER_PORT });
      port = p;
      p.onMessage.addListener((msg: BackgroundToReader) => {
        if (msg.type === 'shown') frame.shown(msg.seq);
        else if (msg.type === 'layout') frame.layout(msg.layout);
        else if (msg.type === 'summary') summary = msg;
      });
      p.onDisconnect.addListener(() => {
        if (port === p) port = null;
        // The background restarted (MV3 service workers come and go): connect again and say where we are.
        if (!ctx.isInvalid) ctx.setTimeout(connect, 250);
      });
      post({ type: 'hello', nonce: frame.nonce, helpdesk: here.id as HelpdeskRef, helpdeskName: here.name, theme });
      if (tracking) {
        post({ type: 'view', view: tracking.current() });
        tracking.resendMessages();
      }
    }
    connect();

    const show = (next: ReaderView, w: RequesterWatch | null) => {
      view = next;
      watch = w;
      // First the frame (hidden in this very task when the view changed), then the report.
      frame.view(next);
      post({ type: 'view', view: next });
    };
    tracking = own
      ? (own === 'pop' ? trackPop : trackGenesysWidget)(url, (next) => show(next, null))
      : desktop
        ? trackCalls(desktop, ctx, (next) => show(next, null))
        : trackTickets(choice!.adapter, ctx, { view: show, messages: (key, messages) => post({ type: 'messages', key, messages }) });
    const stopTheme = watchHostTheme((t) => {
      if (t === theme) return;
      theme = t;
      post({ type: 'theme', theme });
    });
    ctx.onInvalidated(stopTheme);
  },
});
