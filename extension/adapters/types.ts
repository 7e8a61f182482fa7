import type { Requester } from '../../shared/schemas/context';
import type { HelpdeskRef } from '../../shared/schemas/helpdesk-ref';

/** What an adapter could read about the ticket's requester, and from where. */
export interface RequesterReading {
  requester: Requester;
  /** Where each field came from, e.g. "api", "dom"; shown in diagnostics. */
  source: string;
  /** What could not be read, in words for the panel. */
  missing: string[];
}

/**
 * One helpdesk. An adapter is a plain object: it knows this helpdesk's URLs and page,
 * and nothing about the panel. It must not touch `document` at import time.
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
   * The customer's latest messages on `ticketId`, oldest first, as the page shows them now
   * (scored for sentiment on the server). Optional: helpdesks without it show no sentiment.
   */
  readMessages?(ticketId: string, requester: Requester): { text: string; at?: string }[];
  /** Reads the requester of `ticketId`; aborts with `signal` when the agent moves on. */
  readRequester(ticketId: string, signal: AbortSignal): Promise<RequesterReading>;
  /** The element to mount the panel next to; null mounts it floating over the page. */
  mountAnchor?(): Element | null;
}
