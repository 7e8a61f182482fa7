import type { CustomerContext, Requester } from '../../shared/schemas/context';
import type { LeewayState } from '../../shared/schemas/grants';
import type { ExceptionView } from '../../shared/schemas/exceptions';
import type { LogReceipt, ResolutionDraft } from '../../shared/schemas/resolutions';
import type { Signals } from '../../shared/schemas/signals';
import type { CustomerEvent } from '../../shared/schemas/customer-events';
import type { ConnectionStatus } from '../lib/messages';

/** Everything the panel shows. Data for a ticket is only ever shown under that ticket's key. */
export interface PanelState {
  helpdeskName: string;
  status: ConnectionStatus;
  /** The ticket on screen now; null when the page is not a ticket (the panel hides). */
  ticket: { key: string; id: string } | null;
  phase: 'reading' | 'resolving' | 'known' | 'unknown' | 'failed';
  requester: Requester | null;
  /** Fields the adapter could not read from the page. */
  missing: string[];
  /** Identities the server tried when it found nobody. */
  tried: string[];
  failure: string | null;
  /** The context and the ticket key it was fetched for. */
  context: { key: string; value: CustomerContext } | null;
  /** The policy and this agent's situation with this customer, under the same ticket key. */
  leeway: { key: string; value: LeewayState } | null;
  /** The last grant's answer, for this ticket. */
  lastGrant: { key: string; ok: boolean; message: string } | null;
  /** The agent's latest exception request for this ticket, as it stands now. */
  exception: { key: string; value: ExceptionView } | null;
  exceptionError: { key: string; message: string } | null;
  /** The resolve form: open for this ticket, with the draft the server prefilled (or why not). */
  resolving: { key: string; draft: ResolutionDraft | null; error: string | null } | null;
  /** Records in the extension's outbox, for every ticket. */
  outbox: { waiting: number; refused: { ticketId: string; message: string }[] };
  /** This ticket's record, once the server acknowledged it. */
  logged: { key: string; receipt: LogReceipt } | null;
  /** Contact fields revealed on request (each reveal audit-logged on the server). */
  revealed: { key: string; email?: string | null; phone?: string | null; refused?: string } | null;
  /** Ids of events that arrived live while the panel was open. */
  liveEventIds: string[];
  /** Shown data is from before a disconnect. */
  stale: boolean;
  /**
   * The page covers, fades or transforms the panel's frame (IntersectionObserver v2 says it is not
   * fully visible): its controls are disabled, so a page cannot trick the agent into clicking
   * "reveal" or "record" through a transparent or covered frame.
   */
  covered: boolean;
}

/** The ticket-bound parts of the state, dropped whenever the view changes ticket or requester. */
export const ticketBound = () =>
  ({
    phase: 'reading' as const,
    requester: null,
    missing: [],
    tried: [],
    failure: null,
    context: null,
    leeway: null,
    lastGrant: null,
    exception: null,
    exceptionError: null,
    resolving: null,
    logged: null,
    revealed: null,
    liveEventIds: [],
    stale: false,
  }) satisfies Partial<PanelState>;

export const initialState = (helpdeskName: string): PanelState => ({
  helpdeskName,
  status: { state: 'connecting' },
  ticket: null,
  outbox: { waiting: 0, refused: [] },
  covered: false,
  ...ticketBound(),
});

/** The context to show for the current ticket, or null: never another ticket's. */
export function visibleContext(state: PanelState): CustomerContext | null {
  return state.ticket && state.context?.key === state.ticket.key ? state.context.value : null;
}

export function visibleLeeway(state: PanelState): LeewayState | null {
  return state.ticket && state.leeway?.key === state.ticket.key ? state.leeway.value : null;
}

/**
 * New signals for the customer on screen. Pushed ones are customer-wide: they keep this
 * ticket's own SLA clock and conversation sentiment.
 */
export function withSignals(state: PanelState, customerId: string, signals: Signals, ticketScoped: boolean): PanelState {
  const ctx = visibleContext(state);
  if (!ctx || ctx.customer.id !== customerId) return state;
  const next = ticketScoped ? signals : { ...signals, sla: ctx.signals.sla, sentiment: ctx.signals.sentiment };
  return { ...state, context: { key: state.context!.key, value: { ...ctx, signals: next } } };
}

export function withEvent(state: PanelState, customerId: string, event: CustomerEvent): PanelState {
  const ctx = visibleContext(state);
  if (!ctx || ctx.customer.id !== customerId || ctx.recentEvents.some((e) => e.id === event.id)) return state;
  const recentEvents = [event, ...ctx.recentEvents]
    .sort((a, b) => b.occurredAt.localeCompare(a.occurredAt))
    .slice(0, Math.max(ctx.recentEvents.length, 20));
  return {
    ...state,
    context: { key: state.context!.key, value: { ...ctx, recentEvents } },
    liveEventIds: [...state.liveEventIds, event.id],
  };
}
