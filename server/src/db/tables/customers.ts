/** Customers, every way they are known, what happened to them and the tickets agents look at. */
import type { Kit } from './kit.sqlite';
import type { AccountTables } from './accounts';
import type { SignalSummary } from '../../signals/summary';

export function customerTables(k: Kit, { tenants, users }: Pick<AccountTables, 'tenants' | 'users'>) {
  const { table, text, bigint, ms, json, index, uniqueIndex, primaryKey } = k;

  const customers = table(
    'customers',
    {
      id: text('id').primaryKey(),
      tenantId: text('tenant_id')
        .notNull()
        .references(() => tenants.id),
      name: text('name').notNull(),
      tier: text('tier', { enum: ['standard', 'silver', 'gold', 'platinum'] }).notNull(),
      lifetimeValueCents: bigint('lifetime_value_cents').notNull().default(0),
      currency: text('currency').notNull().default('USD'),
      customerSince: ms('customer_since').notNull(),
      /** Conditions policies react to, e.g. fraud, chargeback_open, account_closed. */
      flags: json('flags').$type<string[]>().notNull().default([]),
      /** Set when the customer's personal data was erased on request. */
      erasedAt: ms('erased_at'),
      /** What the customer agreed to, e.g. {marketing: false, personalisation: true}; absent means not asked. */
      consent: json('consent').$type<Record<string, boolean>>().notNull().default({}),
      /** Set while this record is merged into another customer (reversible). */
      mergedInto: text('merged_into'),
      createdAt: ms('created_at').notNull(),
      /**
       * What signals need from their events (signals/summary.ts), kept in each event's transaction;
       * null until the first event that touches it (then built from the events), and after a merge
       * or an erasure changed their events.
       */
      signalSummary: json('signal_summary').$type<SignalSummary>(),
    },
    (t) => [index('customers_tenant').on(t.tenantId)],
  );

  /** Every way a customer is known (email, phone, helpdesk requester id, CRM id) points at one customer. */
  const identities = table(
    'identities',
    {
      tenantId: text('tenant_id')
        .notNull()
        .references(() => tenants.id),
      kind: text('kind', { enum: ['email', 'phone', 'helpdesk', 'external'] }).notNull(),
      value: text('value').notNull(),
      customerId: text('customer_id')
        .notNull()
        .references(() => customers.id),
    },
    (t) => [primaryKey({ columns: [t.tenantId, t.kind, t.value] }), index('identities_customer').on(t.customerId)],
  );

  const events = table(
    'events',
    {
      id: text('id').primaryKey(),
      tenantId: text('tenant_id')
        .notNull()
        .references(() => tenants.id),
      customerId: text('customer_id')
        .notNull()
        .references(() => customers.id),
      /** The sender's id: a retried delivery is recognised and stored once. */
      externalId: text('external_id').notNull(),
      type: text('type').notNull(),
      data: json('data').notNull(),
      occurredAt: ms('occurred_at').notNull(),
      receivedAt: ms('received_at').notNull(),
    },
    (t) => [
      uniqueIndex('events_tenant_external').on(t.tenantId, t.externalId),
      index('events_customer_time').on(t.tenantId, t.customerId, t.occurredAt),
    ],
  );

  /** Tickets the customer has open anywhere (helpdesk or other channels), from contact events. */
  const tickets = table(
    'tickets',
    {
      tenantId: text('tenant_id')
        .notNull()
        .references(() => tenants.id),
      ref: text('ref').notNull(),
      customerId: text('customer_id')
        .notNull()
        .references(() => customers.id),
      channel: text('channel').notNull(),
      subject: text('subject'),
      openedAt: ms('opened_at').notNull(),
      closedAt: ms('closed_at'),
    },
    (t) => [primaryKey({ columns: [t.tenantId, t.ref] }), index('tickets_customer').on(t.tenantId, t.customerId)],
  );

  /** An agent looking at a ticket: opened by the panel, closed when the agent leaves it. */
  const interactions = table(
    'interactions',
    {
      id: text('id').primaryKey(),
      tenantId: text('tenant_id')
        .notNull()
        .references(() => tenants.id),
      userId: text('user_id')
        .notNull()
        .references(() => users.id),
      customerId: text('customer_id').references(() => customers.id),
      helpdesk: text('helpdesk').notNull(),
      /** The page's host (acme.zendesk.com): ticket ids mean something only inside it. Null on rows from before instances (never matched). */
      instance: text('instance'),
      ticketId: text('ticket_id').notNull(),
      openedAt: ms('opened_at').notNull(),
      closedAt: ms('closed_at'),
    },
    (t) => [index('interactions_ticket').on(t.tenantId, t.helpdesk, t.ticketId)],
  );

  return { customers, identities, events, tickets, interactions };
}

export type CustomerTables = ReturnType<typeof customerTables>;
