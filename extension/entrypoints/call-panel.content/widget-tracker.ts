/**
 * The content script's job on a platform's widget page (this server's /widgets/genesys, framed by
 * Genesys Cloud's desktop beside a conversation): one conversation, the one the URL names. The view
 * names no caller: the server asks Genesys who is calling (server/src/services/genesys-widget.ts),
 * so nothing on this page, nor the desktop framing it, can name another customer.
 */
import type { ReaderView } from '../../lib/messages';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether this page is the server's Genesys widget page that accepted its conversation (routes/widgets/genesys.ts marks it). */
export const isGenesysWidgetPage = (url: URL, doc: Document) =>
  url.pathname === '/widgets/genesys' && !!doc.body?.hasAttribute('data-leeway-widget');

export function trackGenesysWidget(url: URL, onView: (view: ReaderView) => void) {
  const id = url.searchParams.get('conversation') ?? '';
  // Genesys shows the widget for a conversation the agent is handling: on the call (a widget has no ringing phase).
  const view: ReaderView = UUID.test(id)
    ? {
        seq: 1,
        ticket: { key: `genesys:${id}`, id, call: { state: 'connected', channel: 'voice' } },
        reading: { state: 'read', requester: {}, missing: [] },
      }
    : { seq: 1, ticket: null };
  onView(view);
  return { current: () => view, resendMessages() {} };
}
