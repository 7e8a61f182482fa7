/**
 * The panel page's side of its port: the panel state, built from what the background relays
 * (the reader's view of the page, the server's answers), and the agent's actions, which only
 * this extension page can send. State changes are applied synchronously and rendered at once;
 * after rendering a new view the panel says so (`rendered`), and only then does the content
 * script show the frame: no frame shows another ticket's customer.
 */
import { browser, type Browser } from 'wxt/browser';
import { formatMoney } from '../../shared/describe-event';
import type { ExceptionRequestBody } from '../../shared/schemas/exceptions';
import type { GrantBody } from '../../shared/schemas/grants';
import type { ResolutionBody } from '../../shared/schemas/resolutions';
import {
  PANEL_PORT,
  type BackgroundToPanel,
  type FrameHello,
  type FrameLayout,
  type PanelToBackground,
  type ReaderView,
} from '../lib/messages';
import type { HostTheme } from './host-theme';
import { initialState, ticketBound, visibleContext, withEvent, withSignals, type PanelState } from './state';

export interface PanelActions {
  grant(req: Pick<GrantBody, 'action' | 'amountCents' | 'reasonCode'>): void;
  requestException(req: Pick<ExceptionRequestBody, 'action' | 'amountCents' | 'reasonCode' | 'note'>): void;
  withdrawException(exceptionId: string): void;
  reveal(field: 'email' | 'phone'): void;
  openResolve(): void;
  closeResolve(): void;
  submitResolution(record: Omit<ResolutionBody, 'idempotencyKey' | 'helpdesk' | 'ticketId' | 'customerId'>): void;
}

/** What the frame renders besides the panel state: where it is, and the page's theme. */
export interface PanelFrameInfo {
  /** The adapter id, under which the panel's place is remembered; null until paired. */
  helpdesk: string | null;
  theme: HostTheme;
}

export interface PanelClient {
  actions: PanelActions;
  layout(layout: FrameLayout): void;
  /** Whether the page covers or fades the frame now (see PanelState.covered). */
  setCovered(covered: boolean): void;
}

export function connectPanel(
  render: (state: PanelState, info: PanelFrameInfo, client: PanelClient) => void,
  onToggle: () => void,
): PanelClient {
  let state = initialState('your helpdesk');
  let info: PanelFrameInfo = { helpdesk: null, theme: 'light' };
  let seq = -1;
  /** Nonces offered to this frame (the real one among them); said again after a reconnect. */
  const nonces: string[] = [];

  const post = (msg: PanelToBackground) => {
    try {
      port.postMessage(msg);
    } catch {
      // Disconnected: the reconnect below says hello again.
    }
  };
  const actions: PanelActions = {
    grant(req) {
      const customer = visibleContext(state)?.customer;
      if (!state.ticket || !customer || state.covered) return;
      set({ lastGrant: null });
      post({ type: 'grant', key: state.ticket.key, body: { ...req, customerId: customer.id, idempotencyKey: crypto.randomUUID() } });
    },
    requestException(req) {
      const customer = visibleContext(state)?.customer;
      if (!state.ticket || !customer || state.covered) return;
      set({ exceptionError: null });
      post({
        type: 'exception-request',
        key: state.ticket.key,
        body: { ...req, customerId: customer.id, idempotencyKey: crypto.randomUUID() },
      });
    },
    openResolve() {
      if (!state.ticket) return;
      set({ resolving: { key: state.ticket.key, draft: null, error: null } });
      post({ type: 'draft', key: state.ticket.key });
    },
    closeResolve() {
      set({ resolving: null });
    },
    submitResolution(record) {
      if (!state.ticket || state.covered) return;
      // helpdesk, ticket and instance are set by the background from the page it reads; these are placeholders.
      const body: ResolutionBody = {
        ...record,
        idempotencyKey: crypto.randomUUID(),
        helpdesk: info.helpdesk ?? '',
        ticketId: state.ticket.id,
        customerId: visibleContext(state)?.customer.id,
      };
      post({ type: 'resolve', key: state.ticket.key, body });
      set({ resolving: null });
    },
    reveal(field) {
      const customer = visibleContext(state)?.customer;
      if (state.ticket && customer && !state.covered) post({ type: 'reveal', key: state.ticket.key, customerId: customer.id, field });
    },
    withdrawException(exceptionId) {
      if (state.ticket && !state.covered) post({ type: 'exception-withdraw', key: state.ticket.key, exceptionId });
    },
  };
  const client: PanelClient = {
    actions,
    layout: (layout) => post({ type: 'layout', layout }),
    setCovered: (covered) => covered !== state.covered && set({ covered }),
  };
  const draw = () => render(state, info, client);
  const set = (patch: Partial<PanelState>) => {
    state = { ...state, ...patch };
    draw();
  };

  function onView(view: ReaderView) {
    const fresh = view.seq !== seq;
    seq = view.seq;
    if (!view.ticket) {
      set({ ticket: null, ...ticketBound() });
    } else {
      const { reading } = view;
      const base = fresh || state.ticket?.key !== view.ticket.key ? { ...ticketBound(), ticket: view.ticket } : { ticket: view.ticket };
      if (reading.state === 'reading') set({ ...base, phase: 'reading' });
      else if (reading.state === 'failed')
        set({
          ...base,
          phase: 'failed',
          failure: `Could not read this ticket's requester: ${reading.reason.replace(/^could not read the requester: /, '')}`,
        });
      // Read: looked up now, unless this requester's answer is already shown (a repeat after a reconnect).
      else if (fresh || state.phase === 'reading' || state.phase === 'failed')
        set({ ...base, phase: 'resolving', requester: reading.requester, missing: reading.missing });
      else set(base);
    }
    // Rendered synchronously above (Preact's top-level render). Said only once it is also painted (a
    // task after the next animation frame): the frame is then shown with this picture, never the last.
    const rendered = seq;
    requestAnimationFrame(() => setTimeout(() => post({ type: 'rendered', seq: rendered })));
  }

  function onMessage(msg: BackgroundToPanel) {
    switch (msg.type) {
      case 'paired':
        info = { ...info, helpdesk: msg.helpdesk };
        return set({ helpdeskName: msg.helpdeskName });
      case 'view':
        return onView(msg.view);
      case 'theme':
        info = { ...info, theme: msg.theme };
        return draw();
      case 'toggle':
        return onToggle();
      case 'status': {
        const online = msg.status.state === 'online';
        return set({ status: msg.status, stale: !online && state.context !== null ? true : online ? state.stale : false });
      }
      case 'opened':
        if (msg.key !== state.ticket?.key) return;
        if (msg.result.status === 'known') {
          const leeway = msg.result.leeway ? { key: msg.key, value: msg.result.leeway } : null;
          // Opened again for the same ticket (after a reconnect): what arrived meanwhile counts as live too.
          const shown = state.context?.key === msg.key ? state.context.value.recentEvents : null;
          const liveEventIds = shown
            ? [...state.liveEventIds, ...msg.result.context.recentEvents.filter((e) => !shown.some((x) => x.id === e.id)).map((e) => e.id)]
            : [];
          return set({ phase: 'known', context: { key: msg.key, value: msg.result.context }, leeway, stale: false, liveEventIds });
        }
        return set({ phase: 'unknown', tried: msg.result.tried, context: null, stale: false });
      case 'failed':
        if (msg.key !== state.ticket?.key) return;
        return set({ phase: 'failed', failure: msg.message });
      case 'granted': {
        if (msg.key !== state.ticket?.key) return;
        const { outcome } = msg;
        const leeway = state.leeway && {
          key: state.leeway.key,
          value: { ...state.leeway.value, situation: { ...state.leeway.value.situation, usage: outcome.usage } },
        };
        const what =
          outcome.status === 'refused'
            ? ''
            : `${formatMoney(outcome.grant.amountCents, state.leeway?.value.policy.currency ?? 'USD')} ${outcome.grant.action.replace(/_/g, ' ')}`;
        const message =
          outcome.status === 'refused'
            ? `Not recorded: ${outcome.decision.reason}`
            : outcome.status === 'duplicate'
              ? `Already recorded: ${what}.`
              : `Recorded: ${what}.`;
        return set({ leeway, lastGrant: { key: msg.key, ok: outcome.status !== 'refused', message } });
      }
      case 'exception':
        if (msg.key !== state.ticket?.key) return;
        // Updates can overtake each other across the socket and the port: keep the furthest along.
        if (state.exception?.value.id === msg.exception.id && state.exception.value.history.length > msg.exception.history.length) return;
        set({ exception: { key: msg.key, value: msg.exception }, exceptionError: null });
        // A decided request may have recorded a grant: fetch budgets and context afresh.
        if (msg.exception.status === 'approved' || msg.exception.status === 'countered') post({ type: 'refresh', key: msg.key });
        return;
      case 'exception-failed':
        if (msg.key !== state.ticket?.key) return;
        return set({ exceptionError: { key: msg.key, message: msg.message } });
      case 'draft':
      case 'draft-failed':
        if (msg.key !== state.ticket?.key || state.resolving?.key !== msg.key) return;
        return set({
          resolving: {
            key: msg.key,
            draft: msg.type === 'draft' ? msg.draft : null,
            error: msg.type === 'draft-failed' ? msg.message : null,
          },
        });
      case 'outbox':
        return set({ outbox: { waiting: msg.waiting, refused: msg.refused } });
      case 'logged':
        if (msg.ticketId !== state.ticket?.id) return;
        return set({ logged: { key: state.ticket.key, receipt: msg.receipt } });
      case 'grant-failed':
        if (msg.key !== state.ticket?.key) return;
        return set({ lastGrant: { key: msg.key, ok: false, message: msg.message } });
      case 'signals':
        if (msg.key !== null && msg.key !== state.ticket?.key) return;
        state = withSignals(state, msg.customerId, msg.signals, msg.key !== null);
        return draw();
      case 'revealed':
        if (msg.key !== state.ticket?.key) return;
        return set({
          revealed: {
            ...(state.revealed?.key === msg.key ? state.revealed : {}),
            key: msg.key,
            [msg.field]: msg.value,
            refused: undefined,
          },
        });
      case 'reveal-refused':
        if (msg.key !== state.ticket?.key) return;
        return set({ revealed: { ...(state.revealed?.key === msg.key ? state.revealed : {}), key: msg.key, refused: msg.message } });
      case 'event':
        state = withEvent(state, msg.customerId, msg.event);
        return draw();
    }
  }

  let port = connect();
  function connect(): Browser.runtime.Port {
    const p = browser.runtime.connect({ name: PANEL_PORT });
    p.onMessage.addListener((msg: BackgroundToPanel) => onMessage(msg));
    p.onDisconnect.addListener(() => {
      // The background restarted (MV3 service workers come and go): connect again and pair again.
      setTimeout(() => {
        port = connect();
        for (const nonce of nonces) post({ type: 'hello', nonce });
      }, 250);
    });
    return p;
  }

  // The content script posts its nonce into this frame on each load. The page can post here too (it
  // is our parent), so every candidate goes to the background, which pairs only on the real one.
  addEventListener('message', (e: MessageEvent) => {
    const hello = e.data as Partial<FrameHello> | null;
    if (e.source !== parent || typeof hello?.leewayPanelNonce !== 'string') return;
    if (nonces.length >= 8 || nonces.includes(hello.leewayPanelNonce)) return;
    nonces.push(hello.leewayPanelNonce);
    post({ type: 'hello', nonce: hello.leewayPanelNonce });
  });
  draw();
  return client;
}
