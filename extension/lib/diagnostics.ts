/** What the popup shows about the active tab: which adapter runs, what it read and why. */
import type { Requester } from '../../shared/schemas/context';
import type { ConnectionStatus } from './messages';

/** What the content script on a tab knows about the page: which adapter, what it read, the connection. */
export interface Diagnostics {
  url: string;
  adapter: { id: string; name: string; kind: 'built-in' | 'self-hosted' | 'declarative' };
  /** Null when the URL is not a ticket page for this adapter. */
  ticketId: string | null;
  phase: string;
  requester: Requester | null;
  /** Where the requester was read from, e.g. "zendesk api", "page", "url". */
  source: string | null;
  missing: string[];
  failure: string | null;
  /** Identities the server tried when no customer matched. */
  tried: string[];
  customerName: string | null;
  status: ConnectionStatus;
}
