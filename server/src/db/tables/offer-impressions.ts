/** Next best action: which offers an agent was shown in an interaction, so QA can compare them with what was granted. */
import type { Kit } from './kit.sqlite';
import type { AccountTables } from './accounts';
import type { CustomerTables } from './customers';

export function offerImpressionTables(
  k: Kit,
  { tenants, users, customers }: Pick<AccountTables, 'tenants' | 'users'> & Pick<CustomerTables, 'customers'>,
) {
  const { table, text, int, ms, index, primaryKey } = k;

  /**
   * An offer as first shown in an interaction (asked again, it is not stored again): what it was
   * (action, amount, mode) for this agent then, since the offers and the leeway may change later.
   * Deleted when the customer is erased, like their outcomes.
   */
  const offerImpressions = table(
    'offer_impressions',
    {
      tenantId: text('tenant_id')
        .notNull()
        .references(() => tenants.id),
      interactionId: text('interaction_id').notNull(),
      offerId: text('offer_id').notNull(),
      userId: text('user_id')
        .notNull()
        .references(() => users.id),
      customerId: text('customer_id')
        .notNull()
        .references(() => customers.id),
      /** The policy action it grants; null for a step (update the card, escalate, call back). */
      action: text('action'),
      amountCents: int('amount_cents'),
      /** grantable, needsApproval or step (shared/schemas/recommendations.ts). */
      mode: text('mode').notNull(),
      firstShownAt: ms('first_shown_at').notNull(),
    },
    (t) => [
      primaryKey({ columns: [t.tenantId, t.interactionId, t.offerId] }),
      // The QA report reads a period's impressions by this.
      index('offer_impressions_shown').on(t.tenantId, t.firstShownAt),
      // Erasure finds a customer's impressions by this.
      index('offer_impressions_customer').on(t.tenantId, t.customerId),
    ],
  );

  return { offerImpressions };
}

export type OfferImpressionTables = ReturnType<typeof offerImpressionTables>;
