/**
 * What the recommender knows about one customer, gathered in one pass over their history. Every
 * offer's eligibility is then a few lookups: with 10,000 events and 50 offers, reading the events
 * once per offer would cost the whole latency budget. The server may compute these once per
 * customer and reuse them until the next event.
 */
import type { Signals } from '../schemas/signals';
import type { Tier } from '../schemas/tier';
import { parseIsoTime } from './iso-time';
import { CHURN_LEVELS, type ChurnLevel } from './offer';

const DAY = 86_400_000;

/** An event as the recommender reads it: a stored CustomerEvent fits. */
export interface FactEvent {
  type: string;
  occurredAt: string;
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
  /** The events, and when each happened (ms; NaN when unreadable), by index: one typed array, not a list per type, so a call leaves little for the garbage collector. */
  events: readonly FactEvent[];
  at: Float64Array;
  /** Counts already asked for, by type and window: 50 offers ask about a handful of windows. */
  counts: Map<string, number>;
  /** The latest order's amount, for percent offers; null when no order is known. */
  lastOrderCents: number | null;
}

export const churnRank = (level: ChurnLevel) => CHURN_LEVELS.indexOf(level);

export function customerFacts(input: {
  tier: Tier;
  customer: NbaCustomer;
  signals: Pick<Signals, 'churn' | 'repeatContact'>;
  now: number;
}): CustomerFacts {
  const events = input.customer.events;
  const times = new Float64Array(events.length);
  let lastOrderAt = -Infinity;
  let lastOrderCents: number | null = null;
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    // Validated on the way in; one unreadable anyway is NaN, which no window comparison counts.
    const at = parseIsoTime(e.occurredAt);
    times[i] = at;
    if (e.type === 'order.placed' && at > lastOrderAt) {
      const cents = (e.data as { amountCents?: unknown } | undefined)?.amountCents;
      if (typeof cents === 'number' && Number.isInteger(cents) && cents > 0) {
        lastOrderAt = at;
        lastOrderCents = cents;
      }
    }
  }
  return {
    now: input.now,
    tier: input.tier,
    churn: input.signals.churn.level,
    churnRank: churnRank(input.signals.churn.level),
    repeatContact: input.signals.repeatContact,
    consent: input.customer.consent,
    events,
    at: times,
    counts: new Map(),
    lastOrderCents,
  };
}

/** How many events of `type` happened in the last `days` days. */
export function countWithin(facts: CustomerFacts, type: string, days: number): number {
  const key = `${days} ${type}`;
  let n = facts.counts.get(key);
  if (n === undefined) {
    n = 0;
    const since = facts.now - days * DAY;
    const { events, at } = facts;
    for (let i = 0; i < events.length; i++) if (at[i]! >= since && events[i]!.type === type) n++;
    facts.counts.set(key, n);
  }
  return n;
}
