/**
 * The one rule every adapter's reading goes through before the panel may show it: a reading
 * counts for ticket T only when it is provably T's. STUB (interface only): track A implements it.
 */
import type { HelpdeskAdapter, RequesterReading } from './types';

export type RequesterWatch =
  /** Not provable yet (or the page is still swapping): show "Reading the requester…", no customer. */
  | { state: 'reading'; ticketId: string; why?: string }
  /** Accepted for this ticket; emitted again if the card re-renders with a different value. */
  | { state: 'read'; ticketId: string; reading: RequesterReading; rule: string }
  /** Gave up, bounded in time; `reason` says why in words for the panel and the popup. */
  | { state: 'failed'; ticketId: string; reason: string };

export interface RequesterWatcher {
  watch(ticketId: string, signal: AbortSignal, onChange: (w: RequesterWatch) => void): void;
}

export function createRequesterWatcher(adapter: HelpdeskAdapter): RequesterWatcher {
  return {
    watch(ticketId, signal, onChange) {
      onChange({ state: 'reading', ticketId });
      adapter.readRequester(ticketId, signal).then(
        (reading) => !signal.aborted && onChange({ state: 'read', ticketId, reading, rule: reading.source }),
        (error: Error) => !signal.aborted && onChange({ state: 'failed', ticketId, reason: `Could not read this ticket's requester: ${error.message}` }),
      );
    },
  };
}
