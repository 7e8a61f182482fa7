/**
 * The panel's state as a pure function of what happened: what the background pushed, the answers
 * to the panel's own calls, and the agent's local steps. A new ticket (or requester) on the page
 * makes a new TicketView; pushes name their ticket and go to the view on screen only, answers name
 * the view that asked and are dropped once it is gone.
 */
import { formatMoney } from '@shared/describe-event';
import { isError } from '@shared/socket-reply';
import type { Usage } from '@shared/policy/types';
import type { GrantOutcome } from '@shared/schemas/grants';
import type { ExceptionView } from '@shared/schemas/exceptions';
import type { PanelRecommendations } from '@shared/schemas/recommendations';
import type { ReplyMessage } from '../lib/channel';
import type { BackgroundToPanel, PanelCallName, PanelCalls, ReaderView } from '../lib/messages';
import { newView, withEvent, withSignals, type PanelState, type TicketView } from './state';

/** A call's reply, addressed to the view that made it. */
export type Answer = {
  [N in PanelCallName]: { type: 'answered'; view: number; name: N; payload: PanelCalls[N]['payload']; res: PanelCalls[N]['reply'] };
}[PanelCallName];

export type PanelEvent =
  | Exclude<BackgroundToPanel, ReplyMessage | { type: 'toggle' }>
  | Answer
  /** A call went out from this view: its previous answer is cleared (the draft: the form opens). */
  | { type: 'asked'; view: number; name: PanelCallName }
  | { type: 'resolve-closed' }
  | { type: 'covered'; covered: boolean }
  | { type: 'in-view'; inView: boolean };

export function reduce(state: PanelState, event: PanelEvent): PanelState {
  switch (event.type) {
    case 'paired':
      return { ...state, helpdesk: event.helpdesk, helpdeskName: event.helpdeskName };
    case 'theme':
      return { ...state, theme: event.theme };
    case 'covered':
      return { ...state, covered: event.covered };
    case 'in-view':
      return { ...state, inView: event.inView };
    case 'outbox':
      return { ...state, outbox: { waiting: event.waiting, refused: event.refused, held: event.held, waitingHere: event.waitingHere } };
    case 'view':
      return onView(state, event.view);
    case 'status': {
      const online = event.status.state === 'online';
      const next = { ...state, status: event.status };
      return next.view
        ? withView(next, { ...next.view, stale: !online && next.view.context !== null ? true : online && next.view.stale })
        : next;
    }
    case 'opened':
      return forTicket(state, event.key, (v) => opened(v, event.result));
    case 'failed':
      return forTicket(state, event.key, (v) => ({ ...v, phase: 'failed', failure: event.message, retryable: event.retry }));
    case 'exception':
      return forTicket(state, event.key, (v) => withException(v, event.exception));
    case 'signals':
      // Ticket signals (key) answer this ticket's messages; customer signals (no key) are for whoever shows that customer.
      return event.key === null
        ? forTicket(state, state.view?.ticket.key, (v) => withSignals(v, event.customerId, event.signals, false))
        : forTicket(state, event.key, (v) => withSignals(v, event.customerId, event.signals, true));
    case 'event':
      return forTicket(state, state.view?.ticket.key, (v) => withEvent(v, event.customerId, event.event));
    case 'recommendations':
      return forTicket(state, event.key, (v) => withOffers(v, event.offers));
    case 'logged':
      return state.view?.ticket.id === event.ticketId
        ? forTicket(state, state.view.ticket.key, (v) => ({ ...v, logged: event.receipt }))
        : state;
    case 'asked':
      return forView(state, event.view, (v) => asked(v, event.name));
    case 'resolve-closed':
      return forTicket(state, state.view?.ticket.key, (v) => ({ ...v, resolving: null }));
    case 'answered':
      return forView(state, event.view, (v) => answered(v, event));
  }
}

const withView = (state: PanelState, view: TicketView): PanelState => (view === state.view ? state : { ...state, view });
/** To the view on screen, if it is this ticket's. */
const forTicket = (state: PanelState, key: string | undefined, fn: (v: TicketView) => TicketView): PanelState =>
  state.view && state.view.ticket.key === key ? withView(state, fn(state.view)) : state;
/** To the view that asked, if it is still on screen. */
const forView = (state: PanelState, id: number, fn: (v: TicketView) => TicketView): PanelState =>
  state.view?.id === id ? withView(state, fn(state.view)) : state;

function onView(state: PanelState, rv: ReaderView): PanelState {
  const fresh = rv.seq !== state.seq;
  if (!rv.ticket) return { ...state, seq: rv.seq, view: null };
  const { ticket, reading } = rv;
  // The same view unless the reader says the page changed (a new seq): a repeat after a reconnect keeps what is shown.
  const kept = !fresh && state.view?.ticket.key === ticket.key ? state.view : null;
  const made = kept ? state.made : state.made + 1;
  const v: TicketView = kept ? { ...kept, ticket } : newView(state.made, ticket);
  const next = (view: TicketView): PanelState => ({ ...state, seq: rv.seq, made, view });
  if (reading.state === 'reading') return next({ ...v, phase: 'reading' });
  if (reading.state === 'failed')
    return next({
      ...v,
      phase: 'failed',
      retryable: false,
      failure: `Could not read this ticket's requester: ${reading.reason.replace(/^could not read the requester: /, '')}`,
    });
  // Read: looked up now, unless this requester's answer is already shown (a repeat after a reconnect).
  if (!kept || v.phase === 'reading' || v.phase === 'failed')
    return next({ ...v, phase: 'resolving', requester: reading.requester, missing: reading.missing });
  return next(v);
}

function opened(v: TicketView, result: Extract<PanelEvent, { type: 'opened' }>['result']): TicketView {
  if (result.status !== 'known')
    return {
      ...v,
      phase: 'unknown',
      tried: result.tried,
      conflict: result.status === 'conflict' ? result.message : null,
      context: null,
      stale: false,
    };
  // Opened again for the same ticket (after a reconnect): what arrived meanwhile counts as live too.
  const shown = v.context?.recentEvents;
  const listed = result.context.recentEvents;
  const liveEventIds = shown
    ? [
        ...v.liveEventIds.filter((id) => listed.some((e) => e.id === id)),
        ...listed.filter((e) => !shown.some((x) => x.id === e.id)).map((e) => e.id),
      ]
    : [];
  // Where the ticket stands (the request and the record), as the server keeps it: a rebuilt view shows them again.
  const standing = result.standing ?? { exception: null, logged: null };
  const next: TicketView = { ...v, phase: 'known', context: result.context, leeway: result.leeway ?? null, stale: false, liveEventIds };
  const logged = v.logged ?? standing.logged;
  // A request decided (or withdrawn) before the ticket was resolved was dealt with: the ticket is done, not the card.
  const e = standing.exception && !settledBefore(standing.exception, logged) ? standing.exception : null;
  // The request already shown, as far along: kept as is (a new object would read as a new decision and refresh again).
  const shownAlready = e && v.exception?.id === e.id && v.exception.history.length >= e.history.length;
  const withStanding = e && !shownAlready ? withException(next, e) : next;
  return { ...withStanding, logged };
}

const settledBefore = (e: ExceptionView, logged: TicketView['logged']): boolean =>
  !!logged?.at && e.status !== 'pending' && (e.decidedAt ?? e.createdAt) <= logged.at;

function withException(v: TicketView, exception: ExceptionView): TicketView {
  // Updates can overtake each other across the socket and the port: keep the furthest along.
  if (v.exception?.id === exception.id && v.exception.history.length > exception.history.length) return v;
  // A request raised since (answered while the open was on its way) is newer than what the open read.
  if (v.exception && v.exception.id !== exception.id && v.exception.createdAt > exception.createdAt) return v;
  return { ...v, exception, exceptionError: null };
}

function asked(v: TicketView, name: PanelCallName): TicketView {
  if (name === 'grant:record') return { ...v, lastGrant: null };
  if (name === 'exception:request') return { ...v, exceptionError: null };
  if (name === 'resolution:draft') return { ...v, resolving: { draft: null, error: null } };
  return v;
}

function answered(v: TicketView, a: Answer): TicketView {
  switch (a.name) {
    case 'grant:record':
      return { ...granted(v, a.res), lastGrant: grantMessage(v, a.res), grantsAnswered: v.grantsAnswered + 1 };
    case 'exception:request':
    case 'exception:withdraw':
      return isError(a.res) ? { ...v, exceptionError: a.res.error } : withException(v, a.res.data);
    case 'customer:reveal':
      return {
        ...v,
        revealed: isError(a.res)
          ? { ...v.revealed, refused: a.res.error }
          : { ...v.revealed, [a.payload.body.field]: a.res.data.value, refused: undefined },
      };
    case 'offer:recommend':
      return isError(a.res) ? { ...v, offers: { list: v.offers?.list ?? null, error: a.res.error } } : withOffers(v, a.res.data);
    case 'customer:search':
    case 'customer:link':
    case 'offer:outcome':
      // Answered to the asking component's own promise (client.ts), not through the view.
      return v;
    case 'resolution:draft':
      // Dropped if the agent closed the form meanwhile.
      if (!v.resolving) return v;
      return { ...v, resolving: isError(a.res) ? { draft: null, error: a.res.error } : { draft: a.res.data, error: null } };
  }
}

/**
 * The later computation's suggestions, and the usage they were computed with: a teammate's grant
 * spends the team's budget (another agent's, this customer's caps), and the server pushes both, so
 * the allowances shown follow with the offers. Only under the policy the leeway shows (a newer one
 * fetches the ticket afresh: refreshAfter); the same usage keeps the same leeway, so nothing redraws.
 */
function withOffers(v: TicketView, next: PanelRecommendations): TicketView {
  const offers = latestOffers(v.offers, next);
  const { leeway } = v;
  if (offers?.list !== next || !leeway || !next.usage || next.policyVersion !== leeway.policyVersion) return { ...v, offers };
  if (sameUsage(leeway.situation.usage, next.usage)) return { ...v, offers };
  return { ...v, offers, leeway: { ...leeway, situation: { ...leeway.situation, usage: next.usage } } };
}

function sameUsage(a: Usage, b: Usage): boolean {
  if (a.agentTodayCents !== b.agentTodayCents || a.teamTodayCents !== b.teamTodayCents) return false;
  const ids = Object.keys(a.caps);
  return (
    ids.length === Object.keys(b.caps).length &&
    ids.every((id) => a.caps[id]!.amountCents === b.caps[id]?.amountCents && a.caps[id]!.count === b.caps[id]?.count)
  );
}

/**
 * Suggestions asked and pushed may cross on the way: the later computation stands (`seq`, per
 * interaction; a reopened ticket's new interaction starts afresh).
 */
function latestOffers(shown: TicketView['offers'], next: PanelRecommendations): TicketView['offers'] {
  const list = shown?.list;
  if (list && list.interactionId === next.interactionId && list.seq > next.seq) return shown;
  return { list: next, error: null };
}

/** A recorded (or refused) grant changes this agent's usage with the customer. */
function granted(v: TicketView, res: PanelCalls['grant:record']['reply']): TicketView {
  if (isError(res) || !v.leeway) return v;
  return { ...v, leeway: { ...v.leeway, situation: { ...v.leeway.situation, usage: res.data.usage } } };
}

function grantMessage(v: TicketView, res: PanelCalls['grant:record']['reply']): TicketView['lastGrant'] {
  if (isError(res)) return { ok: false, message: res.error };
  const outcome: GrantOutcome = res.data;
  if (outcome.status === 'refused') return { ok: false, message: `Not recorded: ${outcome.decision.reason}` };
  const what = `${formatMoney(outcome.grant.amountCents, v.leeway?.policy.currency ?? 'USD')} ${outcome.grant.action.replace(/_/g, ' ')}`;
  return { ok: true, message: outcome.status === 'duplicate' ? `Already recorded: ${what}.` : `Recorded: ${what}.` };
}

/**
 * The ticket to fetch afresh after this step: a request of this view was just decided in a way
 * that may have recorded a grant (approved or countered), so budgets and context changed; or
 * suggestions just arrived computed under a newer policy than the leeway shown (an admin
 * published one), so what the agent may grant is shown as the suggestions were computed.
 */
export function refreshAfter(before: PanelState, after: PanelState): string | null {
  const v = after.view;
  if (!v || v.id !== before.view?.id) return null;
  const e = v.exception;
  if (e && e !== before.view?.exception && (e.status === 'approved' || e.status === 'countered')) return v.ticket.key;
  const offers = v.offers?.list;
  if (offers && offers !== before.view?.offers?.list && v.leeway && offers.policyVersion > v.leeway.policyVersion) return v.ticket.key;
  return null;
}
