import type { Requester } from '@shared/schemas/context';
import type { HelpdeskRef } from '@shared/schemas/helpdesk-ref';

/**
 * How a reading is tied to its ticket: the one thing that lets the panel show it (see
 * watch-requester.ts, which enforces it for every adapter):
 * - 'api': the helpdesk's own API answered for this ticket id;
 * - 'url': read from this ticket's URL itself;
 * - 'pane': read inside a container the page keys by this ticket (a pane carrying the ticket id,
 *   a view whose breadcrumb shows the ticket number); the adapter proves it and names the container;
 * - 'changed': nothing on the page names the ticket, so the value only counts when it differs from
 *   the previous ticket's accepted reading.
 */
export type ReadingProof = 'api' | 'url' | 'pane' | 'changed';

/** What an adapter could read about the ticket's requester, from where, and what ties it to the ticket. */
export interface RequesterReading {
  requester: Requester;
  /** Where each field came from, e.g. "zendesk api", "page"; shown in diagnostics. */
  source: string;
  /** What could not be read, in words for the panel. */
  missing: string[];
  proof: ReadingProof;
  /**
   * The element the page reading came from (its pane, card or form). The watcher refuses a
   * container that already gave another ticket's accepted reading with the same identity.
   */
  container?: Element;
}

/** Why a reading was refused or failed, for the popup; `detail` says it in words. */
export type RefusalKind =
  | 'no-match' // nothing on the page for this ticket (yet)
  | 'in-frame' // the selector matches only inside an iframe it does not enter
  | 'in-shadow-root' // the selector matches only inside a shadow root it does not enter
  | 'api-refused' // the helpdesk's API answered an error (403, 404, 5xx…) or could not be reached
  | 'api-rate-limited' // 429
  | 'api-timeout'
  | 'previous-requester' // the page still shows the previous ticket's requester
  | 'other-ticket' // the address does not show this ticket (yet)
  | 'ambiguous' // several requesters on the page and none provably this ticket's
  | 'adapter-error';
export interface Refusal {
  kind: RefusalKind;
  detail: string;
}

/** A refusal by the helpdesk's API, with what the watcher needs to decide: retry (429) or the page. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    /** Retry-After, in ms, when the answer carried one. */
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
  }
}

/**
 * One helpdesk. An adapter is a plain object: it knows this helpdesk's URLs and page,
 * and nothing about the panel. It must not touch `document` at import time. It never waits
 * and never decides that a reading is good enough: createRequesterWatcher() does, for all.
 */
export interface HelpdeskAdapter {
  /** A built-in helpdesk, or custom:<name> for a declarative adapter. */
  id: HelpdeskRef;
  name: string;
  /** Match patterns for the content script; empty for self-hosted products with no fixed host. */
  matches: string[];
  /**
   * For self-hosted products (matches: []): whether this page, on an origin registered at run
   * time, is this helpdesk. Read by the dynamic registration, not by adapterFor().
   */
  detect?(url: URL, doc: Document): boolean;
  /** The ticket this URL shows, or null when the page is not a ticket. */
  ticketIdFromUrl(url: URL): string | null;
  /**
   * The path of ticket `id` on this helpdesk's host (`id` already URL-encoded), for the QA
   * console's "open ticket" link; null when this helpdesk's ticket address needs more than the id.
   */
  ticketPath(id: string): string | null;
  /**
   * The customer's latest messages on `ticketId`, oldest first, as the page shows them now
   * (scored for sentiment on the server). Optional: helpdesks without it show no sentiment.
   */
  readMessages?(ticketId: string, requester: Requester): { text: string; at?: string }[];
  /** The helpdesk's own same-origin API for `ticketId` (proof 'api'); throws ApiError when it refuses. */
  readApi?(ticketId: string, signal: AbortSignal): Promise<RequesterReading>;
  /**
   * One look at the page now, never waiting: the requesters it shows that may be `ticketId`'s,
   * each with its proof; empty while there are none. Reaches same-origin frames and open shadow roots.
   */
  readPage(ticketId: string): RequesterReading[];
  /** Why readPage finds nothing, asked only when a reading fails (it may search the whole page). */
  explainMiss?(ticketId: string): Refusal | null;
  /**
   * @deprecated for callers not yet on createRequesterWatcher(): the first reading the
   * watcher accepts for `ticketId` (rejects when it fails or `signal` aborts).
   */
  readRequester(ticketId: string, signal: AbortSignal): Promise<RequesterReading>;
  /** The element to mount the panel next to; null mounts it floating over the page. */
  mountAnchor?(): Element | null;
}

/** An adapter as its file writes it; define() in watch-requester.ts adds readRequester. */
export type AdapterParts = Omit<HelpdeskAdapter, 'readRequester'>;
