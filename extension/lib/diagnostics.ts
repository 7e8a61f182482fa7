/** What the popup shows about the active tab: which adapter runs, what it read and why. */
import type { Requester } from '@shared/schemas/context';
import type { ReadingProof, Refusal } from '../adapters/types';
import type { ConnectionStatus } from './connection-status';

export type { ReadingProof, Refusal, RefusalKind } from '../adapters/types';

/** What the content script on a tab knows about the page: which adapter, what it read, the connection. */
export interface Diagnostics {
  url: string;
  adapter: {
    id: string;
    name: string;
    kind: 'built-in' | 'self-hosted' | 'declarative';
    /** Why this adapter won the host: AdapterChoice.why from chooseAdapter() (extension/lib/declarative.ts). */
    why?: string;
  };
  /** Null when the URL is not a ticket page for this adapter. */
  ticketId: string | null;
  /** The ticket the reader follows (ReaderView's key), which the popup's customer must be for. */
  ticketKey: string | null;
  phase: string;
  requester: Requester | null;
  /** Where the requester was read from, e.g. "zendesk api", "page", "url". */
  source: string | null;
  /**
   * The reading rule the shown requester passed (RequesterWatch 'read' → `rule`): 'api' (the
   * helpdesk's API for this ticket), 'url', 'pane' (the ticket's own pane) or 'changed' (differs
   * from the previous ticket's). Null while nothing is accepted.
   */
  rule?: ReadingProof | null;
  /**
   * Why the latest reading was refused or failed (RequesterWatch 'reading'/'failed' → `refusal`):
   * no match, inside a frame or a shadow root, API refused / rate-limited / timed out, still the
   * previous ticket's requester, …. Null once a reading is accepted.
   */
  refusal?: Refusal | null;
  missing: string[];
  failure: string | null;
  /** Identities the server tried when no customer matched. */
  tried: string[];
  status: ConnectionStatus;
}

/** What the popup shows: the content script's diagnostics, and the customer the background says the tab's panel shows. */
export interface TabDiagnostics extends Diagnostics {
  customerName: string | null;
}
