/** Tenants, their people and how they sign in; the keys business systems sign webhooks with. */
import type { Kit } from './kit.sqlite';

export function accountTables(k: Kit) {
  const { table, text, int, ms, bool, json, autoId, index, uniqueIndex, primaryKey } = k;

  const tenants = table('tenants', {
    id: text('id').primaryKey(),
    slug: text('slug').notNull().unique(),
    name: text('name').notNull(),
    /** Log entries older than this lose their payload (the chain still verifies); null keeps them. */
    retentionDays: int('retention_days'),
    /** The last log entry, written with it: deleting the newest entries shows. */
    logHeadSeq: int('log_head_seq').notNull().default(0),
    logHeadHash: text('log_head_hash'),
    /** How many personal fields one agent may reveal in an hour before being told to wait (429). */
    revealsPerHour: int('reveals_per_hour').notNull().default(60),
    /** Days an erasure request may wait before it is overdue (GDPR's one month by default). */
    erasureDeadlineDays: int('erasure_deadline_days').notNull().default(30),
    /** A signed checkpoint of the log's head every this many entries, or this many minutes (whichever first). */
    checkpointEveryEntries: int('checkpoint_every_entries').notNull().default(1000),
    checkpointEveryMinutes: int('checkpoint_every_minutes').notNull().default(5),
    /**
     * When the tenant's rows from before helpdesk instances were settled: scoped by the rule on its
     * first pinned hosts (repositories/helpdesk-hosts.ts), or left unscoped for good. Null until then.
     */
    legacyRefsSettledAt: ms('legacy_refs_settled_at'),
    /**
     * Contact-center desktops whose calls the platform's own events confirm (POST /v1/ingest/calls):
     * there the caller is the platform's word, never the page's reading (services/confirmed-calls.ts).
     */
    callsConfirmedBy: json('calls_confirmed_by').$type<string[]>(),
    createdAt: ms('created_at').notNull(),
  });

  const users = table(
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
      agentLevel: int('agent_level').notNull().default(1),
      team: text('team').notNull().default('default'),
      /** For supervisors: the escalation level they decide at (team_lead, manager…). Team '*' is the level's pool. */
      approvalLevel: text('approval_level'),
      /** Supervisors' on-duty choice; they receive requests while on duty and connected. */
      onDuty: bool('on_duty').notNull().default(false),
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
  const sessions = table(
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
  const signInFailures = table(
    'sign_in_failures',
    {
      id: autoId('id'),
      key: text('key').notNull(),
      at: ms('at').notNull(),
    },
    (t) => [index('sign_in_failures_key_at').on(t.key, t.at)],
  );

  /** Keys business systems sign webhooks with. The secret must be kept readable to check HMACs. */
  const ingestKeys = table('ingest_keys', {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    secret: text('secret').notNull(),
    createdAt: ms('created_at').notNull(),
    revokedAt: ms('revoked_at'),
  });

  /**
   * Signatures seen inside the replay window: the same signed request twice is a replay. Keyed by
   * the signed timestamp first (a replay carries the same one, or its signature would not match):
   * requests arrive in about that order, so each is written beside the last instead of on a page
   * of its own (a signature alone is random), and forgetting the old ones takes the oldest keys.
   */
  const webhookSignatures = table(
    'webhook_signatures',
    {
      signedAt: ms('signed_at').notNull(),
      signature: text('signature').notNull(),
      keyId: text('key_id').notNull(),
      seenAt: ms('seen_at').notNull(),
    },
    (t) => [primaryKey({ columns: [t.signedAt, t.signature] })],
  );

  /**
   * What releases before migration 0019 remembered signatures in (keyed by the signature alone).
   * Kept while processes of such a release may still run beside newer ones during a rolling
   * upgrade (migrations only add): what they remember there is read as remembered (a replay of it
   * is refused); they do not read webhook_signatures. A later migration drops it.
   */
  const webhookDeliveries = table(
    'webhook_deliveries',
    {
      signature: text('signature').primaryKey(),
      keyId: text('key_id').notNull(),
      seenAt: ms('seen_at').notNull(),
    },
    (t) => [index('webhook_deliveries_seen_at').on(t.seenAt)],
  );

  return { tenants, users, sessions, signInFailures, ingestKeys, webhookSignatures, webhookDeliveries };
}

export type AccountTables = ReturnType<typeof accountTables>;
