import { render } from 'preact';
import { browser } from 'wxt/browser';
import { createShadowRootUi } from 'wxt/utils/content-script-ui/shadow-root';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { adapters } from '../../adapters';
import type { HelpdeskAdapter, RequesterReading } from '../../adapters/types';
import { chooseAdapter, type AdapterKind } from '../../lib/declarative';
import type { Diagnostics, ToContentScript } from '../../lib/messages';
import { declarativeAdaptersItem } from '../../lib/storage';
import { trackTickets } from '../../lib/ticket-tracker';
import { Panel } from '../../panel/Panel';
import { initialState, visibleContext, type PanelState } from '../../panel/state';
import { togglePanels } from '../../panel/shell';
import '../../panel/panel.css';

/** Where this page's last reading came from, for the popup's diagnostics (the panel state has no room for it). */
function withReadingSource(adapter: HelpdeskAdapter, onRead: (r: RequesterReading) => void): HelpdeskAdapter {
  return {
    ...adapter,
    async readRequester(ticketId, signal) {
      const r = await adapter.readRequester(ticketId, signal);
      onRead(r);
      return r;
    },
  };
}

function diagnose(adapter: HelpdeskAdapter, kind: AdapterKind, state: PanelState, source: string | null): Diagnostics {
  const url = new URL(location.href);
  return {
    url: url.href,
    adapter: { id: adapter.id, name: adapter.name, kind },
    ticketId: adapter.ticketIdFromUrl(url),
    phase: state.phase,
    requester: state.requester,
    source: state.requester ? source : null,
    missing: state.missing,
    failure: state.failure,
    tried: state.tried,
    customerName: visibleContext(state)?.customer.name ?? null,
    status: state.status,
  };
}

export default defineContentScript({
  // Built-in helpdesks; declarative ones get this same script registered at run time by the background.
  matches: adapters.flatMap((a) => a.matches),
  cssInjectionMode: 'ui',
  runAt: 'document_idle',
  async main(ctx) {
    // The static and a run-time registration can both fit a page: one panel only.
    const g = globalThis as { __leewayPanel?: boolean };
    if (g.__leewayPanel) return;
    g.__leewayPanel = true;

    const choice = chooseAdapter(new URL(location.href), document, await declarativeAdaptersItem.getValue());
    let state: PanelState | null = null;
    let source: string | null = null;
    browser.runtime.onMessage.addListener((msg: ToContentScript) => {
      if (msg.type === 'toggle-panel') togglePanels();
      // A promise answers the sender; undefined lets another listener (or nobody) answer.
      if (msg.type === 'diagnostics') return Promise.resolve(choice && state ? diagnose(choice.adapter, choice.kind, state, source) : null);
      return undefined;
    });
    if (!choice) return;

    const adapter = withReadingSource(choice.adapter, (r) => (source = r.source));
    const ui = await createShadowRootUi(ctx, {
      name: 'leeway-panel',
      position: 'inline',
      anchor: 'body',
      append: 'last',
      // Keys typed in the panel stay in the panel; the helpdesk's shortcuts never see them. The
      // listener sits inside the shadow root, so keys typed in the helpdesk's own inputs are untouched.
      isolateEvents: true,
      onMount: (container) => container,
      onRemove: (container) => container && render(null, container),
    });
    ui.mount();
    state = initialState(adapter.name);
    // Preact's render() is synchronous: a ticket switch is reflected before the next paint.
    trackTickets(adapter, ctx, (s, actions) => {
      state = s;
      render(<Panel state={s} actions={actions} helpdesk={adapter.id} />, ui.uiContainer);
    });
  },
});
