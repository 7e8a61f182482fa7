/**
 * The content script's job on a screen-pop page (this server's /pop, opened by a contact-center
 * platform when a call rings): one call, the one the signed link names. The view carries the link
 * as it is; the server verifies it and takes the caller from it (services/pop.ts), so nothing read
 * here can name another caller. An incomplete link makes no view: the page itself says what is wrong.
 */
import { PopQuery } from '@shared/schemas/pop';
import { callerRequester } from '../../calls/caller-requester';
import type { ReaderView } from '../../lib/messages';

/** Whether this page is the server's pop page that accepted its link (routes/pop.ts marks it). */
export const isPopPage = (url: URL, doc: Document) => url.pathname === '/pop' && !!doc.body?.hasAttribute('data-leeway-pop');

export function trackPop(url: URL, onView: (view: ReaderView) => void) {
  const parsed = PopQuery.safeParse(Object.fromEntries(url.searchParams));
  const { requester, missing } = parsed.success
    ? callerRequester({ channel: 'voice', from: parsed.data.ani })
    : { requester: {}, missing: [] };
  const view: ReaderView = parsed.success
    ? {
        seq: 1,
        ticket: {
          key: `screen-pop:${parsed.data.contact}`,
          id: parsed.data.contact,
          call: { state: 'ringing', channel: 'voice' },
          pop: parsed.data,
        },
        reading: { state: 'read', requester, missing },
      }
    : { seq: 1, ticket: null };
  onView(view);
  return { current: () => view, resendMessages() {} };
}
