/**
 * The call reader, in the page's main world on a contact-center desktop (extension/calls): it
 * waits for the platform's own library, follows its contacts, and posts each change to the
 * isolated content script (call-panel.content/call-tracker.ts), which trusts nothing it says beyond
 * a contact id and a number. It reads; it never calls anything that changes the call. Registered
 * at run time on pinned desktop hosts only (background/pinned-hosts.ts), at document_start, so it
 * takes postMessage before any page script could replace it.
 */
import { defineContentScript } from 'wxt/utils/define-content-script';
import { callDesktopFor, callDesktops } from '../calls/desktops';
import { findStreams, watchAmazonConnect } from '../calls/readers/amazon-connect';
import { postCall } from '../calls/readers/post';
import { findFlexStore, watchTwilioFlex } from '../calls/readers/twilio-flex';

/** How often, and how long, to look for the platform's library: it loads after the page. */
const LOOK_EVERY_MS = 100;
const GIVE_UP_AFTER_MS = 10 * 60_000;

export default defineContentScript({
  matches: callDesktops.flatMap((d) => d.matches),
  world: 'MAIN',
  runAt: 'document_start',
  main() {
    const desktop = callDesktopFor(new URL(location.href));
    if (!desktop) return;
    const emit = postCall(desktop.id);
    const attach: () => boolean =
      desktop.id === 'amazon-connect'
        ? () => {
            const streams = findStreams(window);
            if (streams) watchAmazonConnect(streams, emit);
            return !!streams;
          }
        : () => {
            const store = findFlexStore(window);
            if (store) watchTwilioFlex(store, emit);
            return !!store;
          };
    const later = window.setTimeout.bind(window);
    const started = Date.now();
    const look = () => {
      let attached = false;
      try {
        attached = attach();
      } catch {
        // A half-loaded library: look again.
      }
      if (!attached && Date.now() - started < GIVE_UP_AFTER_MS) later(look, LOOK_EVERY_MS);
    };
    look();
  },
});
