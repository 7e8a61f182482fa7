/**
 * What the recommender knows about one customer, gathered in one pass over their history. Every
 * offer's eligibility is then a few lookups: with 10,000 events and 50 offers, reading the events
 * once per offer would cost the whole latency budget. The server may compute these once per
 * customer and reuse them until the next event.
 *
 * An event's time is read (parsed) only where its type is asked about: orders, for the latest
 * order's amount, and the windows the offers count (recommend names them), all in the one pass;
 * a window nobody named reads its type's events again when countWithin is first asked. Reading
 * the time is most of an event's cost, and offers ask about a few types of the many a history
 * holds. No time is kept per event: a 10,000-slot typed array per call, outside the JS heap,
 * pushed V8 into a major collection every few hundred calls.
 */
import type { Signals } from '../schemas/signals';
import type { Tier } from '../schemas/tier';
import { readIsoTime } from './iso-time';
import { CHURN_LEVELS, type ChurnLevel } from './offer';

const DAY = 86_400_000;

/** An event as the recommender reads it: a stored CustomerEvent fits. */
export interface FactEvent {
  type: string;
  /** ISO 8601, or ms since the epoch as the server stores it (no round trip through a string). */
  occurredAt: string | number;
  data?: unknown;
}

export interface NbaCustomer {
  /** What the customer agreed to; a missing key means not asked. */
  consent: Record<string, boolean>;
  /** Any order. */
  events: readonly FactEvent[];
}

export interface CustomerFacts {
  now: number;
  tier: Tier;
  churn: ChurnLevel;
  churnRank: number;
  repeatContact: { count: number; days: number };
  consent: Record<string, boolean>;
  /** The events, read again only for a window not counted in the first pass. */
  events: readonly FactEvent[];
  /** Counts already known, by type and window: 50 offers ask about a handful of windows. */
  counts: Map<string, number>;
  /** The latest order's amount, for percent offers; null when no order is known. */
  lastOrderCents: number | null;
}

export const churnRank = (level: ChurnLevel) => CHURN_LEVELS.indexOf(level);

/** A count some offer asks for: how many events of `type` in the last `days` days. */
export interface EventWindow {
  type: string;
  days: number;
}

const keyOf = (type: string, days: number) => `${days} ${type}`;

/** An event's time into out[0]: a stored time as it is, a written one parsed. */
export function readTime(e: FactEvent, out: Float64Array): void {
  if (typeof e.occurredAt === 'number') out[0] = e.occurredAt;
  else readIsoTime(e.occurredAt, out, 0);
}

/** One event's time is read into this (ms; NaN when unreadable): a time returned would be a new heap number. */
const time = new Float64Array(1);

/** The windows by type, each type once, so the pass compares an event's type once per type asked. */
interface Asked {
  types: string[];
  /** By type: the windows' cut-offs (ms), keys and counts so far. */
  since: number[][];
  keys: string[][];
  counts: number[][];
}

function askedOf(windows: readonly EventWindow[], now: number): Asked {
  const asked: Asked = { types: [], since: [], keys: [], counts: [] };
  for (const w of windows) {
    const key = keyOf(w.type, w.days);
    let k = asked.types.indexOf(w.type);
    if (k < 0) {
      k = asked.types.push(w.type) - 1;
      asked.since.push([]);
      asked.keys.push([]);
      asked.counts.push([]);
    }
    if (asked.keys[k]!.includes(key)) continue;
    asked.since[k]!.push(now - w.days * DAY);
    asked.keys[k]!.push(key);
    asked.counts[k]!.push(0);
  }
  return asked;
}

/** One pass over the events: the latest order, and every window in `windows` counted against its precomputed cut-off. */
export function customerFacts(input: {
  tier: Tier;
  customer: NbaCustomer;
  signals: Pick<Signals, 'churn' | 'repeatContact'>;
  now: number;
  windows?: readonly EventWindow[];
}): CustomerFacts {
  const events = input.customer.events;
  const asked = askedOf(input.windows ?? [], input.now);
  const types = asked.types;
  let lastOrderAt = Number.NEGATIVE_INFINITY;
  let lastOrderCents: number | null = null;
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    const type = e.type;
    let read = false;
    if (type === 'order.placed') {
      // Validated on the way in; one unreadable anyway is NaN, which no comparison counts.
      readTime(e, time);
      read = true;
      const at = time[0]!;
      if (at > lastOrderAt) {
        const cents = (e.data as { amountCents?: unknown } | undefined)?.amountCents;
        if (typeof cents === 'number' && Number.isInteger(cents) && cents > 0) {
          lastOrderAt = at;
          lastOrderCents = cents;
        }
      }
    }
    for (let k = 0; k < types.length; k++) {
      if (type !== types[k]) continue;
      if (!read) readTime(e, time);
      const at = time[0]!;
      const since = asked.since[k]!;
      const counts = asked.counts[k]!;
      for (let w = 0; w < since.length; w++) if (at >= since[w]!) counts[w]!++;
      break;
    }
  }
  const counts = new Map<string, number>();
  for (let k = 0; k < types.length; k++) asked.keys[k]!.forEach((key, w) => counts.set(key, asked.counts[k]![w]!));
  return {
    now: input.now,
    tier: input.tier,
    churn: input.signals.churn.level,
    churnRank: churnRank(input.signals.churn.level),
    repeatContact: input.signals.repeatContact,
    consent: input.customer.consent,
    events,
    counts,
    lastOrderCents,
  };
}

/** How many events of `type` happened in the last `days` days. */
export function countWithin(facts: CustomerFacts, type: string, days: number): number {
  const key = keyOf(type, days);
  let n = facts.counts.get(key);
  if (n === undefined) {
    n = 0;
    const since = facts.now - days * DAY;
    const events = facts.events;
    for (let i = 0; i < events.length; i++) {
      const e = events[i]!;
      if (e.type !== type) continue;
      readTime(e, time);
      if (time[0]! >= since) n++;
    }
    facts.counts.set(key, n);
  }
  return n;
}
