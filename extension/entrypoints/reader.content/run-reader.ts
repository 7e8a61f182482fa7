/**
 * What every page reader does, whatever it reads: mount the panel's frame first, report the
 * page's view to the background over the reader port (again after the background restarts),
 * answer the popup's diagnostics and the keyboard command, and follow the page's theme.
 * What a page shows (a helpdesk ticket, a call) is the entry's `find`: the helpdesk reader
 * (index.ts) and the call panel (../call-panel.content/) each bundle only their own trackers,
 * so a helpdesk page never loads the call code, its validation or its phone-number metadata.
 */
import { browser, type Browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { RequesterWatch } from '../../adapters/watch-requester';
import type { BackgroundToReader, Diagnostics, PanelFocus, ReaderToBackground, ReaderView, ToContentScript } from '../../lib/messages';
import { READER_PORT } from '../../lib/messages';
import type { HelpdeskRef } from '@shared/schemas/helpdesk-ref';
import { hostTheme, watchHostTheme } from '../../panel/host-theme';
import { mountPanelFrame } from './frame';
import { refuseRestarts } from './refuse-restarts';

type Summary = Extract<BackgroundToReader, { type: 'summary' }>;

/** What reads this page: a helpdesk adapter (tickets by URL), a contact-center desktop or a call page. */
export type PageSource = Diagnostics['adapter'] & { ticketIdFromUrl(url: URL): string | null };

export interface Tracking {
  current(): ReaderView;
  resendMessages(): void;
}

/** Starts following the page: every view through `show`, anything else for the background through `post`. */
export type Track = (show: (next: ReaderView, watch: RequesterWatch | null) => void, post: (msg: ReaderToBackground) => void) => Tracking;

function diagnose(source: PageSource, view: ReaderView, watch: RequesterWatch | null, summary: Summary | null): Diagnostics {
  const url = new URL(location.href);
  const reading = view.ticket ? view.reading : null;
  const shown = summary && view.ticket && summary.key === view.ticket.key ? summary : null;
  return {
    url: url.href,
    adapter: { id: source.id, name: source.name, kind: source.kind, why: source.why },
    ticketId: source.ticketIdFromUrl(url) ?? view.ticket?.id ?? null,
    ticketKey: view.ticket?.key ?? null,
    phase: shown?.phase ?? (reading?.state === 'read' ? 'resolving' : (reading?.state ?? 'reading')),
    requester: reading?.state === 'read' ? reading.requester : null,
    source: watch?.state === 'read' ? watch.reading.source : null,
    rule: watch?.state === 'read' ? watch.rule : null,
    refusal: watch && watch.state !== 'read' ? (watch.refusal ?? null) : null,
    missing: reading?.state === 'read' ? reading.missing : [],
    failure: reading?.state === 'failed' ? reading.reason : (shown?.failure ?? null),
    tried: shown?.tried ?? [],
    status: summary?.status ?? { state: 'connecting' },
  };
}

export async function runReader(
  ctx: ContentScriptContext,
  find: () => Promise<{ source: PageSource; track: Track } | null>,
): Promise<void> {
  // First, before anything is mounted: the page cannot end this script by posing as its next copy.
  refuseRestarts(ctx);
  // Both page readers, or a static and a run-time registration, can fit a page: one panel only.
  const g = globalThis as { __leewayPanel?: boolean };
  if (g.__leewayPanel) return;
  g.__leewayPanel = true;

  // The frame is mounted while the page's source is found (the tenant's adapters read from storage),
  // not after: loading panel.html is the longest step before the panel shows anything, and it needs no source.
  const frame = mountPanelFrame(ctx);
  const found = await find();
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
    if (msg.type === 'diagnostics') return Promise.resolve(found ? diagnose(found.source, view, watch, summary) : null);
    return undefined;
  });
  if (!found) return frame.remove();
  const { source } = found;

  frame.setHelpdesk(source.id as HelpdeskRef);
  shortcut = frame.shortcut;
  let theme = hostTheme();
  let tracking: Tracking | null = null;

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
    post({ type: 'hello', nonce: frame.nonce, helpdesk: source.id as HelpdeskRef, helpdeskName: source.name, theme });
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
  tracking = found.track(show, post);
  const stopTheme = watchHostTheme((t) => {
    if (t === theme) return;
    theme = t;
    post({ type: 'theme', theme });
  });
  ctx.onInvalidated(stopTheme);
}
