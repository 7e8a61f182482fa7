/**
 * What the background holds for each tab with a panel: its reader port, its paired panel port,
 * what the page shows and the interaction opened for it. Shared by the pairing (panel-sessions.ts),
 * the interaction's life (interactions.ts) and the panel's calls (panel-calls.ts).
 */
import type { Browser } from 'wxt/browser';
import type { Requester } from '@shared/schemas/context';
import type { HelpdeskRef } from '@shared/schemas/helpdesk-ref';
import type { PopQuery } from '@shared/schemas/pop';
import type { BackgroundToPanel, BackgroundToReader, ReaderView } from '../lib/messages';
import type { HostTheme } from '../panel/host-theme';

export type Port = Browser.runtime.Port;

/** What the server is asked to open: one ticket's provable requester, on one helpdesk instance. */
export interface OpenView {
  key: string;
  helpdesk: HelpdeskRef;
  instance: string;
  ticketId: string;
  requester: Requester;
  /** A screen pop's signed link: the server takes the caller from it. */
  pop?: PopQuery;
}

/**
 * The ticket the page shows, as opened on the server: one object, replaced whole when the page
 * shows another ticket or requester, so an answer that arrives for the previous one finds no
 * place to land (it compares its object to the current one).
 */
export interface OpenTicket extends OpenView {
  interactionId: string | null;
  customerId: string | null;
  /** The server's last answer, said again to a panel that (re)pairs. */
  answer: OpenAnswer | null;
  /** Set while the interaction is being opened (again, after a reconnect): settles when the server has answered. */
  opening?: Promise<void> | null;
}

export type OpenAnswer = Extract<BackgroundToPanel, { type: 'opened' | 'failed' }>;

export interface TabSession {
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
  /** Null until the page's requester is read (and while it is read again). */
  open: OpenTicket | null;
  messages: { key: string; messages: { text: string; at?: string }[] } | null;
  /** Requests raised from this panel: their updates come back here. */
  exceptions: Map<string, string>;
}

export const newTabSession = (tabId: number, reader: Port, instance: string): TabSession => ({
  tabId,
  reader,
  instance,
  nonce: null,
  helpdesk: null,
  helpdeskName: '',
  theme: 'light',
  panel: null,
  readerView: { seq: 0, ticket: null },
  open: null,
  messages: null,
  exceptions: new Map(),
});

export const send = (port: Port | null, msg: unknown) => {
  try {
    port?.postMessage(msg);
  } catch {
    // The tab or frame went away between the event and the post; its disconnect cleans up.
  }
};
export const toPanel = (s: TabSession, msg: BackgroundToPanel) => send(s.panel, msg);
export const toReader = (s: TabSession, msg: BackgroundToReader) => send(s.reader, msg);

/** The customer this tab's interaction was opened for, when `key` is still the ticket on screen. */
export const customerOf = (s: TabSession, key: string) =>
  s.open?.key === key && s.readerView.ticket?.key === key ? s.open.customerId : null;

export { CALL_TIMEOUT_MS } from './socket';
