import type { FrameLayout } from '../lib/messages';
import type { HostTheme } from './host-theme';
import { activeHardStops } from '@shared/policy/hard-stops';
import { usePanelShell } from './shell';
import { Announcer } from './Announcer';
import { CallState, callWords } from './CallState';
import { CustomerCard } from './CustomerCard';
import { EventList } from './EventList';
import { HardStops } from './HardStops';
import type { PanelActions } from './client';
import { Leeway } from './Leeway';
import { Signals } from './Signals';
import { SinceOpened } from './SinceOpened';
import { ResolveForm } from './ResolveForm';
import { ResolveBar } from './ResolveBar';
import { Recommendations } from './Recommendations';
import { StatusPill } from './StatusPill';
import { UnknownRequester } from './UnknownRequester';
import type { PanelState, TicketView } from './state';

interface Props {
  state: PanelState;
  actions: PanelActions;
  /** The adapter's id, under which the panel's place is remembered. */
  helpdesk: string;
  /** The helpdesk page's theme, as the content script reads it from what the page paints. */
  theme: HostTheme;
  /** Cosmetic requests to the frame's box in the page (drag), through the background. */
  layout: (l: FrameLayout) => void;
}

export function Panel({ state, actions, helpdesk, theme, layout }: Props) {
  const shell = usePanelShell(helpdesk, layout);
  const collapsed = shell.collapsed;
  const view = state.view;
  if (!view) return null;
  const context = view.context;
  return (
    <aside
      ref={shell.ref}
      class={`panel theme-${theme} ${collapsed ? 'collapsed' : ''} ${view.stale ? 'stale' : ''}`}
      data-ticket={view.ticket.id}
      data-phase={view.phase}
      aria-label="Leeway"
      onKeyDown={shell.onKeyDown}
    >
      {/* Dragging the header moves the panel; its buttons stay buttons. */}
      <header onPointerDown={shell.onPointerDown} title="Drag to move">
        <span class="brand">Leeway</span>
        {view.ticket.call ? <CallState call={view.ticket.call} /> : <span class="ticket">#{view.ticket.id}</span>}
        <StatusPill status={state.status} />
        <button type="button" class="icon" onClick={shell.reset} aria-label="Reset position" title="Reset position">
          <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="1.6">
            <circle cx="8" cy="8" r="4" />
            <path d="M8 1v3M8 12v3M1 8h3M12 8h3" />
          </svg>
        </button>
        <button
          type="button"
          class="icon"
          onClick={shell.toggle}
          aria-expanded={!collapsed}
          aria-label={collapsed ? 'Expand the panel' : 'Collapse the panel'}
          title={collapsed ? 'Expand' : 'Collapse'}
        >
          {collapsed ? '▴' : '▾'}
        </button>
      </header>
      <Announcer view={view} />
      {!collapsed && (
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard (WCAG 2.1.1), even while its controls are disabled (covered) or there are none.
        <section class="body" tabIndex={0} aria-label={view.ticket.call ? callWords(view.ticket.call) : `Ticket #${view.ticket.id}`}>
          {view.stale && context && <p class="note stale-note">Showing what we knew before the connection dropped.</p>}
          <Outbox state={state} />
          {state.covered && context && (
            <p class="note covered-note" data-field="covered">
              Part of the panel is covered or faded by the page: its buttons wait until it is fully in view.
            </p>
          )}
          {/* Disabled while covered: no click through a frame the agent cannot fully see. */}
          <fieldset class="controls" disabled={state.covered}>
            <Body state={state} view={view} actions={actions} />
          </fieldset>
        </section>
      )}
    </aside>
  );
}

/**
 * The view's body: everything in it is this ticket's, the view being replaced whole on another ticket.
 * Decision first: who the customer is and what stops hold, then what the agent may do (allowances,
 * the amount and its verdict), then the suggested offers, signals and events; the resolution
 * closes the contact.
 */
function Body({ state, view, actions }: { state: PanelState; view: TicketView; actions: PanelActions }) {
  const { context, leeway, resolving, logged } = view;
  if (state.status.state === 'signed-out')
    return <p class="note">Sign in from the Leeway extension's options page to see customer context.</p>;
  if (context) {
    const stops = leeway ? activeHardStops(leeway.policy, leeway.situation.customer.flags) : [];
    return (
      <>
        <CustomerCard context={context} revealed={view.revealed} actions={actions} />
        <HardStops stops={stops} />
        {leeway && (
          <Leeway
            key={view.ticket.key}
            leeway={leeway}
            stops={stops}
            actions={actions}
            lastGrant={view.lastGrant}
            exception={view.exception}
            exceptionError={view.exceptionError}
          />
        )}
        {/* After the decision, which stays in view at 1280×800: suggestions are a shortcut into it, not a replacement. */}
        {leeway && <Recommendations key={view.ticket.key} view={view} actions={actions} inView={state.inView} />}
        <SinceOpened events={context.recentEvents} live={view.liveEventIds} />
        <Signals signals={context.signals} hardStopped={stops.length > 0} />
        <EventList events={context.recentEvents} live={view.liveEventIds} />
        {resolving ? (
          <ResolveForm
            draft={resolving.draft}
            error={resolving.error}
            currency={leeway?.policy.currency ?? context.customer.currency}
            actions={actions}
            answeredAt={view.ticket.call?.answeredAt}
          />
        ) : (
          <ResolveBar logged={logged} waiting={state.outbox.waitingHere.includes(view.ticket.id)} actions={actions} />
        )}
      </>
    );
  }
  switch (view.phase) {
    case 'reading':
      return <p class="muted">Reading the requester from {state.helpdeskName}…</p>;
    case 'resolving':
      return (
        <p class="muted">
          Looking up {view.ticket.call ? 'who is calling' : (view.requester?.email ?? view.requester?.name ?? 'the requester')}…
        </p>
      );
    case 'unknown':
      return <UnknownRequester key={view.ticket.key} view={view} actions={actions} />;
    case 'failed':
      return (
        <>
          <p class="note error" role="alert" data-field="failure">
            {view.failure}
          </p>
          {view.retryable && (
            <p class="try">
              <button type="button" onClick={actions.reopen} disabled={state.covered}>
                Try again
              </button>
            </p>
          )}
        </>
      );
    default:
      return null;
  }
}

/** Records still on their way: the agent knows nothing is lost, and sees any the server refused. */
function Outbox({ state }: { state: PanelState }) {
  const { waiting, refused, held } = state.outbox;
  if (!waiting && !refused.length && !held.length) return null;
  return (
    <div class="outbox" data-field="outbox" data-waiting={waiting}>
      {waiting > 0 && (
        <p class="note">
          {waiting === 1 ? '1 resolution record waiting to be sent' : `${waiting} resolution records waiting to be sent`}; kept safely until
          the server has it.
        </p>
      )}
      {held.map((h, i) => (
        <p key={i} class="note" data-field="outbox-held">
          {h.count === 1
            ? `1 resolution record by ${h.author} waits here until they sign in on this browser again; it is never sent as yours.`
            : `${h.count} resolution records by ${h.author} wait here until they sign in on this browser again; none is sent as yours.`}
        </p>
      ))}
      {refused.map((r, i) => (
        <p key={i} class="note error">
          Ticket #{r.ticketId}: the server refused the record: {r.message}
        </p>
      ))}
    </div>
  );
}
