/**
 * The content script on a call's page: a contact-center desktop (calls announced by the
 * platform's library, read in the page's world by call-reader.content.ts and followed here by
 * call-tracker.ts), this server's signed screen-pop page, or its Genesys Cloud widget. Like the
 * helpdesk reader it only reads, and mounts the panel's frame (../reader.content/run-reader.ts);
 * the background registers it on those pages only (background/pinned-hosts.ts), so helpdesk pages
 * never load the call trackers, their validation or the phone-number metadata.
 */
import { defineContentScript } from 'wxt/utils/define-content-script';
import { callDesktopFor, callDesktops } from '../../calls/desktops';
import { runReader, type PageSource } from '../reader.content/run-reader';
import { trackCalls } from './call-tracker';
import { isPopPage, trackPop } from './pop-tracker';
import { isGenesysWidgetPage, trackGenesysWidget } from './widget-tracker';

/** A call's page names no ticket in its URL: the call is the ticket. */
const callSource = (id: string, name: string, why: string): PageSource => ({
  id,
  name,
  why,
  kind: 'built-in',
  ticketIdFromUrl: () => null,
});

export default defineContentScript({
  // The desktops' pages; the background registers this script at run time on the pinned hosts (and this server's pop and widget pages).
  matches: callDesktops.flatMap((d) => d.matches),
  runAt: 'document_idle',
  main: (ctx) =>
    runReader(ctx, async () => {
      const url = new URL(location.href);
      if (isPopPage(url, document))
        return {
          source: callSource('screen-pop', 'Screen pop', 'a signed screen-pop link on your Leeway server'),
          track: (show) => trackPop(url, (next) => show(next, null)),
        };
      if (isGenesysWidgetPage(url, document))
        return {
          source: callSource(
            'genesys',
            'Genesys Cloud',
            'Leeway’s interaction widget inside Genesys Cloud: the server asks Genesys who is calling',
          ),
          track: (show) => trackGenesysWidget(url, (next) => show(next, null)),
        };
      const desktop = callDesktopFor(url);
      if (!desktop) return null;
      return {
        source: callSource(
          desktop.id,
          desktop.name,
          `a ${desktop.name} desktop: calls are read from the platform's own library on the page`,
        ),
        track: (show) => trackCalls(desktop, ctx, (next) => show(next, null)),
      };
    }),
});
