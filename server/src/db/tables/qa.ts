/** QA review: scorecards, queues, picks, reviews, disputes, calibration and integrity checks. */
import type { Criterion } from '@shared/qa/scorecard';
import type { Kit } from './kit.sqlite';
import type { AccountTables } from './accounts';

export function qaTables(k: Kit, { tenants }: Pick<AccountTables, 'tenants'>) {
  const { table, text, int, ms, bool, json, real, autoId, index, uniqueIndex, primaryKey } = k;

  /** Scorecards are versioned: a review keeps the version it was scored against. */
  const qaScorecards = table(
    'qa_scorecards',
    {
      tenantId: text('tenant_id')
        .notNull()
        .references(() => tenants.id),
      version: int('version').notNull(),
      criteria: json('criteria').$type<Criterion[]>().notNull(),
      note: text('note'),
      createdBy: text('created_by').notNull(),
      createdAt: ms('created_at').notNull(),
    },
    (t) => [primaryKey({ columns: [t.tenantId, t.version] })],
  );

  /** A review queue: the sampling rules and window it was built from (rebuildable with the seed). */
  const qaQueues = table(
    'qa_queues',
    {
      id: text('id').primaryKey(),
      tenantId: text('tenant_id')
        .notNull()
        .references(() => tenants.id),
      name: text('name').notNull(),
      rules: json('rules').notNull(),
      fromAt: ms('from_at').notNull(),
      toAt: ms('to_at').notNull(),
      createdBy: text('created_by').notNull(),
      createdAt: ms('created_at').notNull(),
    },
    (t) => [index('qa_queues_tenant').on(t.tenantId, t.createdAt)],
  );

  /** One resolution picked for review, with why. One pick per resolution per tenant: never reviewed twice by accident. */
  const qaPicks = table(
    'qa_picks',
    {
      tenantId: text('tenant_id')
        .notNull()
        .references(() => tenants.id),
      resolutionId: text('resolution_id').notNull(),
      queueId: text('queue_id').notNull(),
      agentId: text('agent_id').notNull(),
      why: json('why').$type<string[]>().notNull(),
      resolvedAt: ms('resolved_at').notNull(),
      reviewId: text('review_id'),
      pickedAt: ms('picked_at').notNull(),
    },
    (t) => [primaryKey({ columns: [t.tenantId, t.resolutionId] }), index('qa_picks_queue').on(t.tenantId, t.queueId)],
  );

  /** A review: per-criterion scores with comments, against one scorecard version. */
  const qaReviews = table(
    'qa_reviews',
    {
      id: text('id').primaryKey(),
      tenantId: text('tenant_id')
        .notNull()
        .references(() => tenants.id),
      resolutionId: text('resolution_id').notNull(),
      agentId: text('agent_id').notNull(),
      reviewerId: text('reviewer_id').notNull(),
      scorecardVersion: int('scorecard_version').notNull(),
      scores: json('scores').$type<Record<string, { score: number; comment: string }>>().notNull(),
      quality: real('quality').notNull(),
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
  const qaDisputes = table(
    'qa_disputes',
    {
      id: text('id').primaryKey(),
      tenantId: text('tenant_id')
        .notNull()
        .references(() => tenants.id),
      reviewId: text('review_id').notNull(),
      agentId: text('agent_id').notNull(),
      criteria: json('criteria').$type<string[]>().notNull(),
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
  const qaDisputeEvents = table(
    'qa_dispute_events',
    {
      id: autoId('id'),
      disputeId: text('dispute_id').notNull(),
      at: ms('at').notNull(),
      kind: text('kind').notNull(),
      userId: text('user_id').notNull(),
      message: text('message').notNull(),
      detail: json('detail'),
    },
    (t) => [index('qa_dispute_events_dispute').on(t.disputeId, t.at)],
  );

  /** A calibration session: several auditors score the same resolutions blind. */
  const qaCalibrations = table(
    'qa_calibrations',
    {
      id: text('id').primaryKey(),
      tenantId: text('tenant_id')
        .notNull()
        .references(() => tenants.id),
      name: text('name').notNull(),
      resolutionIds: json('resolution_ids').$type<string[]>().notNull(),
      scorecardVersion: int('scorecard_version').notNull(),
      createdBy: text('created_by').notNull(),
      createdAt: ms('created_at').notNull(),
    },
    (t) => [index('qa_calibrations_tenant').on(t.tenantId, t.createdAt)],
  );

  const qaCalibrationScores = table(
    'qa_calibration_scores',
    {
      calibrationId: text('calibration_id').notNull(),
      auditorId: text('auditor_id').notNull(),
      resolutionId: text('resolution_id').notNull(),
      scores: json('scores').$type<Record<string, number>>().notNull(),
      createdAt: ms('created_at').notNull(),
    },
    (t) => [primaryKey({ columns: [t.calibrationId, t.auditorId, t.resolutionId] })],
  );

  /** Each verification of the log, so the console shows the last result and when it was taken. */
  const qaIntegrityChecks = table(
    'qa_integrity_checks',
    {
      id: autoId('id'),
      tenantId: text('tenant_id')
        .notNull()
        .references(() => tenants.id),
      at: ms('at').notNull(),
      ok: bool('ok').notNull(),
      entries: int('entries').notNull(),
      problem: text('problem'),
      checkedBy: text('checked_by').notNull(),
    },
    (t) => [index('qa_integrity_checks_tenant').on(t.tenantId, t.at)],
  );

  return {
    qaScorecards,
    qaQueues,
    qaPicks,
    qaReviews,
    qaDisputes,
    qaDisputeEvents,
    qaCalibrations,
    qaCalibrationScores,
    qaIntegrityChecks,
  };
}

export type QaTables = ReturnType<typeof qaTables>;
