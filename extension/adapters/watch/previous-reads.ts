/**
 * The rule, in one place: what this page's earlier tickets were read as, and whether a reading
 * may be shown for ticket T now (see watch-requester.ts for the whole contract). One per watcher:
 * it remembers across the tickets the agent moves through.
 */
import type { HelpdeskAdapter, ReadingProof, Refusal, RequesterReading } from '../types';
import { identity, type Identity, samePerson, sameValue, strong, who } from './identity';

const PROOFS = new Set<ReadingProof>(['api', 'url', 'pane', 'changed']);
const HISTORY = 20;

export type Choice = { ok: RequesterReading } | { refusal: Refusal } | null;

export interface PreviousReads {
  /** A watch of `ticketId` begins; `remember` records what it accepted. */
  begin(ticketId: string): { remember(r: RequesterReading): void };
  /** The reading to show among what the page offers, or why none; null when it offers nothing. */
  choose(ticketId: string, candidates: RequesterReading[], shown: RequesterReading | null): Choice;
}

export function previousReads(adapter: HelpdeskAdapter): PreviousReads {
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

  /** Null when `r` may be shown for `ticketId` now; else why not. */
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

  return {
    begin(ticketId) {
      strictFor = latest && latest.ticketId !== ticketId && !latest.accepted ? ticketId : null;
      const me = { ticketId, accepted: false };
      latest = me;
      return {
        remember(r) {
          me.accepted = true;
          history.push({ ticketId, identity: identity(r.requester), container: r.container });
          if (history.length > HISTORY) history.shift();
        },
      };
    },

    choose(ticketId, candidates, shown) {
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
    },
  };
}
