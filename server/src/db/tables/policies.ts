/** Empowerment policies and what agents did under them: grants, and exceptions beyond leeway. */
import type { Kit } from './kit.sqlite';
import type { AccountTables } from './accounts';
import type { CustomerTables } from './customers';

export function policyTables(
  k: Kit,
  { tenants, users, customers }: Pick<AccountTables, 'tenants' | 'users'> & Pick<CustomerTables, 'customers'>,
) {
  const { table, text, int, ms, json, autoId, index, uniqueIndex, primaryKey } = k;

  /** Every version of a tenant's empowerment policy; the one in force is the latest already effective. */
  const policyVersions = table(
    'policy_versions',
    {
      tenantId: text('tenant_id')
        .notNull()
        .references(() => tenants.id),
      version: int('version').notNull(),
      effectiveFrom: ms('effective_from').notNull(),
      document: json('document').notNull(),
      note: text('note'),
      createdBy: text('created_by')
        .notNull()
        .references(() => users.id),
      createdAt: ms('created_at').notNull(),
    },
    (t) => [primaryKey({ columns: [t.tenantId, t.version] })],
  );

  /**
   * What agents granted. Budgets are sums over these rows, so a grant and the budget it
   * consumes are one insert. The situation at the time is kept for what-if replays.
   */
  const grants = table(
    'grants',
    {
      id: text('id').primaryKey(),
      tenantId: text('tenant_id')
        .notNull()
        .references(() => tenants.id),
      /** The client's key: the same grant sent twice is recorded once. */
      idempotencyKey: text('idempotency_key').notNull(),
      /** SHA-256 of the request the key was first used with: the same key with another body is refused. */
      requestHash: text('request_hash'),
      customerId: text('customer_id')
        .notNull()
        .references(() => customers.id),
      userId: text('user_id')
        .notNull()
        .references(() => users.id),
      team: text('team').notNull(),
      agentLevel: int('agent_level').notNull(),
      customerTier: text('customer_tier').notNull(),
      customerFlags: json('customer_flags').$type<string[]>().notNull(),
      action: text('action').notNull(),
      amountCents: int('amount_cents').notNull(),
      reasonCode: text('reason_code'),
      policyVersion: int('policy_version').notNull(),
      interactionId: text('interaction_id'),
      /** Set when the grant went beyond leeway through an approved exception. */
      exceptionId: text('exception_id'),
      approvedBy: text('approved_by'),
      createdAt: ms('created_at').notNull(),
    },
    (t) => [
      uniqueIndex('grants_idempotency').on(t.tenantId, t.idempotencyKey),
      // Each ends with the amount: a budget's sum reads the index alone, not every grant's row.
      index('grants_agent_day').on(t.tenantId, t.userId, t.createdAt, t.amountCents),
      index('grants_team_day').on(t.tenantId, t.team, t.createdAt, t.amountCents),
      index('grants_customer_action').on(t.tenantId, t.customerId, t.action, t.createdAt, t.amountCents),
    ],
  );

  /** A request to go beyond leeway, routed to a level of supervisors; the first decision wins. */
  const exceptions = table(
    'exceptions',
    {
      id: text('id').primaryKey(),
      tenantId: text('tenant_id')
        .notNull()
        .references(() => tenants.id),
      idempotencyKey: text('idempotency_key').notNull(),
      /** SHA-256 of the request the key was first used with: the same key with another body is refused. */
      requestHash: text('request_hash'),
      customerId: text('customer_id')
        .notNull()
        .references(() => customers.id),
      agentId: text('agent_id')
        .notNull()
        .references(() => users.id),
      team: text('team').notNull(),
      action: text('action').notNull(),
      amountCents: int('amount_cents').notNull(),
      reasonCode: text('reason_code'),
      note: text('note').notNull(),
      /** Why the policy did not allow it, as the agent saw it. */
      policyReason: text('policy_reason').notNull(),
      policyVersion: int('policy_version').notNull(),
      interactionId: text('interaction_id'),
      level: text('level').notNull(),
      slaSeconds: int('sla_seconds').notNull(),
      dueAt: ms('due_at').notNull(),
      status: text('status', { enum: ['pending', 'approved', 'denied', 'countered', 'withdrawn'] }).notNull(),
      decidedBy: text('decided_by'),
      decisionNote: text('decision_note'),
      counterAction: text('counter_action'),
      counterAmountCents: int('counter_amount_cents'),
      grantId: text('grant_id'),
      createdAt: ms('created_at').notNull(),
      decidedAt: ms('decided_at'),
    },
    (t) => [
      uniqueIndex('exceptions_idempotency').on(t.tenantId, t.idempotencyKey),
      index('exceptions_pending').on(t.tenantId, t.status, t.dueAt),
      // The SLA sweep looks across tenants: pending and due, whoever they belong to.
      index('exceptions_due').on(t.status, t.dueAt),
      index('exceptions_agent').on(t.tenantId, t.agentId, t.createdAt),
    ],
  );

  /** Every step of an exception: raised, routed, escalated, decided, withdrawn. */
  const exceptionEvents = table(
    'exception_events',
    {
      id: autoId('id'),
      exceptionId: text('exception_id')
        .notNull()
        .references(() => exceptions.id),
      at: ms('at').notNull(),
      kind: text('kind').notNull(),
      level: text('level'),
      userId: text('user_id'),
      message: text('message').notNull(),
    },
    (t) => [index('exception_events_exception').on(t.exceptionId, t.at)],
  );

  return { policyVersions, grants, exceptions, exceptionEvents };
}

export type PolicyTables = ReturnType<typeof policyTables>;
