/**
 * The content script on a call's page: a contact-center desktop (calls announced by the
 * platform's library, read in the page's world by call-reader.content.ts), this server's signed
 * screen-pop page, or its Genesys Cloud widget. Like the helpdesk reader it only reads, and mounts
 * the panel's frame (reader.content/run-reader.ts); the background registers it on those pages
 * only (background/pinned-hosts.ts), so helpdesk pages never load the call trackers.
 */
import { defineContentScript } from 'wxt/utils/define-content-script';
import { callDesktopFor, callDesktops } from '../calls/desktops';
import { trackCalls } from './reader.content/call-tracker';
import { isPopPage, trackPop } from './reader.content/pop-tracker';
import { runReader, type PageSource } from './reader.content/run-reader';
import { isGenesysWidgetPage, trackGenesysWidget } from './reader.content/widget-tracker';

const SCREEN_POP: PageSource = {
  id: 'screen-pop',
  name: 'Screen pop',
  kind: 'built-in',
  why: 'a signed screen-pop link on your Leeway server',
  ticketIdFromUrl: () => null,
};

const GENESYS_WIDGET: PageSource = {
  id: 'genesys',
  name: 'Genesys Cloud',
  kind: 'built-in',
  why: 'Leeway’s interaction widget inside Genesys Cloud: the server asks Genesys who is calling',
  ticketIdFromUrl: () => null,
};

export default defineContentScript({
  // The desktops' pages; the background registers this script at run time on the pinned hosts (and this server's pop and widget pages).
  matches: callDesktops.flatMap((d) => d.matches),
  runAt: 'document_idle',
  main: (ctx) =>
    runReader(ctx, async () => {
      const url = new URL(location.href);
      if (isPopPage(url, document)) return { source: SCREEN_POP, track: (show) => trackPop(url, (next) => show(next, null)) };
      if (isGenesysWidgetPage(url, document))
        return { source: GENESYS_WIDGET, track: (show) => trackGenesysWidget(url, (next) => show(next, null)) };
      const desktop = callDesktopFor(url);
      if (!desktop) return null;
      return {
        source: {
          id: desktop.id,
          name: desktop.name,
          kind: 'built-in',
          why: `a ${desktop.name} desktop: calls are read from the platform's own library on the page`,
          ticketIdFromUrl: () => null,
        },
        track: (show) => trackCalls(desktop, ctx, (next) => show(next, null)),
      };
    }),
});
