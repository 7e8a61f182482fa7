/**
 * The PostgreSQL twin of schema.sqlite.ts: the same tables, columns and JavaScript types
 * (times as bigint milliseconds read back as numbers, JSON as jsonb, flags as boolean), so
 * the repositories build one query for both. schema-parity.test.ts keeps the two in step.
 */
import {
  bigint,
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

const ms = (name: string) => bigint(name, { mode: 'number' });

export const tenants = pgTable('tenants', {
  id: text('id').primaryKey(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  /** Log entries older than this lose their payload (the chain still verifies); null keeps them. */
  retentionDays: integer('retention_days'),
  /** The last log entry, written with it: deleting the newest entries shows. */
  logHeadSeq: integer('log_head_seq').notNull().default(0),
  logHeadHash: text('log_head_hash'),
  /** How many personal fields one agent may reveal in an hour before being told to wait (429). */
  revealsPerHour: integer('reveals_per_hour').notNull().default(60),
  /** Days an erasure request may wait before it is overdue (GDPR's one month by default). */
  erasureDeadlineDays: integer('erasure_deadline_days').notNull().default(30),
  /** A signed checkpoint of the log's head every this many entries, or this many minutes (whichever first). */
  checkpointEveryEntries: integer('checkpoint_every_entries').notNull().default(1000),
  checkpointEveryMinutes: integer('checkpoint_every_minutes').notNull().default(5),
  /**
   * When the tenant's rows from before helpdesk instances were settled: scoped by the rule on its
   * first pinned hosts (repositories/helpdesk-hosts.ts), or left unscoped for good. Null until then.
   */
  legacyRefsSettledAt: ms('legacy_refs_settled_at'),
  createdAt: ms('created_at').notNull(),
});

export const users = pgTable(
  'users',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    email: text('email').notNull(),
    name: text('name').notNull(),
    role: text('role', { enum: ['agent', 'supervisor', 'auditor', 'admin'] }).notNull(),
    /** Agent seniority, 1 = newest; policies set limits per level. */
    agentLevel: integer('agent_level').notNull().default(1),
    team: text('team').notNull().default('default'),
    /** For supervisors: the escalation level they decide at (team_lead, manager…). Team '*' is the level's pool. */
    approvalLevel: text('approval_level'),
    /** Supervisors' on-duty choice; they receive requests while on duty and connected. */
    onDuty: boolean('on_duty').notNull().default(false),
    passwordHash: text('password_hash').notNull(),
    /** Set when the user may no longer sign in; their sessions are revoked and refreshes refused. */
    deactivatedAt: ms('deactivated_at'),
    /** An invitation not yet accepted: the SHA-256 of its one-time token, and until when it holds. */
    inviteHash: text('invite_hash'),
    inviteExpiresAt: ms('invite_expires_at'),
    createdAt: ms('created_at').notNull(),
  },
  // Sign-in is by email alone, so an email names one user across tenants.
  (t) => [uniqueIndex('users_email_unique').on(t.email)],
);

/**
 * A signed-in device for one shift. Access tokens carry its id (`sid`) and are checked against
 * it on every request; the refresh token is kept only as its SHA-256 and changes on every use.
 */
export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    refreshHash: text('refresh_hash').notNull(),
    createdAt: ms('created_at').notNull(),
    expiresAt: ms('expires_at').notNull(),
    lastUsedAt: ms('last_used_at').notNull(),
    revokedAt: ms('revoked_at'),
    /** Why it ended early: signed out, refresh token reused, user deactivated. */
    revokedReason: text('revoked_reason'),
  },
  (t) => [index('sessions_user').on(t.userId)],
);

/** Failed sign-ins inside the throttle window, by key ("account:<email>" or "address:<ip>"). */
export const signInFailures = pgTable(
  'sign_in_failures',
  {
    id: serial('id').primaryKey(),
    key: text('key').notNull(),
    at: ms('at').notNull(),
  },
  (t) => [index('sign_in_failures_key_at').on(t.key, t.at)],
);

/** Keys business systems sign webhooks with. The secret must be kept readable to check HMACs. */
export const ingestKeys = pgTable('ingest_keys', {
  id: text('id').primaryKey(),
  tenantId: text('tenant_id')
    .notNull()
    .references(() => tenants.id),
  secret: text('secret').notNull(),
  createdAt: ms('created_at').notNull(),
  revokedAt: ms('revoked_at'),
});

/** Signatures seen inside the replay window: the same signed request twice is a replay. */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    signature: text('signature').primaryKey(),
    keyId: text('key_id').notNull(),
    seenAt: ms('seen_at').notNull(),
  },
  (t) => [index('webhook_deliveries_seen_at').on(t.seenAt)],
);

export const customers = pgTable(
  'customers',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    name: text('name').notNull(),
    tier: text('tier', { enum: ['standard', 'silver', 'gold', 'platinum'] }).notNull(),
    lifetimeValueCents: bigint('lifetime_value_cents', { mode: 'number' }).notNull().default(0),
    currency: text('currency').notNull().default('USD'),
    customerSince: ms('customer_since').notNull(),
    /** Conditions policies react to, e.g. fraud, chargeback_open, account_closed. */
    flags: jsonb('flags').$type<string[]>().notNull().default([]),
    /** Set when the customer's personal data was erased on request. */
    erasedAt: ms('erased_at'),
    /** What the customer agreed to, e.g. {marketing: false, personalisation: true}; absent means not asked. */
    consent: jsonb('consent').$type<Record<string, boolean>>().notNull().default({}),
    /** Set while this record is merged into another customer (reversible). */
    mergedInto: text('merged_into'),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [index('customers_tenant').on(t.tenantId)],
);

/** Every way a customer is known (email, phone, helpdesk requester id, CRM id) points at one customer. */
export const identities = pgTable(
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

export const events = pgTable(
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
    data: jsonb('data').notNull(),
    occurredAt: ms('occurred_at').notNull(),
    receivedAt: ms('received_at').notNull(),
  },
  (t) => [
    uniqueIndex('events_tenant_external').on(t.tenantId, t.externalId),
    index('events_customer_time').on(t.tenantId, t.customerId, t.occurredAt),
  ],
);

/** Tickets the customer has open anywhere (helpdesk or other channels), from contact events. */
export const tickets = pgTable(
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
export const interactions = pgTable(
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

/** Every version of a tenant's empowerment policy; the one in force is the latest already effective. */
export const policyVersions = pgTable(
  'policy_versions',
  {
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    version: integer('version').notNull(),
    effectiveFrom: ms('effective_from').notNull(),
    document: jsonb('document').notNull(),
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
export const grants = pgTable(
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
    agentLevel: integer('agent_level').notNull(),
    customerTier: text('customer_tier').notNull(),
    customerFlags: jsonb('customer_flags').$type<string[]>().notNull(),
    action: text('action').notNull(),
    amountCents: integer('amount_cents').notNull(),
    reasonCode: text('reason_code'),
    policyVersion: integer('policy_version').notNull(),
    interactionId: text('interaction_id'),
    /** Set when the grant went beyond leeway through an approved exception. */
    exceptionId: text('exception_id'),
    approvedBy: text('approved_by'),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('grants_idempotency').on(t.tenantId, t.idempotencyKey),
    index('grants_agent_day').on(t.tenantId, t.userId, t.createdAt),
    index('grants_team_day').on(t.tenantId, t.team, t.createdAt),
    index('grants_customer_action').on(t.tenantId, t.customerId, t.action, t.createdAt),
  ],
);

/** A request to go beyond leeway, routed to a level of supervisors; the first decision wins. */
export const exceptions = pgTable(
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
    amountCents: integer('amount_cents').notNull(),
    reasonCode: text('reason_code'),
    note: text('note').notNull(),
    /** Why the policy did not allow it, as the agent saw it. */
    policyReason: text('policy_reason').notNull(),
    policyVersion: integer('policy_version').notNull(),
    interactionId: text('interaction_id'),
    level: text('level').notNull(),
    slaSeconds: integer('sla_seconds').notNull(),
    dueAt: ms('due_at').notNull(),
    status: text('status', { enum: ['pending', 'approved', 'denied', 'countered', 'withdrawn'] }).notNull(),
    decidedBy: text('decided_by'),
    decisionNote: text('decision_note'),
    counterAction: text('counter_action'),
    counterAmountCents: integer('counter_amount_cents'),
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
export const exceptionEvents = pgTable(
  'exception_events',
  {
    id: serial('id').primaryKey(),
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

/**
 * One data key per customer, itself encrypted under the server's master key. Personal fields
 * in the resolution log are encrypted with it; erasure destroys it, and the log still verifies.
 */
export const customerKeys = pgTable('customer_keys', {
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
export const resolutionLog = pgTable(
  'resolution_log',
  {
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    seq: integer('seq').notNull(),
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

/**
 * Declarative adapters an admin defines for helpdesks Leeway has no built-in adapter for:
 * where they live and how to read a ticket off their pages. The extension fetches them,
 * asks for the origin's permission and registers its content script there at run time.
 */
export const helpdeskAdapters = pgTable(
  'helpdesk_adapters',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    name: text('name').notNull(),
    /** The definition (URL pattern, id regex, selectors), validated by shared/schemas/adapters.ts. */
    definition: jsonb('definition').notNull(),
    createdBy: text('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: ms('created_at').notNull(),
    updatedAt: ms('updated_at').notNull(),
  },
  (t) => [uniqueIndex('helpdesk_adapters_name').on(t.tenantId, t.name)],
);

/**
 * The exact hosts of a tenant's helpdesks (acme.zendesk.com), set by an admin. The extension
 * runs only there, and the server refuses interactions from any other host: a page on someone
 * else's account under the same helpdesk's domain is not the tenant's.
 */
export const helpdeskHosts = pgTable(
  'helpdesk_hosts',
  {
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    host: text('host').notNull(),
    addedBy: text('added_by').notNull(),
    addedAt: ms('added_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.host] })],
);

/**
 * A merge of two customer records found to be one person; `moved` lists what to move back on unmerge.
 * `moved.erasedAt` is set when either side was erased: its values are scrubbed and it can never be undone.
 */
export const customerMerges = pgTable('customer_merges', {
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
  moved: jsonb('moved')
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
export const identityConflicts = pgTable(
  'identity_conflicts',
  {
    id: serial('id').primaryKey(),
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
export const importJobs = pgTable(
  'import_jobs',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    kind: text('kind', { enum: ['customers', 'events'] }).notNull(),
    fileSha256: text('file_sha256').notNull(),
    lastLine: integer('last_line').notNull().default(0),
    imported: integer('imported').notNull().default(0),
    failed: integer('failed').notNull().default(0),
    status: text('status', { enum: ['running', 'done'] }).notNull(),
    startedAt: ms('started_at').notNull(),
    finishedAt: ms('finished_at'),
  },
  (t) => [uniqueIndex('import_jobs_file').on(t.tenantId, t.kind, t.fileSha256)],
);

/** Sensitive reads and admin actions: who did what to whom, when. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: serial('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    actorId: text('actor_id').notNull(),
    action: text('action').notNull(),
    target: text('target').notNull(),
    detail: jsonb('detail'),
    at: ms('at').notNull(),
  },
  (t) => [index('audit_log_tenant_at').on(t.tenantId, t.at)],
);

/** Sentiment of the customer's messages on a ticket, scored on the server, kept as a trend. */
export const conversationScores = pgTable(
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
    score: doublePrecision('score').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.ticketRef, t.messageHash] }),
    index('conversation_scores_customer').on(t.tenantId, t.customerId, t.at),
  ],
);

/** Event types an admin declares beyond the built-in ones: `custom.<name>` with typed fields. */
export const eventTypes = pgTable(
  'event_types',
  {
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    type: text('type').notNull(),
    label: text('label').notNull(),
    fields: jsonb('fields').$type<{ name: string; kind: 'string' | 'number' | 'boolean' | 'money'; required: boolean }[]>().notNull(),
    alert: boolean('alert').notNull().default(false),
    createdBy: text('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.type] })],
);

/* ---------------------------------------------------------------- QA review */

/** Scorecards are versioned: a review keeps the version it was scored against. */
export const qaScorecards = pgTable(
  'qa_scorecards',
  {
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    version: integer('version').notNull(),
    criteria: jsonb('criteria').$type<import('../../../shared/qa/scorecard').Criterion[]>().notNull(),
    note: text('note'),
    createdBy: text('created_by').notNull(),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.version] })],
);

/** A review queue: the sampling rules and window it was built from (rebuildable with the seed). */
export const qaQueues = pgTable(
  'qa_queues',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    name: text('name').notNull(),
    rules: jsonb('rules').notNull(),
    fromAt: ms('from_at').notNull(),
    toAt: ms('to_at').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [index('qa_queues_tenant').on(t.tenantId, t.createdAt)],
);

/** One resolution picked for review, with why. One pick per resolution per tenant: never reviewed twice by accident. */
export const qaPicks = pgTable(
  'qa_picks',
  {
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    resolutionId: text('resolution_id').notNull(),
    queueId: text('queue_id').notNull(),
    agentId: text('agent_id').notNull(),
    why: jsonb('why').$type<string[]>().notNull(),
    resolvedAt: ms('resolved_at').notNull(),
    reviewId: text('review_id'),
    pickedAt: ms('picked_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.resolutionId] }), index('qa_picks_queue').on(t.tenantId, t.queueId)],
);

/** A review: per-criterion scores with comments, against one scorecard version. */
export const qaReviews = pgTable(
  'qa_reviews',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    resolutionId: text('resolution_id').notNull(),
    agentId: text('agent_id').notNull(),
    reviewerId: text('reviewer_id').notNull(),
    scorecardVersion: integer('scorecard_version').notNull(),
    scores: jsonb('scores').$type<Record<string, { score: number; comment: string }>>().notNull(),
    quality: doublePrecision('quality').notNull(),
    comment: text('comment').notNull().default(''),
    /** final → disputed → upheld | amended */
    status: text('status', { enum: ['final', 'disputed', 'upheld', 'amended'] }).notNull(),
    createdAt: ms('created_at').notNull(),
    updatedAt: ms('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('qa_reviews_resolution').on(t.tenantId, t.resolutionId),
    index('qa_reviews_agent').on(t.tenantId, t.agentId, t.createdAt),
    index('qa_reviews_time').on(t.tenantId, t.createdAt),
  ],
);

/** An agent's dispute of a review; a second reviewer (not the first) decides. */
export const qaDisputes = pgTable(
  'qa_disputes',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    reviewId: text('review_id').notNull(),
    agentId: text('agent_id').notNull(),
    criteria: jsonb('criteria').$type<string[]>().notNull(),
    reason: text('reason').notNull(),
    status: text('status', { enum: ['open', 'upheld', 'amended'] }).notNull(),
    decidedBy: text('decided_by'),
    decisionNote: text('decision_note'),
    createdAt: ms('created_at').notNull(),
    decidedAt: ms('decided_at'),
  },
  (t) => [index('qa_disputes_tenant').on(t.tenantId, t.status, t.createdAt), index('qa_disputes_review').on(t.reviewId)],
);

/** The dispute's trail: raised, decided, scores before and after. Never updated. */
export const qaDisputeEvents = pgTable(
  'qa_dispute_events',
  {
    id: serial('id').primaryKey(),
    disputeId: text('dispute_id').notNull(),
    at: ms('at').notNull(),
    kind: text('kind').notNull(),
    userId: text('user_id').notNull(),
    message: text('message').notNull(),
    detail: jsonb('detail'),
  },
  (t) => [index('qa_dispute_events_dispute').on(t.disputeId, t.at)],
);

/** A calibration session: several auditors score the same resolutions blind. */
export const qaCalibrations = pgTable(
  'qa_calibrations',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    name: text('name').notNull(),
    resolutionIds: jsonb('resolution_ids').$type<string[]>().notNull(),
    scorecardVersion: integer('scorecard_version').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [index('qa_calibrations_tenant').on(t.tenantId, t.createdAt)],
);

export const qaCalibrationScores = pgTable(
  'qa_calibration_scores',
  {
    calibrationId: text('calibration_id').notNull(),
    auditorId: text('auditor_id').notNull(),
    resolutionId: text('resolution_id').notNull(),
    scores: jsonb('scores').$type<Record<string, number>>().notNull(),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.calibrationId, t.auditorId, t.resolutionId] })],
);

/** Each verification of the log, so the console shows the last result and when it was taken. */
export const qaIntegrityChecks = pgTable(
  'qa_integrity_checks',
  {
    id: serial('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    at: ms('at').notNull(),
    ok: boolean('ok').notNull(),
    entries: integer('entries').notNull(),
    problem: text('problem'),
    checkedBy: text('checked_by').notNull(),
  },
  (t) => [index('qa_integrity_checks_tenant').on(t.tenantId, t.at)],
);

/* ---------------------------------------------------------------- erasure requests and log checkpoints */

/** A request to erase a customer: its deadline, where it stands, and a receipt that names no personal data. */
export const erasureRequests = pgTable(
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
    receipt: jsonb('receipt').$type<Record<string, unknown>>(),
  },
  (t) => [index('erasure_requests_tenant').on(t.tenantId, t.status, t.dueAt)],
);

/**
 * The log's head as the server signed it (Ed25519), every N entries or T minutes: published outside
 * the database too, so a rewrite of the log that re-chains every entry still contradicts a signature.
 */
export const logCheckpoints = pgTable(
  'log_checkpoints',
  {
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    seq: integer('seq').notNull(),
    hash: text('hash').notNull(),
    at: ms('at').notNull(),
    keyId: text('key_id').notNull(),
    signature: text('signature').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.seq] })],
);
