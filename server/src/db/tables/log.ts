/** The resolution log and the per-customer keys its personal fields are encrypted with. */
import type { Kit } from './kit.sqlite';
import type { AccountTables } from './accounts';
import type { CustomerTables } from './customers';

export function logTables(k: Kit, { tenants, customers }: Pick<AccountTables, 'tenants'> & Pick<CustomerTables, 'customers'>) {
  const { table, text, int, ms, index, uniqueIndex, primaryKey } = k;

  /**
   * One data key per customer, itself encrypted under the server's master key. Personal fields
   * in the resolution log are encrypted with it; erasure destroys it, and the log still verifies.
   */
  const customerKeys = table('customer_keys', {
    customerId: text('customer_id')
      .primaryKey()
      .references(() => customers.id),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    wrappedKey: text('wrapped_key').notNull(),
    createdAt: ms('created_at').notNull(),
  });

  /**
   * The resolution log: append-only, hash-chained per tenant. Each entry's hash covers the
   * previous hash and a digest of its payload, so a payload may be pruned (retention) or its
   * personal fields made unreadable (erasure) without breaking the chain.
   */
  const resolutionLog = table(
    'resolution_log',
    {
      tenantId: text('tenant_id')
        .notNull()
        .references(() => tenants.id),
      seq: int('seq').notNull(),
      id: text('id').notNull(),
      idempotencyKey: text('idempotency_key').notNull(),
      /** SHA-256 of the request the key was first used with: the same key with another body is refused. */
      requestHash: text('request_hash'),
      kind: text('kind', { enum: ['resolution', 'correction', 'survey', 'reopening', 'repeat_contact', 'erasure'] }).notNull(),
      /** The entry this one is about: a correction's original, a survey's resolution. */
      refId: text('ref_id'),
      customerId: text('customer_id'),
      /** helpdesk:ticketId, so later surveys and reopenings find the resolution. */
      ticketRef: text('ticket_ref'),
      agentId: text('agent_id'),
      payload: text('payload'),
      payloadDigest: text('payload_digest').notNull(),
      prevHash: text('prev_hash').notNull(),
      hash: text('hash').notNull(),
      createdAt: ms('created_at').notNull(),
      prunedAt: ms('pruned_at'),
    },
    (t) => [
      primaryKey({ columns: [t.tenantId, t.seq] }),
      uniqueIndex('resolution_log_idempotency').on(t.tenantId, t.idempotencyKey),
      uniqueIndex('resolution_log_id').on(t.id),
      index('resolution_log_ticket').on(t.tenantId, t.ticketRef),
      index('resolution_log_customer').on(t.tenantId, t.customerId),
      // QA: resolutions (and what attached) in a time window; attachments of a set of resolutions.
      index('resolution_log_kind_time').on(t.tenantId, t.kind, t.createdAt),
      index('resolution_log_ref').on(t.tenantId, t.refId),
    ],
  );

  return { customerKeys, resolutionLog };
}

export type LogTables = ReturnType<typeof logTables>;
