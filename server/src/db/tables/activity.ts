/** The audit trail, conversation sentiment and the event types an admin declares. */
import type { Kit } from './kit.sqlite';
import type { AccountTables } from './accounts';
import type { CustomerTables } from './customers';

export function activityTables(
  k: Kit,
  { tenants, users, customers }: Pick<AccountTables, 'tenants' | 'users'> & Pick<CustomerTables, 'customers'>,
) {
  const { table, text, ms, bool, json, real, autoId, index, primaryKey } = k;

  /** Sensitive reads and admin actions: who did what to whom, when. */
  const auditLog = table(
    'audit_log',
    {
      id: autoId('id'),
      tenantId: text('tenant_id')
        .notNull()
        .references(() => tenants.id),
      actorId: text('actor_id').notNull(),
      action: text('action').notNull(),
      target: text('target').notNull(),
      detail: json('detail'),
      at: ms('at').notNull(),
    },
    (t) => [index('audit_log_tenant_at').on(t.tenantId, t.at)],
  );

  /** Sentiment of the customer's messages on a ticket, scored on the server, kept as a trend. */
  const conversationScores = table(
    'conversation_scores',
    {
      tenantId: text('tenant_id')
        .notNull()
        .references(() => tenants.id),
      customerId: text('customer_id')
        .notNull()
        .references(() => customers.id),
      ticketRef: text('ticket_ref').notNull(),
      /** A hash of the message text: the same message read twice is scored once. */
      messageHash: text('message_hash').notNull(),
      at: ms('at').notNull(),
      score: real('score').notNull(),
    },
    (t) => [
      primaryKey({ columns: [t.tenantId, t.ticketRef, t.messageHash] }),
      index('conversation_scores_customer').on(t.tenantId, t.customerId, t.at),
    ],
  );

  /** Event types an admin declares beyond the built-in ones: `custom.<name>` with typed fields. */
  const eventTypes = table(
    'event_types',
    {
      tenantId: text('tenant_id')
        .notNull()
        .references(() => tenants.id),
      type: text('type').notNull(),
      label: text('label').notNull(),
      fields: json('fields').$type<{ name: string; kind: 'string' | 'number' | 'boolean' | 'money'; required: boolean }[]>().notNull(),
      alert: bool('alert').notNull().default(false),
      createdBy: text('created_by')
        .notNull()
        .references(() => users.id),
      createdAt: ms('created_at').notNull(),
    },
    (t) => [primaryKey({ columns: [t.tenantId, t.type] })],
  );

  return { auditLog, conversationScores, eventTypes };
}

export type ActivityTables = ReturnType<typeof activityTables>;
