import type { FrameLayout } from '../lib/messages';
import type { HostTheme } from './host-theme';
import { usePanelShell } from './shell';
import { CustomerCard } from './CustomerCard';
import { EventList } from './EventList';
import type { PanelActions } from './client';
import { Leeway } from './Leeway';
import { Signals } from './Signals';
import { SinceOpened } from './SinceOpened';
import { ResolveForm } from './ResolveForm';
import { StatusPill } from './StatusPill';
import { visibleContext, visibleLeeway, type PanelState } from './state';

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
  if (!state.ticket) return null;
  const context = visibleContext(state);
  return (
    <aside
      ref={shell.ref}
      class={`panel theme-${theme} ${collapsed ? 'collapsed' : ''} ${state.stale ? 'stale' : ''}`}
      data-ticket={state.ticket.id}
      data-phase={state.phase}
      aria-label="Leeway"
    >
      {/* Dragging the header moves the panel; its buttons stay buttons. */}
      <header onPointerDown={shell.onPointerDown} title="Drag to move">
        <span class="brand">Leeway</span>
        <span class="ticket">#{state.ticket.id}</span>
        <StatusPill status={state.status} />
        <button type="button" class="icon" onClick={shell.toggle} aria-expanded={!collapsed} title={collapsed ? 'Expand' : 'Collapse'}>
          {collapsed ? '▴' : '▾'}
        </button>
      </header>
      {!collapsed && (
        <div class="body">
          {state.stale && context && <p class="note stale-note">Showing what we knew before the connection dropped.</p>}
          <Outbox state={state} />
          {state.covered && context && (
            <p class="note covered-note" data-field="covered">
              Part of the panel is covered or faded by the page: its buttons wait until it is fully in view.
            </p>
          )}
          {/* Disabled while covered: no click through a frame the agent cannot fully see. */}
          <fieldset class="controls" disabled={state.covered}>
            <Body state={state} actions={actions} />
          </fieldset>
        </div>
      )}
    </aside>
  );
}

function Body({ state, actions }: { state: PanelState; actions: PanelActions }) {
  const context = visibleContext(state);
  const leeway = visibleLeeway(state);
  if (state.status.state === 'signed-out')
    return <p class="note">Sign in from the Leeway extension's options page to see customer context.</p>;
  if (context) {
    const resolving = state.resolving?.key === state.ticket!.key ? state.resolving : null;
    const logged = state.logged?.key === state.ticket!.key ? state.logged.receipt : null;
    return (
      <>
        <CustomerCard context={context} revealed={state.revealed?.key === state.ticket!.key ? state.revealed : null} actions={actions} />
        <SinceOpened events={context.recentEvents} live={state.liveEventIds} />
        <Signals signals={context.signals} />
        {resolving ? (
          <ResolveForm
            draft={resolving.draft}
            error={resolving.error}
            currency={leeway?.policy.currency ?? context.customer.currency}
            actions={actions}
          />
        ) : (
          <div class="resolve-bar">
            {logged ? (
              <span class="note ok" data-field="logged">
                Resolution logged (entry {logged.seq})
              </span>
            ) : (
              <button type="button" class="resolve-open" onClick={() => actions.openResolve()}>
                Resolve…
              </button>
            )}
          </div>
        )}
        {leeway && (
          <Leeway
            key={state.ticket!.key}
            leeway={leeway}
            actions={actions}
            lastGrant={state.lastGrant?.key === state.ticket!.key ? state.lastGrant : null}
            exception={state.exception?.key === state.ticket!.key ? state.exception.value : null}
            exceptionError={state.exceptionError?.key === state.ticket!.key ? state.exceptionError.message : null}
          />
        )}
        <EventList events={context.recentEvents} live={state.liveEventIds} />
      </>
    );
  }
  switch (state.phase) {
    case 'reading':
      return <p class="muted">Reading the requester from {state.helpdeskName}…</p>;
    case 'resolving':
      return <p class="muted">Looking up {state.requester?.email ?? state.requester?.name ?? 'the requester'}…</p>;
    case 'unknown':
      return (
        <div class="unknown" data-field="unknown">
          <p>
            <strong>Unknown requester.</strong> No customer matches {state.tried.length ? state.tried.join(', ') : 'what this page shows'}.
          </p>
          {state.missing.length > 0 && <p class="muted">Could not read from the page: {state.missing.join(', ')}.</p>}
        </div>
      );
    case 'failed':
      return <p class="note error">{state.failure}</p>;
    default:
      return null;
  }
}

/** Records still on their way: the agent knows nothing is lost, and sees any the server refused. */
function Outbox({ state }: { state: PanelState }) {
  const { waiting, refused } = state.outbox;
  if (!waiting && !refused.length) return null;
  return (
    <div class="outbox" data-field="outbox" data-waiting={waiting}>
      {waiting > 0 && (
        <p class="note">
          {waiting === 1 ? '1 resolution record waiting to be sent' : `${waiting} resolution records waiting to be sent`}; kept safely until
          the server has it.
        </p>
      )}
      {refused.map((r, i) => (
        <p key={i} class="note error">
          Ticket #{r.ticketId}: the server refused the record: {r.message}
        </p>
      ))}
    </div>
  );
}
