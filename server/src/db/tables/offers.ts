/** Next best action: a tenant's offers, versioned like its policy, and what customers answered to them. */
import type { Kit } from './kit.sqlite';
import type { AccountTables } from './accounts';
import type { CustomerTables } from './customers';

export function offerTables(
  k: Kit,
  { tenants, users, customers }: Pick<AccountTables, 'tenants' | 'users'> & Pick<CustomerTables, 'customers'>,
) {
  const { table, text, int, ms, bool, json, index, uniqueIndex, primaryKey } = k;

  /** Every version of a tenant's offers (shared/nba/offer.ts OfferList), append-only: the newest is the one in use. */
  const offerVersions = table(
    'offer_versions',
    {
      tenantId: text('tenant_id')
        .notNull()
        .references(() => tenants.id),
      version: int('version').notNull(),
      offers: json('offers').notNull(),
      note: text('note'),
      createdBy: text('created_by')
        .notNull()
        .references(() => users.id),
      createdAt: ms('created_at').notNull(),
    },
    (t) => [primaryKey({ columns: [t.tenantId, t.version] })],
  );

  /**
   * Acceptance per offer and segment (shared/nba/learn.ts Tally): raw counts, raised with each
   * outcome in its transaction. Counts only, no customer: kept when a customer is erased.
   */
  const offerStats = table(
    'offer_stats',
    {
      tenantId: text('tenant_id')
        .notNull()
        .references(() => tenants.id),
      offerId: text('offer_id').notNull(),
      segment: text('segment').notNull(),
      accepted: int('accepted').notNull(),
      declined: int('declined').notNull(),
    },
    (t) => [primaryKey({ columns: [t.tenantId, t.offerId, t.segment] })],
  );

  /**
   * Each answer a customer gave to an offer: what the tallies were counted from. One per offer per
   * interaction, so a redelivered outcome is not counted twice (one without an interaction is never
   * a duplicate). Deleted when the customer is erased.
   */
  const offerOutcomes = table(
    'offer_outcomes',
    {
      id: text('id').primaryKey(),
      tenantId: text('tenant_id')
        .notNull()
        .references(() => tenants.id),
      offerId: text('offer_id').notNull(),
      segment: text('segment').notNull(),
      accepted: bool('accepted').notNull(),
      interactionId: text('interaction_id'),
      customerId: text('customer_id')
        .notNull()
        .references(() => customers.id),
      userId: text('user_id')
        .notNull()
        .references(() => users.id),
      occurredAt: ms('occurred_at').notNull(),
      /** Who said so: the agent's mark ('agent'), or a recorded grant in the interaction's resolution ('resolution'). */
      source: text('source').notNull().default('agent'),
    },
    (t) => [
      uniqueIndex('offer_outcomes_once').on(t.tenantId, t.interactionId, t.offerId),
      // Erasure finds a customer's outcomes by this.
      index('offer_outcomes_customer').on(t.tenantId, t.customerId),
    ],
  );

  return { offerVersions, offerStats, offerOutcomes };
}

export type OfferTables = ReturnType<typeof offerTables>;
