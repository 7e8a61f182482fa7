/** How customer records come together: merges, identities two records claim, bulk imports. */
import type { Kit } from './kit.sqlite';
import type { AccountTables } from './accounts';
import type { CustomerTables } from './customers';

export function recordTables(
  k: Kit,
  { tenants, users, customers }: Pick<AccountTables, 'tenants' | 'users'> & Pick<CustomerTables, 'customers'>,
) {
  const { table, text, int, ms, json, autoId, index, uniqueIndex } = k;

  /**
   * A merge of two customer records found to be one person; `moved` lists what to move back on unmerge.
   * `moved.erasedAt` is set when either side was erased: its values are scrubbed and it can never be undone.
   */
  const customerMerges = table('customer_merges', {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    fromCustomer: text('from_customer')
      .notNull()
      .references(() => customers.id),
    intoCustomer: text('into_customer')
      .notNull()
      .references(() => customers.id),
    moved: json('moved')
      .$type<{
        identities: { kind: string; value: string }[];
        events: string[];
        tickets: string[];
        flagsAdded?: string[];
        erasedAt?: number;
      }>()
      .notNull(),
    reason: text('reason').notNull(),
    mergedBy: text('merged_by')
      .notNull()
      .references(() => users.id),
    mergedAt: ms('merged_at').notNull(),
    unmergedBy: text('unmerged_by'),
    unmergedAt: ms('unmerged_at'),
  });

  /** One identity claimed by two customers: shown to people, never guessed. */
  const identityConflicts = table(
    'identity_conflicts',
    {
      id: autoId('id'),
      tenantId: text('tenant_id')
        .notNull()
        .references(() => tenants.id),
      kind: text('kind').notNull(),
      value: text('value').notNull(),
      /** The customer that holds the identity, and the one another source says has it. */
      heldBy: text('held_by')
        .notNull()
        .references(() => customers.id),
      claimedBy: text('claimed_by')
        .notNull()
        .references(() => customers.id),
      source: text('source').notNull(),
      createdAt: ms('created_at').notNull(),
      resolvedAt: ms('resolved_at'),
    },
    (t) => [
      uniqueIndex('identity_conflicts_pair').on(t.tenantId, t.kind, t.value, t.claimedBy),
      index('identity_conflicts_held').on(t.tenantId, t.heldBy),
    ],
  );

  /** A bulk import, by file content: re-running the same file resumes after the last committed line. */
  const importJobs = table(
    'import_jobs',
    {
      id: text('id').primaryKey(),
      tenantId: text('tenant_id')
        .notNull()
        .references(() => tenants.id),
      kind: text('kind', { enum: ['customers', 'events'] }).notNull(),
      fileSha256: text('file_sha256').notNull(),
      lastLine: int('last_line').notNull().default(0),
      imported: int('imported').notNull().default(0),
      failed: int('failed').notNull().default(0),
      status: text('status', { enum: ['running', 'done'] }).notNull(),
      startedAt: ms('started_at').notNull(),
      finishedAt: ms('finished_at'),
    },
    (t) => [uniqueIndex('import_jobs_file').on(t.tenantId, t.kind, t.fileSha256)],
  );

  return { customerMerges, identityConflicts, importJobs };
}

export type RecordTables = ReturnType<typeof recordTables>;
