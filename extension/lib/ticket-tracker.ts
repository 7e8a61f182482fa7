/**
 * Follows the helpdesk's single-page app: which ticket is on screen, what its requester
 * is, and what the server says about them. State changes are applied synchronously, so
 * when the agent switches tickets the panel drops the old customer in the same task as
 * the navigation, before the browser paints the new ticket.
 */
import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { formatMoney } from '../../shared/describe-event';
import type { ExceptionRequestBody } from '../../shared/schemas/exceptions';
import type { ResolutionBody } from '../../shared/schemas/resolutions';
import type { GrantBody } from '../../shared/schemas/grants';
import type { HelpdeskAdapter } from '../adapters/types';
import { initialState, visibleContext, withEvent, withSignals, type PanelState } from '../panel/state';
import { PANEL_PORT, type BackgroundToPanel, type PanelToBackground } from './messages';

export interface PanelActions {
  grant(req: Pick<GrantBody, 'action' | 'amountCents' | 'reasonCode'>): void;
  requestException(req: Pick<ExceptionRequestBody, 'action' | 'amountCents' | 'reasonCode' | 'note'>): void;
  withdrawException(exceptionId: string): void;
  reveal(field: 'email' | 'phone'): void;
  openResolve(): void;
  closeResolve(): void;
  submitResolution(record: Omit<ResolutionBody, 'idempotencyKey' | 'helpdesk' | 'ticketId' | 'customerId'>): void;
}

export function trackTickets(adapter: HelpdeskAdapter, ctx: ContentScriptContext, render: (state: PanelState, actions: PanelActions) => void) {
  let state = initialState(adapter.name);
  let reading: AbortController | null = null;
  let lastView: PanelToBackground = { type: 'leave' };
  const actions: PanelActions = {
    grant(req) {
      const customer = visibleContext(state)?.customer;
      if (!state.ticket || !customer) return;
      set({ lastGrant: null });
      const body: GrantBody = { ...req, customerId: customer.id, idempotencyKey: crypto.randomUUID() };
      port.postMessage({ type: 'grant', key: state.ticket.key, body } satisfies PanelToBackground);
    },
    requestException(req) {
      const customer = visibleContext(state)?.customer;
      if (!state.ticket || !customer) return;
      set({ exceptionError: null });
      const body: ExceptionRequestBody = { ...req, customerId: customer.id, idempotencyKey: crypto.randomUUID() };
      port.postMessage({ type: 'exception-request', key: state.ticket.key, body } satisfies PanelToBackground);
    },
    openResolve() {
      if (!state.ticket) return;
      set({ resolving: { key: state.ticket.key, draft: null, error: null } });
      port.postMessage({ type: 'draft', key: state.ticket.key } satisfies PanelToBackground);
    },
    closeResolve() {
      set({ resolving: null });
    },
    submitResolution(record) {
      if (!state.ticket) return;
      const body: ResolutionBody = {
        ...record,
        idempotencyKey: crypto.randomUUID(),
        helpdesk: adapter.id,
        ticketId: state.ticket.id,
        customerId: visibleContext(state)?.customer.id,
      };
      // The background writes it to the outbox before anything else: from here on it cannot be lost.
      port.postMessage({ type: 'resolve', key: state.ticket.key, body } satisfies PanelToBackground);
      set({ resolving: null });
    },
    reveal(field) {
      const customer = visibleContext(state)?.customer;
      if (state.ticket && customer) port.postMessage({ type: 'reveal', key: state.ticket.key, customerId: customer.id, field } satisfies PanelToBackground);
    },
    withdrawException(exceptionId) {
      if (state.ticket) port.postMessage({ type: 'exception-withdraw', key: state.ticket.key, exceptionId } satisfies PanelToBackground);
    },
  };
  const set = (patch: Partial<PanelState>) => {
    state = { ...state, ...patch };
    render(state, actions);
  };

  let port = connect();
  function connect() {
    const p = browser.runtime.connect({ name: PANEL_PORT });
    p.onMessage.addListener((msg: BackgroundToPanel) => onMessage(msg));
    p.onDisconnect.addListener(() => {
      // The background restarted (MV3 service workers come and go): connect again and say where we are.
      if (ctx.isInvalid) return;
      ctx.setTimeout(() => {
        port = connect();
        port.postMessage(lastView);
      }, 250);
    });
    return p;
  }
  const send = (msg: PanelToBackground) => {
    lastView = msg;
    port.postMessage(msg);
  };

  function onMessage(msg: BackgroundToPanel) {
    switch (msg.type) {
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
          const liveEventIds = shown ? [...state.liveEventIds, ...msg.result.context.recentEvents.filter((e) => !shown.some((x) => x.id === e.id)).map((e) => e.id)] : [];
          set({ phase: 'known', context: { key: msg.key, value: msg.result.context }, leeway, stale: false, liveEventIds });
          sentMessages = '';
          return sendMessages();
        }
        return set({ phase: 'unknown', tried: msg.result.tried, context: null, stale: false });
      case 'failed':
        if (msg.key !== state.ticket?.key) return;
        return set({ phase: 'failed', failure: msg.message });
      case 'granted': {
        if (msg.key !== state.ticket?.key) return;
        const { outcome } = msg;
        const leeway = state.leeway && { key: state.leeway.key, value: { ...state.leeway.value, situation: { ...state.leeway.value.situation, usage: outcome.usage } } };
        const what = outcome.status === 'refused' ? '' : `${formatMoney(outcome.grant.amountCents, state.leeway?.value.policy.currency ?? 'USD')} ${outcome.grant.action.replace(/_/g, ' ')}`;
        const message = outcome.status === 'refused' ? `Not recorded: ${outcome.decision.reason}` : outcome.status === 'duplicate' ? `Already recorded: ${what}.` : `Recorded: ${what}.`;
        return set({ leeway, lastGrant: { key: msg.key, ok: outcome.status !== 'refused', message } });
      }
      case 'exception':
        if (msg.key !== state.ticket?.key) return;
        // Updates can overtake each other across the socket and the port: keep the furthest along.
        if (state.exception?.value.id === msg.exception.id && state.exception.value.history.length > msg.exception.history.length) return;
        set({ exception: { key: msg.key, value: msg.exception }, exceptionError: null });
        // A decided request may have recorded a grant: fetch budgets and context afresh.
        if (msg.exception.status === 'approved' || msg.exception.status === 'countered') port.postMessage(lastView);
        return;
      case 'exception-failed':
        if (msg.key !== state.ticket?.key) return;
        return set({ exceptionError: { key: msg.key, message: msg.message } });
      case 'draft':
      case 'draft-failed':
        if (msg.key !== state.ticket?.key || state.resolving?.key !== msg.key) return;
        return set({ resolving: { key: msg.key, draft: msg.type === 'draft' ? msg.draft : null, error: msg.type === 'draft-failed' ? msg.message : null } });
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
        return render(state, actions);
      case 'revealed':
        if (msg.key !== state.ticket?.key) return;
        return set({ revealed: { ...(state.revealed?.key === msg.key ? state.revealed : {}), key: msg.key, [msg.field]: msg.value } });
      case 'event':
        state = withEvent(state, msg.customerId, msg.event);
        return render(state, actions);
    }
  }

  async function sync(url: URL) {
    const ticketId = adapter.ticketIdFromUrl(url);
    const key = ticketId ? `${adapter.id}:${ticketId}` : null;
    if (key === (state.ticket?.key ?? null)) return;
    reading?.abort();
    reading = null;
    // Forget the previous ticket's customer now, synchronously.
    set({ ticket: key && ticketId ? { key, id: ticketId } : null, phase: 'reading', requester: null, missing: [], tried: [], failure: null, context: null, leeway: null, lastGrant: null, exception: null, exceptionError: null, resolving: null, logged: null, revealed: null, liveEventIds: [], stale: false });
    if (!key || !ticketId) return send({ type: 'leave' });

    const controller = new AbortController();
    reading = controller;
    ctx.signal.addEventListener('abort', () => controller.abort(), { once: true });
    try {
      const { requester, missing } = await adapter.readRequester(ticketId, controller.signal);
      if (controller.signal.aborted) return;
      set({ phase: 'resolving', requester, missing });
      send({ type: 'view', key, helpdesk: adapter.id, ticketId, requester });
    } catch (error) {
      if (!controller.signal.aborted) set({ phase: 'failed', failure: `Could not read this ticket's requester: ${(error as Error).message}` });
    }
  }

  // The customer's messages, for the sentiment trend: sent when the ticket opens and whenever they change.
  let sentMessages = '';
  function sendMessages() {
    if (!adapter.readMessages || state.phase !== 'known' || !state.ticket || !state.requester) return;
    const messages = adapter.readMessages(state.ticket.id, state.requester);
    const fingerprint = messages.map((m) => m.text).join('\u0000');
    if (!messages.length || fingerprint === sentMessages) return;
    sentMessages = fingerprint;
    port.postMessage({ type: 'messages', key: state.ticket.key, messages } satisfies PanelToBackground);
  }
  ctx.setInterval(sendMessages, 5000);

  ctx.addEventListener(window, 'wxt:locationchange', (e) => void sync(e.newUrl));
  // Back/forward and hash changes in browsers without the Navigation API.
  ctx.addEventListener(window, 'popstate', () => void sync(new URL(location.href)));
  void sync(new URL(location.href));
  render(state, actions);
}
