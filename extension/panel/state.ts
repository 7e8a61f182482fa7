/**
 * What the panel shows. Everything about the ticket on screen is one object, the TicketView,
 * replaced whole when the page shows another ticket (or another requester on it): another ticket's
 * data has nowhere to live, and an answer addressed to a view that is gone is dropped (reducer.ts).
 */
import type { CustomerContext, Requester } from '@shared/schemas/context';
import type { CustomerEvent } from '@shared/schemas/customer-events';
import type { ExceptionView } from '@shared/schemas/exceptions';
import type { LeewayState } from '@shared/schemas/grants';
import type { PanelRecommendations } from '@shared/schemas/recommendations';
import type { LogReceipt, ResolutionDraft } from '@shared/schemas/resolutions';
import type { Signals } from '@shared/schemas/signals';
import type { ConnectionStatus } from '../lib/connection-status';
import type { ReaderView } from '../lib/messages';
import type { HostTheme } from './host-theme';

export interface TicketView {
  /** This view's identity: the panel's calls are answered to it, and dropped once it is replaced. */
  id: number;
  /** `call` on a contact-center desktop: the call (or chat) this view is, and where it stands. */
  ticket: Extract<ReaderView, { ticket: object }>['ticket'];
  phase: 'reading' | 'resolving' | 'known' | 'unknown' | 'failed';
  requester: Requester | null;
  /** Fields the adapter could not read from the page. */
  missing: string[];
  /** Identities the server tried when it found nobody. */
  tried: string[];
  /** Why the server names nobody although someone holds these identities (a number two customers share…). */
  conflict: string | null;
  failure: string | null;
  /** The failure may pass on its own: the panel offers Try again (opens the ticket afresh). */
  retryable: boolean;
  context: CustomerContext | null;
  /** The policy and this agent's situation with this customer. */
  leeway: LeewayState | null;
  /** The last grant's answer. */
  lastGrant: { ok: boolean; message: string } | null;
  /** Grants of this ticket answered so far: the suggestions are asked afresh after each (this agent's usage changed). */
  grantsAnswered: number;
  /** The agent's latest exception request for this ticket, as it stands now. */
  exception: ExceptionView | null;
  exceptionError: string | null;
  /** The resolve form, when open: the draft the server prefilled (or why not). */
  resolving: { draft: ResolutionDraft | null; error: string | null } | null;
  /** This ticket's record, once the server acknowledged it; `at` when read back from the server (a live receipt has none). */
  logged: (LogReceipt & { at?: string }) | null;
  /** Contact fields revealed on request (each reveal audit-logged on the server). */
  revealed: { email?: string | null; phone?: string | null; refused?: string } | null;
  /**
   * Suggested offers for this agent, as last asked or pushed (null until the first arrive), and
   * why the last ask failed, if it did (the list shown stays).
   */
  offers: { list: PanelRecommendations | null; error: string | null } | null;
  /** Ids of events that arrived live while the panel was open. */
  liveEventIds: string[];
  /** Shown data is from before a disconnect. */
  stale: boolean;
}

export interface PanelState {
  /** The adapter id, under which the panel's place is remembered; null until paired. */
  helpdesk: string | null;
  helpdeskName: string;
  /** The helpdesk page's theme, as the content script reads it. */
  theme: HostTheme;
  status: ConnectionStatus;
  /** Records in the extension's outbox, for every ticket. */
  outbox: {
    waiting: number;
    refused: { ticketId: string; message: string }[];
    held: { author: string; count: number }[];
    /** This instance's tickets whose record waits to be sent. */
    waitingHere: string[];
  };
  /**
   * The page covers, fades or transforms the panel's frame (IntersectionObserver v2 says it is not
   * fully visible): its controls are disabled, so a page cannot trick the agent into clicking
   * "reveal" or "record" through a transparent or covered frame.
   */
  covered: boolean;
  /**
   * The frame is fully visible on screen now (the same observer, without the uncover hold, which
   * guards clicks only): suggestions are asked only then, so an offer counted as shown was seen.
   * True where the browser cannot tell (no IntersectionObserver v2).
   */
  inView: boolean;
  /** The reader's view last drawn (its seq). */
  seq: number;
  /** Views made so far: the next view's id. */
  made: number;
  /** The ticket on screen and all shown for it; null when the page is not a ticket (the panel hides). */
  view: TicketView | null;
}

export const newView = (id: number, ticket: TicketView['ticket']): TicketView => ({
  id,
  ticket,
  phase: 'reading',
  requester: null,
  missing: [],
  tried: [],
  conflict: null,
  failure: null,
  retryable: false,
  context: null,
  leeway: null,
  lastGrant: null,
  grantsAnswered: 0,
  exception: null,
  exceptionError: null,
  resolving: null,
  logged: null,
  revealed: null,
  offers: null,
  liveEventIds: [],
  stale: false,
});

export const initialState = (helpdeskName: string): PanelState => ({
  helpdesk: null,
  helpdeskName,
  theme: 'light',
  status: { state: 'connecting' },
  outbox: { waiting: 0, refused: [], held: [], waitingHere: [] },
  covered: false,
  inView: true,
  seq: -1,
  made: 0,
  view: null,
});

/**
 * New signals for the customer on screen. Pushed ones are customer-wide: they keep this
 * ticket's own SLA clock and conversation sentiment.
 */
export function withSignals(view: TicketView, customerId: string, signals: Signals, ticketScoped: boolean): TicketView {
  const ctx = view.context;
  if (!ctx || ctx.customer.id !== customerId) return view;
  const next = ticketScoped ? signals : { ...signals, sla: ctx.signals.sla, sentiment: ctx.signals.sentiment };
  return { ...view, context: { ...ctx, signals: next } };
}

export function withEvent(view: TicketView, customerId: string, event: CustomerEvent): TicketView {
  const ctx = view.context;
  if (!ctx || ctx.customer.id !== customerId || ctx.recentEvents.some((e) => e.id === event.id)) return view;
  const recentEvents = [event, ...ctx.recentEvents]
    .sort((a, b) => b.occurredAt.localeCompare(a.occurredAt))
    .slice(0, Math.max(ctx.recentEvents.length, 20));
  // Only those still listed can be shown as live: a panel open all day keeps 20, not every event since it opened.
  const liveEventIds = [...view.liveEventIds, event.id].filter((id) => recentEvents.some((e) => e.id === id));
  return { ...view, context: { ...ctx, recentEvents }, liveEventIds };
}
