/**
 * The one rule every adapter's reading goes through before the panel may show it: a reading
 * counts for ticket T only when it is provably T's.
 *
 * - Adapters only look (readApi, readPage) and say which proof each reading has
 *   ('api' | 'url' | 'pane' | 'changed', see types.ts). This file decides, for all of them, so
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
import { ApiError, type AdapterParts, type HelpdeskAdapter, type ReadingProof, type Refusal, type RequesterReading } from './types';
import type { Requester } from '../../shared/schemas/context';

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

const PROOFS = new Set<ReadingProof>(['api', 'url', 'pane', 'changed']);
const HISTORY = 20;

/** Who a reading names, normalised for comparison. */
interface Identity {
  email?: string;
  phone?: string;
  id?: string;
  name?: string;
}
const identity = (r: Requester): Identity => ({
  email: r.email?.toLowerCase(),
  phone: r.phone,
  id: r.helpdeskId,
  name: r.name?.toLowerCase(),
});
const strong = (i: Identity) => !!(i.email || i.phone || i.id);
/** Same person: any shared email, phone or helpdesk id; by name only when one of them has nothing stronger. */
function samePerson(a: Identity, b: Identity): boolean {
  if ((a.email && a.email === b.email) || (a.phone && a.phone === b.phone) || (a.id && a.id === b.id)) return true;
  return (!strong(a) || !strong(b)) && !!a.name && a.name === b.name;
}
const sameValue = (a: RequesterReading, b: RequesterReading) =>
  JSON.stringify(identity(a.requester)) === JSON.stringify(identity(b.requester)) && a.proof === b.proof;
const who = (r: Requester) => r.email ?? r.phone ?? r.name ?? r.helpdeskId ?? 'someone';
const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;

export function createRequesterWatcher(adapter: HelpdeskAdapter, options: WatchOptions = {}): RequesterWatcher {
  const { timeoutMs = 6000, apiTimeoutMs = 3000, retryBudgetMs = 5000, pollMs = 50, idleMs = 400 } = options;
  /** Accepted readings of this page, newest last: what the previous ticket showed, and where. */
  const history: { ticketId: string; identity: Identity; container?: Element }[] = [];
  /** The latest watch, and whether it accepted anything before the agent moved on. */
  let latest: { ticketId: string; accepted: boolean } | null = null;
  /**
   * The ticket whose watch began right after one left unsettled (A → B → A before B's requester
   * was read): the DOM may still be swapping, and a late card of B's carries no ticket id. There a
   * 'changed' reading counts only as T's own earlier requester, or, for a ticket not read before,
   * as someone no ticket on this page was read as.
   */
  let strictFor: string | null = null;

  /** Null when `r` may be shown for `ticketId` now; else why not. The rule, in one place. */
  function judge(r: RequesterReading, ticketId: string): Refusal | null {
    const id = identity(r.requester);
    if (!strong(id) && !id.name) return { kind: 'no-match', detail: `the page shows no requester for ticket ${ticketId} yet` };
    let onTicket: string | null = null;
    try {
      onTicket = adapter.ticketIdFromUrl(new URL(location.href));
    } catch {
      onTicket = null;
    }
    if (onTicket !== ticketId) return { kind: 'other-ticket', detail: `the address does not show ticket ${ticketId} yet` };
    if (r.container) {
      const reused = history.find((h) => h.ticketId !== ticketId && h.container === r.container && samePerson(h.identity, id));
      if (reused)
        return {
          kind: 'previous-requester',
          detail: `the part of the page that showed ticket ${reused.ticketId}'s requester (${who(r.requester)}) still shows them`,
        };
    }
    if (r.proof === 'changed' && strictFor === ticketId) {
      const own = history.findLast((h) => h.ticketId === ticketId);
      const other = history.find((h) => h.ticketId !== ticketId && samePerson(h.identity, id));
      if (own ? !samePerson(own.identity, id) : other) {
        return {
          kind: 'previous-requester',
          detail: `the page is still swapping after a quick switch, and nothing on it names ticket ${ticketId}: ${who(r.requester)} may be another ticket's requester`,
        };
      }
    }
    if (r.proof === 'changed') {
      const previous = history.findLast((h) => h.ticketId !== ticketId);
      if (previous && samePerson(previous.identity, id)) {
        return {
          kind: 'previous-requester',
          detail: `the page still shows the previous ticket's requester (${who(r.requester)}), and nothing on it names ticket ${ticketId}`,
        };
      }
    }
    return null;
  }

  /** The reading to show among what the page offers, or why none. */
  function choose(
    ticketId: string,
    candidates: RequesterReading[],
    shown: RequesterReading | null,
  ): { ok: RequesterReading } | { refusal: Refusal } | null {
    if (!candidates.length) return null;
    const ok: RequesterReading[] = [];
    let refusal: Refusal | null = null;
    for (const c of candidates) {
      const r = PROOFS.has(c.proof) ? c : { ...c, proof: 'changed' as const };
      const why = judge(r, ticketId);
      if (why) refusal ??= why;
      else ok.push(r);
    }
    if (!ok.length) return { refusal: refusal! };
    const still = shown && ok.find((c) => sameValue(c, shown));
    if (still) return { ok: still };
    const provable = ok.filter((c) => c.proof !== 'changed');
    if (provable.length) return { ok: provable[0]! };
    const distinct = new Set(ok.map((c) => JSON.stringify(identity(c.requester))));
    if (distinct.size > 1)
      return {
        refusal: {
          kind: 'ambiguous',
          detail: `the page shows ${distinct.size} different requesters and nothing on it says which is ticket ${ticketId}'s`,
        },
      };
    return { ok: ok[0]! };
  }

  /** The API's answer, after any 429 waits; or why the page has to do. */
  async function fromApi(
    ticketId: string,
    signal: AbortSignal,
    onWait: (r: Refusal) => void,
  ): Promise<{ ok: RequesterReading } | { refusal: Refusal }> {
    let waited = 0;
    const started = Date.now();
    for (;;) {
      const call = new AbortController();
      let timedOut = false;
      const onAbort = () => call.abort();
      signal.addEventListener('abort', onAbort, { once: true });
      const timer = setTimeout(() => {
        timedOut = true;
        call.abort();
      }, apiTimeoutMs);
      try {
        return { ok: await adapter.readApi!(ticketId, call.signal) };
      } catch (error) {
        if (signal.aborted) return { refusal: { kind: 'api-refused', detail: 'cancelled' } };
        if (timedOut)
          return { refusal: { kind: 'api-timeout', detail: `${adapter.name}'s API did not answer within ${seconds(apiTimeoutMs)}` } };
        if (error instanceof ApiError && error.status === 429) {
          const wait = Math.max(100, error.retryAfterMs ?? 1000);
          // Bounded twice: the waits themselves, and the whole API turn (slow 429s with short waits).
          if (waited + wait > retryBudgetMs || Date.now() - started + wait > retryBudgetMs + apiTimeoutMs) {
            return {
              refusal: {
                kind: 'api-rate-limited',
                detail: `${adapter.name}'s API is rate-limited (429) and asked to wait ${seconds(wait)}, longer than Leeway waits`,
              },
            };
          }
          waited += wait;
          onWait({
            kind: 'api-rate-limited',
            detail: `${adapter.name}'s API answered 429 (rate-limited): asking again in ${seconds(wait)}`,
          });
          await new Promise<void>((resolve) => {
            const t = setTimeout(resolve, wait);
            signal.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
          });
          if (signal.aborted) return { refusal: { kind: 'api-refused', detail: 'cancelled' } };
          continue;
        }
        const detail =
          error instanceof ApiError
            ? `${adapter.name}'s API answered ${error.status}`
            : `${adapter.name}'s API could not be used (${(error as Error).message})`;
        return { refusal: { kind: 'api-refused', detail } };
      } finally {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
      }
    }
  }

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
      strictFor = latest && latest.ticketId !== ticketId && !latest.accepted ? ticketId : null;
      const me = { ticketId, accepted: false };
      latest = me;
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
        me.accepted = true;
        history.push({ ticketId, identity: identity(r.requester), container: r.container });
        if (history.length > HISTORY) history.shift();
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
          const verdict = Array.isArray(found) ? choose(ticketId, found, shown) : { refusal: found };
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
      void fromApi(ticketId, signal, stillReading).then((api) => {
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
