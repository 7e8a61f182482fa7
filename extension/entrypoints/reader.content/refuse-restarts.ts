/**
 * WXT ends a content script's context when a newer copy of the same script announces itself: a
 * CustomEvent on `document` named `<extension id>:reader:wxt:content-script-started`. Any page
 * script can dispatch that event (a published extension's id is public), and an ended context
 * removes the panel's frame and drops every listener: a hostile page could make the panel vanish
 * mid-call, or stop it following the next ticket. Leeway never needs the announcement: an updated
 * extension orphans the old script, which notices by its runtime id (ctx.isInvalid), and a second
 * copy in the same page stops itself (index.ts). So it is stopped on the window, in the capture
 * phase, before it reaches WXT's listener on the document.
 */
import { ContentScriptContext } from 'wxt/utils/content-script-context';

/** WXT's own name for it (private in its types; the e2e attack test fails if WXT renames it). */
const STARTED = (ContentScriptContext as unknown as { SCRIPT_STARTED_MESSAGE_TYPE: string }).SCRIPT_STARTED_MESSAGE_TYPE;

export function refuseRestarts(ctx: ContentScriptContext): void {
  window.addEventListener(STARTED, (e) => e.stopImmediatePropagation(), {
    capture: true,
    signal: ctx.signal,
  });
}
