/**
 * The panel page's side of its port: a thin controller around the reducer (reducer.ts). What the
 * background pushes and the answers to the panel's calls (lib/channel.ts) become panel events;
 * the agent's actions, which only this extension page can send, become calls for the view on
 * screen. Each event is applied synchronously and rendered at once; after rendering a new view the
 * panel says so (`rendered`), and only then does the content script show the frame: no frame
 * shows another ticket's customer.
 */
import { browser, type Browser } from 'wxt/browser';
import type { ExceptionRequestBody } from '@shared/schemas/exceptions';
import type { GrantBody } from '@shared/schemas/grants';
import type { ResolutionBody } from '@shared/schemas/resolutions';
import { createCaller } from '../lib/channel';
import {
  PANEL_PORT,
  type BackgroundToPanel,
  type FrameHello,
  type FrameLayout,
  type PanelCallName,
  type PanelCalls,
  type PanelFocus,
  type PanelToBackground,
} from '../lib/messages';
import { reduce, refreshAfter, type Answer, type PanelEvent } from './reducer';
import { initialState, type PanelState } from './state';

export interface PanelActions {
  grant(req: Pick<GrantBody, 'action' | 'amountCents' | 'reasonCode'>): void;
  requestException(req: Pick<ExceptionRequestBody, 'action' | 'amountCents' | 'reasonCode' | 'note'>): void;
  withdrawException(exceptionId: string): void;
  reveal(field: 'email' | 'phone'): void;
  openResolve(): void;
  /** Opens the ticket afresh: after an opening that failed (no answer in time, a call not yet confirmed). */
  reopen(): void;
  closeResolve(): void;
  submitResolution(record: Omit<ResolutionBody, 'idempotencyKey' | 'helpdesk' | 'ticketId' | 'customerId'>): void;
  /** Unknown requester (UnknownRequester.tsx): answered to the caller, not through the view. */
  searchCustomers(query: string): Promise<PanelCalls['customer:search']['reply']>;
  /** Links the page's requester to the customer; once linked, the ticket is opened afresh and shows them. */
  linkCustomer(customerId: string): Promise<PanelCalls['customer:link']['reply']>;
  /**
   * Next best action (Recommendations.tsx): asked when the ticket opens and after the agent's own
   * grant; the server pushes them afresh as the customer changes. Shown from the view (`offers`).
   */
  recommend(): Promise<unknown>;
  /** The customer accepted or declined a recommended offer. */
  offerOutcome(offerId: string, accepted: boolean): Promise<PanelCalls['offer:outcome']['reply']>;
}

export interface PanelClient {
  actions: PanelActions;
  layout(layout: FrameLayout): void;
  /** Whether the page covers or fades the frame now (see PanelState.covered). */
  setCovered(covered: boolean): void;
  /** Whether the frame is fully visible now, without the hold (see PanelState.inView). */
  setInView(inView: boolean): void;
}

export function connectPanel(
  render: (state: PanelState, client: PanelClient) => void,
  onToggle: (focus?: PanelFocus) => void,
): PanelClient {
  let state = initialState('your helpdesk');
  /** Nonces offered to this frame (the real one among them); said again after a reconnect. */
  const nonces: string[] = [];

  const post = (msg: PanelToBackground) => {
    try {
      port.postMessage(msg);
    } catch {
      // Disconnected: the reconnect below says hello again.
    }
  };
  const caller = createCaller<PanelCalls>(post);
  const draw = () => render(state, client);
  function dispatch(event: PanelEvent) {
    const before = state;
    state = reduce(state, event);
    if (state === before) return;
    draw();
    const refresh = refreshAfter(before, state);
    // A decided request may have recorded a grant: fetch budgets and context afresh.
    if (refresh) post({ type: 'refresh', key: refresh });
  }

  /** A call for the view on screen; its answer is addressed to that view. */
  function ask<N extends PanelCallName>(name: N, body: PanelCalls[N]['payload']['body']) {
    const view = state.view;
    if (!view) return Promise.resolve(undefined);
    const payload = { key: view.ticket.key, body } as PanelCalls[N]['payload'];
    dispatch({ type: 'asked', view: view.id, name });
    return caller.call(name, payload).then((res) => (dispatch({ type: 'answered', view: view.id, name, payload, res } as Answer), res));
  }
  /**
   * A grant or a request goes out with the key of the same one (same ticket, same body) that got
   * no answer yet or only an error (a drop, a timeout: the server may have stored it): clicked
   * again, or twice, it is stored once. A new key once it was answered: the same grant again is
   * then another grant.
   */
  const unanswered = new Map<string, string>();
  function askOnce<N extends 'grant:record' | 'exception:request'>(
    name: N,
    body: Omit<PanelCalls[N]['payload']['body'], 'idempotencyKey'>,
  ) {
    const same = `${name}\n${state.view?.ticket.key}\n${JSON.stringify(body)}`;
    const idempotencyKey = unanswered.get(same) ?? crypto.randomUUID();
    unanswered.set(same, idempotencyKey);
    void ask(name, { ...body, idempotencyKey } as PanelCalls[N]['payload']['body']).then((res) => {
      if (res && 'data' in res && unanswered.get(same) === idempotencyKey) unanswered.delete(same);
    });
  }
  /** A call whose answer goes back to the caller only (component state), for the view on screen. */
  function direct<N extends 'customer:search' | 'customer:link' | 'offer:outcome'>(name: N, body: PanelCalls[N]['payload']['body']) {
    const view = state.view;
    if (!view || state.covered) return Promise.resolve({ error: 'The panel is covered or shows no ticket: nothing was sent.' });
    return caller.call(name, { key: view.ticket.key, body } as PanelCalls[N]['payload']);
  }
  /** The customer on screen, when the agent may act for them now. */
  const customer = () => (state.covered ? null : (state.view?.context?.customer ?? null));

  const actions: PanelActions = {
    grant(req) {
      const c = customer();
      if (c) askOnce('grant:record', { ...req, customerId: c.id });
    },
    requestException(req) {
      const c = customer();
      if (c) askOnce('exception:request', { ...req, customerId: c.id });
    },
    openResolve: () => ask('resolution:draft', {}),
    reopen() {
      const key = state.view?.ticket.key;
      if (key && !state.covered) post({ type: 'refresh', key });
    },
    closeResolve: () => dispatch({ type: 'resolve-closed' }),
    submitResolution(record) {
      const view = state.view;
      if (!view || state.covered) return;
      // helpdesk, ticket and instance are set by the background from the page it reads; these are placeholders.
      const body: ResolutionBody = {
        ...record,
        idempotencyKey: crypto.randomUUID(),
        helpdesk: state.helpdesk ?? '',
        ticketId: view.ticket.id,
        customerId: view.context?.customer.id,
      };
      post({ type: 'resolve', key: view.ticket.key, body });
      dispatch({ type: 'resolve-closed' });
    },
    reveal(field) {
      const c = customer();
      if (c) ask('customer:reveal', { customerId: c.id, field });
    },
    searchCustomers: (query) => direct('customer:search', { query }),
    async linkCustomer(customerId) {
      const key = state.view?.ticket.key;
      const res = await direct('customer:link', { customerId });
      // Linked: open the ticket afresh (as after a decided request), which now finds the customer.
      if (key && 'data' in res && state.view?.ticket.key === key) post({ type: 'refresh', key });
      return res;
    },
    // Asked only while the panel is in full view in a shown tab (no click is involved, so without
    // the uncover hold): what the server keeps as shown was on screen. Asked again once it is back.
    recommend: () => (state.inView && document.visibilityState !== 'hidden' ? ask('offer:recommend', {}) : Promise.resolve()),
    offerOutcome: (offerId, accepted) => direct('offer:outcome', { offerId, accepted }),
    withdrawException(exceptionId) {
      if (!state.covered) ask('exception:withdraw', { exceptionId });
    },
  };
  const client: PanelClient = {
    actions,
    layout: (layout) => post({ type: 'layout', layout }),
    setCovered: (covered) => covered !== state.covered && dispatch({ type: 'covered', covered }),
    setInView: (inView) => inView !== state.inView && dispatch({ type: 'in-view', inView }),
  };

  function onMessage(msg: BackgroundToPanel) {
    if (msg.type === 'reply') return void caller.receive(msg);
    if (msg.type === 'toggle') return onToggle(msg.focus);
    dispatch(msg);
    if (msg.type !== 'view') return;
    // Rendered synchronously above (Preact's top-level render). Said only once it is also painted (a
    // task after the next animation frame): the frame is then shown with this picture, never the last.
    const rendered = msg.view.seq;
    requestAnimationFrame(() => setTimeout(() => post({ type: 'rendered', seq: rendered })));
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
    // Every new one goes on, so guesses posted first never crowd out the real one; the last few are said again on a reconnect.
    if (nonces.includes(hello.leewayPanelNonce)) return;
    nonces.push(hello.leewayPanelNonce);
    if (nonces.length > 8) nonces.shift();
    post({ type: 'hello', nonce: hello.leewayPanelNonce });
  });
  draw();
  return client;
}
