import { render } from 'preact';
import { createShadowRootUi } from 'wxt/utils/content-script-ui/shadow-root';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { adapterFor, adapters } from '../../adapters';
import { trackTickets } from '../../lib/ticket-tracker';
import { Panel } from '../../panel/Panel';
import '../../panel/panel.css';

export default defineContentScript({
  matches: adapters.flatMap((a) => a.matches),
  cssInjectionMode: 'ui',
  runAt: 'document_idle',
  async main(ctx) {
    const adapter = adapterFor(new URL(location.href));
    if (!adapter) return;
    const ui = await createShadowRootUi(ctx, {
      name: 'leeway-panel',
      position: 'inline',
      anchor: 'body',
      append: 'last',
      // Keys typed in the panel stay in the panel; the helpdesk's shortcuts never see them.
      isolateEvents: true,
      onMount: (container) => container,
      onRemove: (container) => container && render(null, container),
    });
    ui.mount();
    // Preact's render() is synchronous: a ticket switch is reflected before the next paint.
    trackTickets(adapter, ctx, (state, actions) => render(<Panel state={state} actions={actions} />, ui.uiContainer));
  },
});
