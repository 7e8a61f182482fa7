/** Erasure requests and the signed checkpoints of the log. */
import type { Kit } from './kit.sqlite';
import type { AccountTables } from './accounts';

export function complianceTables(k: Kit, { tenants }: Pick<AccountTables, 'tenants'>) {
  const { table, text, int, ms, json, index, primaryKey } = k;

  /** A request to erase a customer: its deadline, where it stands, and a receipt that names no personal data. */
  const erasureRequests = table(
    'erasure_requests',
    {
      id: text('id').primaryKey(),
      tenantId: text('tenant_id')
        .notNull()
        .references(() => tenants.id),
      customerId: text('customer_id').notNull(),
      requestedBy: text('requested_by').notNull(),
      requestedAt: ms('requested_at').notNull(),
      dueAt: ms('due_at').notNull(),
      status: text('status', { enum: ['pending', 'erased'] }).notNull(),
      erasedAt: ms('erased_at'),
      erasedBy: text('erased_by'),
      /** What was erased where (table names, counts, ids), never a value. */
      receipt: json('receipt').$type<Record<string, unknown>>(),
    },
    (t) => [index('erasure_requests_tenant').on(t.tenantId, t.status, t.dueAt)],
  );

  /**
   * The log's head as the server signed it (Ed25519), every N entries or T minutes: published outside
   * the database too, so a rewrite of the log that re-chains every entry still contradicts a signature.
   */
  const logCheckpoints = table(
    'log_checkpoints',
    {
      tenantId: text('tenant_id')
        .notNull()
        .references(() => tenants.id),
      seq: int('seq').notNull(),
      hash: text('hash').notNull(),
      at: ms('at').notNull(),
      keyId: text('key_id').notNull(),
      signature: text('signature').notNull(),
    },
    (t) => [primaryKey({ columns: [t.tenantId, t.seq] })],
  );

  return { erasureRequests, logCheckpoints };
}

export type ComplianceTables = ReturnType<typeof complianceTables>;
