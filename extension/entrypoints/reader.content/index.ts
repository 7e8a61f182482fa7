/**
 * The content script on a helpdesk page. It only reads: which adapter fits the page, which
 * ticket the URL shows, who its requester provably is, the customer's messages, the page's
 * theme. It reports them to the background over the reader port and mounts the panel's frame
 * (run-reader.ts, shared with the call panel: ../call-panel.content/).
 * The panel itself (customer data, every action) lives in panel.html, an extension page the
 * helpdesk page cannot script; nothing of the customer enters this page's DOM.
 */
import { defineContentScript } from 'wxt/utils/define-content-script';
import { adapters } from '../../adapters';
import { chooseAdapter } from '../../lib/declarative';
import { declarativeAdaptersItem } from '../../lib/storage';
import { runReader } from './run-reader';
import { trackTickets } from './ticket-tracker';

export default defineContentScript({
  // Built-in helpdesks; the background registers this script at run time on the pinned hosts (background/pinned-hosts.ts).
  matches: adapters.flatMap((a) => a.matches),
  runAt: 'document_idle',
  main: (ctx) =>
    runReader(ctx, async () => {
      const choice = chooseAdapter(new URL(location.href), document, await declarativeAdaptersItem.getValue());
      if (!choice) return null;
      const { adapter } = choice;
      return {
        source: {
          id: adapter.id,
          name: adapter.name,
          kind: choice.kind,
          why: choice.why,
          ticketIdFromUrl: (u) => adapter.ticketIdFromUrl(u),
        },
        track: (show, post) =>
          trackTickets(adapter, ctx, { view: show, messages: (key, messages) => post({ type: 'messages', key, messages }) }),
      };
    }),
});
