/**
 * The one rule every adapter's reading goes through before the panel may show it: a reading
 * counts for ticket T only when it is provably T's.
 *
 * - Adapters only look (readApi, readPage) and say which proof each reading has
 *   ('api' | 'url' | 'pane' | 'changed', see types.ts). This watcher decides, for all of them (the rule
 *   itself in watch/previous-reads.ts, the API's turn in watch/api-turn.ts), so
 *   a new adapter cannot skip the rule:
 *   - nothing is accepted while the address does not show T (the DOM lags the URL, never leads it);
 *   - a reading without an identity (no email, phone, helpdesk id or name) is "not yet";
 *   - a container (pane, card, form) that gave another ticket's accepted reading cannot give the
 *     same person for T: that is the previous pane still mounted (Zendesk's bug in issue 15);
 *   - 'changed' readings (pages that do not name the ticket) never equal the previous ticket's
 *     accepted reading, however often the card is redrawn; several different ones at once are
 *     ambiguous, so none is taken; an unknown or missing proof counts as 'changed'.
 * - Until then the state is 'reading' and the watcher keeps looking, on every DOM change and on a
 *   short poll (changes inside shadow roots and frames are invisible to a MutationObserver).
 *   After `timeoutMs` it says 'failed' with the reason in words, and keeps looking quietly.
 * - After acceptance it keeps looking: the same value again → nothing; a different provable
 *   value (the card re-rendered with another requester) → 'read' again.
 * - The helpdesk's API comes first when the adapter has one. A 429 is asked again after its
 *   Retry-After (at most `retryBudgetMs` of waiting in all), not replaced by the page at once;
 *   a 403/404/5xx, a network error or a timeout falls back to the page, through the same rule.
 */
import type { AdapterParts, HelpdeskAdapter, ReadingProof, Refusal, RequesterReading } from './types';
import { apiTurn } from './watch/api-turn';
import { sameValue, seconds } from './watch/identity';
import { previousReads } from './watch/previous-reads';

export type RequesterWatch =
  /** Not provable yet (or the page is still swapping): show "Reading the requester…", no customer. */
  | { state: 'reading'; ticketId: string; why?: string; refusal?: Refusal }
  /** Accepted for this ticket; emitted again if the card re-renders with a different value. `rule` is the reading's proof. */
  | { state: 'read'; ticketId: string; reading: RequesterReading; rule: ReadingProof }
  /** Gave up, bounded in time; `reason` says why in words for the panel and the popup. */
  | { state: 'failed'; ticketId: string; reason: string; refusal?: Refusal };

export interface RequesterWatcher {
  watch(ticketId: string, signal: AbortSignal, onChange: (w: RequesterWatch) => void): void;
}

export interface WatchOptions {
  /** How long 'reading' may last (after the API's turn) before 'failed'. Above the 1 s a DOM may lag its URL. */
  timeoutMs?: number;
  /** One API call. */
  apiTimeoutMs?: number;
  /** All Retry-After waits of one ticket together. */
  retryBudgetMs?: number;
  /** How often to look while reading (shadow roots and frames send no mutation events). */
  pollMs?: number;
  /** How often to look once read or failed, for re-renders. */
  idleMs?: number;
}

export function createRequesterWatcher(adapter: HelpdeskAdapter, options: WatchOptions = {}): RequesterWatcher {
  const { timeoutMs = 6000, apiTimeoutMs = 3000, retryBudgetMs = 5000, pollMs = 50, idleMs = 400 } = options;
  const rule = previousReads(adapter);

  function readPage(ticketId: string): RequesterReading[] | Refusal {
    try {
      return adapter.readPage(ticketId);
    } catch (error) {
      return { kind: 'adapter-error', detail: `the ${adapter.name} adapter failed reading the page (${(error as Error).message})` };
    }
  }

  return {
    watch(ticketId, signal, onChange) {
      if (signal.aborted) return;
      const previous = rule.begin(ticketId);
      let shown: RequesterReading | null = null;
      let failed = false;
      let lastWhy: string | null | undefined = null; // null: nothing emitted yet
      let refusal: Refusal | null = null;
      let apiRefusal: Refusal | null = null;
      const emit = (w: RequesterWatch) => !signal.aborted && onChange(w);
      const stillReading = (r: Refusal | null) => {
        if (shown || failed || r?.detail === lastWhy) return;
        lastWhy = r?.detail;
        emit(r ? { state: 'reading', ticketId, why: r.detail, refusal: r } : { state: 'reading', ticketId });
      };
      const remember = (r: RequesterReading) => {
        shown = r;
        previous.remember(r);
      };
      const accept = (r: RequesterReading) => {
        remember(r);
        failed = false;
        emit({ state: 'read', ticketId, reading: r, rule: r.proof });
      };
      stillReading(null);

      /** Looks at `look()` on every DOM change and every poll until aborted; fails after timeoutMs unless read. */
      const keepLooking = (look: () => RequesterReading[] | Refusal, stopWhenRead: boolean) => {
        let timer: ReturnType<typeof setTimeout> | undefined;
        // DOM changes coalesce into one look: at once while reading; at most every idleMs once read or
        // failed, so a busy helpdesk page costs a look or two a second, not one per mutation.
        let soon: ReturnType<typeof setTimeout> | undefined;
        const observer =
          typeof MutationObserver === 'undefined'
            ? null
            : new MutationObserver(() => (soon ??= setTimeout(check, shown || failed ? idleMs : 0)));
        const stop = () => {
          observer?.disconnect();
          clearTimeout(timer);
          clearTimeout(soon);
          clearTimeout(deadline);
        };
        function check() {
          soon = undefined;
          if (signal.aborted) return stop();
          const found = look();
          const verdict = Array.isArray(found) ? rule.choose(ticketId, found, shown) : { refusal: found };
          if (verdict && 'ok' in verdict) {
            if (!shown || !sameValue(shown, verdict.ok)) accept(verdict.ok);
            // Same value from a redrawn container: nothing to show, but that container is now this ticket's too.
            else if (verdict.ok.container !== shown.container) remember(verdict.ok);
            if (stopWhenRead) return stop();
          } else if (verdict) {
            refusal = verdict.refusal;
            stillReading(refusal);
          }
          clearTimeout(timer);
          timer = setTimeout(check, shown || failed ? idleMs : pollMs);
        }
        const deadline = setTimeout(() => {
          if (shown || signal.aborted) return;
          failed = true;
          const page = refusal ??
            adapter.explainMiss?.(ticketId) ?? {
              kind: 'no-match' as const,
              detail: `ticket ${ticketId}'s requester did not appear on the page within ${seconds(timeoutMs)}`,
            };
          const detail = apiRefusal ? `${apiRefusal.detail}, and ${page.detail}` : page.detail;
          emit({ state: 'failed', ticketId, reason: `could not read the requester: ${detail}`, refusal: { kind: page.kind, detail } });
        }, timeoutMs);
        signal.addEventListener('abort', stop, { once: true });
        observer?.observe(document.documentElement ?? document, { subtree: true, childList: true, attributes: true, characterData: true });
        check();
      };

      if (!adapter.readApi) return keepLooking(() => readPage(ticketId), false);
      void apiTurn(adapter, ticketId, signal, stillReading, { apiTimeoutMs, retryBudgetMs }).then((api) => {
        if (signal.aborted) return;
        // The API's answer still waits for the address to show the ticket; the page's goes through the same rule.
        if ('ok' in api) return keepLooking(() => [{ ...api.ok, proof: 'api' }], true);
        apiRefusal = api.refusal;
        stillReading(apiRefusal);
        keepLooking(() => readPage(ticketId), false);
      });
    },
  };
}

/** One watcher per adapter for define()'s readRequester, so it too remembers the previous ticket. */
const shared = new WeakMap<object, RequesterWatcher>();

/** An adapter file's object, with readRequester for callers not yet on the watcher. */
export function define(parts: AdapterParts): HelpdeskAdapter {
  const adapter: HelpdeskAdapter = {
    ...parts,
    readRequester: (ticketId, signal) =>
      new Promise((resolve, reject) => {
        if (!shared.has(adapter)) shared.set(adapter, createRequesterWatcher(adapter));
        const inner = new AbortController();
        const cancelled = () => (inner.abort(), reject(new Error(`reading ticket ${ticketId} was cancelled`)));
        if (signal.aborted) return cancelled();
        signal.addEventListener('abort', cancelled, { once: true });
        shared.get(adapter)!.watch(ticketId, inner.signal, (w) => {
          if (w.state === 'reading') return;
          signal.removeEventListener('abort', cancelled);
          inner.abort();
          if (w.state === 'read') resolve(w.reading);
          else reject(new Error(w.reason));
        });
      }),
  };
  return adapter;
}
