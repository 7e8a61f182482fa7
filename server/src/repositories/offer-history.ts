import { and, desc, eq, gte, inArray } from 'drizzle-orm';
import type { FactEvent } from '@shared/nba/facts';
import type { Database } from '../db/database';

/** The longest window an offer's eligibility may name (shared/nba/offer.ts: withinDays ≤ 366). */
const LONGEST_WINDOW_MS = 366 * 86_400_000;
/** As many as the recommender is measured on (bench/recommendations.ts): the newest win. */
export const HISTORY_LIMIT = 10_000;

/**
 * A customer's events as the recommender reads them: the last year's of the types its offers read
 * (shared/nba/eligibility.ts typesRead), newest first, bounded. Only those: a customer's history is
 * mostly other types (page visits, failed payments the signals count), and reading each row's data
 * was most of an ask's time.
 */
export function createOfferHistoryRepository({ q, t }: Database) {
  return {
    /** Times stay the stored ms: the recommender reads them as they are, with no round trip through a string. */
    async of(tenantId: string, customerId: string, now: number, types: readonly string[]): Promise<FactEvent[]> {
      if (!types.length) return [];
      return q
        .select({ type: t.events.type, data: t.events.data, occurredAt: t.events.occurredAt })
        .from(t.events)
        .where(
          and(
            eq(t.events.tenantId, tenantId),
            eq(t.events.customerId, customerId),
            gte(t.events.occurredAt, now - LONGEST_WINDOW_MS),
            inArray(t.events.type, [...types]),
          ),
        )
        .orderBy(desc(t.events.occurredAt))
        .limit(HISTORY_LIMIT);
    },
  };
}
