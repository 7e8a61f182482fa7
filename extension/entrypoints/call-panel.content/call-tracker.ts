/**
 * The content script's job on a contact-center desktop: which contact is on screen and who is on
 * the line, from the main-world reader's messages (entrypoints/call-reader.content.ts). The same
 * views as ticket-tracker.ts, so the background and the panel need nothing new: the "ticket" is
 * the contact, keyed by its id, and the requester is the caller's number.
 *
 * The page can post these messages too. It can therefore name a contact and a number, which is
 * what the page shows the agent anyway, and nothing else: no customer id, no token. A message
 * must come from this window and origin and match the schema exactly, for this desktop; a contact
 * that ended stays ended (a late or replayed "ringing" for it is ignored), and each contact keeps
 * its own number, so a message about one call never changes who another call is.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { CALL_HELLO, CallReading, type CallState } from '@shared/schemas/call-reading';
import type { Requester } from '@shared/schemas/context';
import { callerRequester } from '../../calls/caller-requester';
import type { CallDesktop } from '../../calls/desktops';
import type { ReaderView } from '../../lib/messages';

interface Contact {
  id: string;
  state: CallState;
  channel: 'voice' | 'chat';
  requester: Requester;
  missing: string[];
  /** When it first connected: handle time (talk and after-call work) counts from then. */
  answeredAt?: number;
}

/** How many ended contacts to remember: enough for a day's calls, bounded against a flooding page. */
const ENDED_KEPT = 500;

export function trackCalls(desktop: CallDesktop, ctx: ContentScriptContext, onView: (view: ReaderView) => void) {
  const live = new Map<string, Contact>();
  const ended = new Set<string>();
  /** The contact shown: the one that last rang or connected. */
  let shownId: string | null = null;
  let seq = 0;
  let current: ReaderView = { seq, ticket: null };

  const viewOf = (c: Contact): ReaderView => ({
    seq,
    ticket: {
      key: `${desktop.id}:${c.id}`,
      id: c.id,
      call: { state: c.state, channel: c.channel, ...(c.answeredAt ? { answeredAt: c.answeredAt } : {}) },
    },
    reading: { state: 'read', requester: c.requester, missing: c.missing },
  });

  function publish() {
    const c = shownId ? live.get(shownId) : undefined;
    const reading = (v: ReaderView) => (v.ticket ? JSON.stringify([v.ticket.id, v.reading]) : null);
    // A new seq whenever what the panel shows could be wrong: another contact or another caller.
    if (c ? reading(current) !== reading(viewOf(c)) : current.ticket !== null) seq++;
    const next: ReaderView = c ? viewOf(c) : { seq, ticket: null };
    if (JSON.stringify(next) === JSON.stringify(current)) return;
    current = next;
    onView(next);
  }

  function accept(r: CallReading) {
    if (ended.has(r.contactId)) return;
    if (r.state === 'ended') {
      live.delete(r.contactId);
      ended.add(r.contactId);
      if (ended.size > ENDED_KEPT) ended.delete(ended.values().next().value!);
      // The latest other live contact takes the panel, or nothing does.
      if (shownId === r.contactId) shownId = [...live.keys()].at(-1) ?? null;
      return publish();
    }
    const known = live.get(r.contactId);
    // The caller is read once, when the contact first says who it is: a later message cannot swap it.
    const caller = known && (known.requester.phone || known.requester.email) ? known : callerRequester(r);
    const active = r.state !== 'wrap-up';
    // Map order is recency of ringing or connecting: the fallback when the shown contact ends.
    if (active) live.delete(r.contactId);
    const answeredAt = known?.answeredAt ?? (r.state === 'ringing' ? undefined : Date.now());
    live.set(r.contactId, {
      id: r.contactId,
      state: r.state,
      channel: r.channel,
      requester: caller.requester,
      missing: caller.missing,
      answeredAt,
    });
    if (active || !shownId || !live.has(shownId)) shownId = r.contactId;
    publish();
  }

  ctx.addEventListener(window, 'message', (e: MessageEvent) => {
    if (e.source !== window || e.origin !== location.origin) return;
    const parsed = CallReading.safeParse(e.data);
    if (parsed.success && parsed.data.desktop === desktop.id) accept(parsed.data);
  });
  onView(current);
  // Calls that rang before this script started (document_idle) are said again by the reader.
  window.postMessage({ type: CALL_HELLO }, location.origin);

  return {
    current: () => current,
    /** No messages are read on a desktop: the sentiment trend is for written tickets. */
    resendMessages() {},
  };
}
