/** Calls told to Leeway by contact-center platforms, and the tenant's connections to those platforms. */
import type { Kit } from './kit.sqlite';
import type { AccountTables } from './accounts';
import type { CustomerTables } from './customers';

export function callTables(
  k: Kit,
  { tenants, users, customers }: Pick<AccountTables, 'tenants' | 'users'> & Pick<CustomerTables, 'customers'>,
) {
  const { table, text, ms, json, primaryKey, index } = k;

  /**
   * One contact on a platform (a call or a chat), as its lifecycle events (POST /v1/ingest/calls)
   * tell it: each time is the first one heard and the state only moves forward, so a redelivered or
   * late event changes nothing. Handle time is counted from `connectedAt` to `endedAt`.
   */
  const calls = table(
    'calls',
    {
      tenantId: text('tenant_id')
        .notNull()
        .references(() => tenants.id),
      platform: text('platform').notNull(),
      contactId: text('contact_id').notNull(),
      channel: text('channel').notNull(),
      state: text('state').notNull(),
      /** The caller's number in E.164; null when withheld. Fixed by the first event. */
      callerE164: text('caller_e164'),
      customerId: text('customer_id').references(() => customers.id),
      /** The agent the latest event naming one named (a transfer keeping the contact's id moves it). */
      agentUserId: text('agent_user_id').references(() => users.id),
      /** When that event happened: an older one arriving late does not move the call back. */
      agentAt: ms('agent_at'),
      ringingAt: ms('ringing_at'),
      connectedAt: ms('connected_at'),
      afterCallAt: ms('after_call_at'),
      endedAt: ms('ended_at'),
      updatedAt: ms('updated_at').notNull(),
    },
    (t) => [
      primaryKey({ columns: [t.tenantId, t.platform, t.contactId] }),
      index('calls_customer').on(t.tenantId, t.customerId),
      // An agent's calls, newest first: whether they are on a newer call (services/confirmed-calls.ts).
      index('calls_agent').on(t.tenantId, t.platform, t.agentUserId, t.agentAt),
    ],
  );

  /**
   * A tenant's connection to a platform Leeway calls out to (Genesys Cloud's API, Aircall's):
   * `settings` holds what may be shown back (region, client id), `secret` what may not, sealed
   * under the master key like ingest key secrets.
   */
  const platformConnections = table(
    'platform_connections',
    {
      tenantId: text('tenant_id')
        .notNull()
        .references(() => tenants.id),
      platform: text('platform').notNull(),
      settings: json('settings').notNull(),
      secret: text('secret').notNull(),
      updatedBy: text('updated_by').notNull(),
      updatedAt: ms('updated_at').notNull(),
    },
    (t) => [primaryKey({ columns: [t.tenantId, t.platform] })],
  );

  return { calls, platformConnections };
}

export type CallTables = ReturnType<typeof callTables>;
