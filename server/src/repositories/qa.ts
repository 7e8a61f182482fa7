/**
 * QA data: the history QA logic reads (resolutions with what attached, grants with their
 * limits, exceptions), and the QA tables. Every query is scoped by tenant.
 */
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { limitFor } from '../../../shared/qa/limits';
import type { Criterion } from '../../../shared/qa/scorecard';
import { normaliseSurvey, type QaException, type QaGrant, type QaResolution } from '../../../shared/qa/types';
import type { PolicyDocument } from '../../../shared/schemas/policy';
import type { Db } from '../db/open';
import { policyVersions, qaCalibrationScores, qaCalibrations, qaDisputeEvents, qaDisputes, qaIntegrityChecks, qaPicks, qaQueues, qaReviews, qaScorecards } from '../db/schema.sqlite';

/** Attachments may arrive well after the window closes; look this far past it. */
const ATTACH_LOOKAHEAD = 60 * 86_400_000;

interface Payload {
  outcome?: string;
  category?: string;
  handleTimeSeconds?: number;
  actions?: { action: string; amountCents: number; via: 'leeway' | 'exception' | 'unrecorded'; grantId?: string; exceptionId?: string | null }[];
  note?: unknown;
  survey?: string;
  score?: number;
  daysAfter?: number;
}

export function createQaRepository(db: Db) {
  const sql = db.$client;
  const stmt = {
    resolutions: sql.prepare("select id, agent_id as agentId, ticket_ref as ticketRef, payload, created_at as at from resolution_log where tenant_id = ? and kind = 'resolution' and created_at >= ? and created_at < ?"),
    attachments: sql.prepare(
      "select kind, ref_id as refId, payload from resolution_log where tenant_id = ? and kind in ('survey', 'reopening', 'repeat_contact') and created_at >= ? and created_at < ?",
    ),
    users: sql.prepare('select id, team, created_at as since, name, role from users where tenant_id = ?'),
    grants: sql.prepare(
      'select id, user_id as agentId, customer_id as customerId, action, amount_cents as amountCents, agent_level as level, customer_tier as tier, policy_version as version, exception_id as exceptionId, created_at as at from grants where tenant_id = ? and created_at >= ? and created_at < ?',
    ),
    exceptions: sql.prepare(
      'select id, agent_id as agentId, decided_by as approverId, status, created_at as createdAt, decided_at as decidedAt, grant_id as grantId from exceptions where tenant_id = ? and created_at >= ? and created_at < ?',
    ),
  };

  function policies(tenantId: string): Map<number, PolicyDocument> {
    return new Map(db.select().from(policyVersions).where(eq(policyVersions.tenantId, tenantId)).all().map((p) => [p.version, p.document as PolicyDocument]));
  }

  function users(tenantId: string) {
    return new Map((stmt.users.all(tenantId) as { id: string; team: string; since: number; name: string; role: string }[]).map((u) => [u.id, u]));
  }

  /** Grants in [from, to) with the limit in force for each; `resolutionOf` maps a grant id to the resolution that recorded it. */
  function grantsIn(tenantId: string, from: number, to: number, resolutionOf = new Map<string, string>()): QaGrant[] {
    const docs = policies(tenantId);
    const memo = new Map<string, number | null>();
    return (stmt.grants.all(tenantId, from, to) as { id: string; agentId: string; customerId: string; action: string; amountCents: number; level: number; tier: string; version: number; exceptionId: string | null; at: number }[]).map((g) => {
      const k = `${g.version}|${g.action}|${g.level}|${g.tier}`;
      if (!memo.has(k)) {
        const doc = docs.get(g.version);
        memo.set(k, doc ? limitFor(doc, g.action, g.level, g.tier) : null);
      }
      return { id: g.id, agentId: g.agentId, customerId: g.customerId, action: g.action, amountCents: g.amountCents, limitCents: memo.get(k)!, at: g.at, viaException: !!g.exceptionId, resolutionId: resolutionOf.get(g.id) ?? null };
    });
  }

  /**
   * Resolutions logged in [from, to) with surveys, reopenings and repeat contacts attached,
   * each action carrying its limit. Only non-personal payload fields are read: sealed notes
   * stay sealed (QA needs to know a note is there, not to read it here).
   */
  function history(tenantId: string, from: number, to: number) {
    const people = users(tenantId);
    const rows = stmt.resolutions.all(tenantId, from, to) as { id: string; agentId: string | null; ticketRef: string | null; payload: string | null; at: number }[];
    const parsed = rows.map((r) => ({ r, p: (r.payload ? JSON.parse(r.payload) : {}) as Payload }));
    const resolutionOfGrant = new Map<string, string>();
    for (const { r, p } of parsed) for (const a of p.actions ?? []) if (a.grantId) resolutionOfGrant.set(a.grantId, r.id);
    const grants = grantsIn(tenantId, from - 86_400_000, to, resolutionOfGrant);
    const limitOf = new Map(grants.map((g) => [g.id, g.limitCents]));
    const survey = new Map<string, number>();
    const reopened = new Set<string>();
    const repeat = new Map<string, number>();
    for (const a of stmt.attachments.all(tenantId, from, to + ATTACH_LOOKAHEAD) as { kind: string; refId: string; payload: string | null }[]) {
      const p = (a.payload ? JSON.parse(a.payload) : {}) as Payload;
      if (a.kind === 'survey' && typeof p.score === 'number') survey.set(a.refId, normaliseSurvey(p.survey ?? 'csat', p.score));
      else if (a.kind === 'reopening') reopened.add(a.refId);
      else if (a.kind === 'repeat_contact' && typeof p.daysAfter === 'number') repeat.set(a.refId, Math.min(repeat.get(a.refId) ?? Infinity, p.daysAfter));
    }
    const resolutions: QaResolution[] = parsed.map(({ r, p }) => {
      const who = people.get(r.agentId ?? '');
      return {
        id: r.id,
        agentId: r.agentId ?? 'unknown',
        team: who?.team ?? 'unknown',
        at: r.at,
        ticketRef: r.ticketRef,
        category: p.category ?? '',
        outcome: p.outcome ?? '',
        handleTimeSeconds: p.handleTimeSeconds ?? 0,
        actions: (p.actions ?? []).map((a) => ({ action: a.action, amountCents: a.amountCents, via: a.via, limitCents: a.grantId ? (limitOf.get(a.grantId) ?? null) : null })),
        surveyScore: survey.get(r.id) ?? null,
        repeatContactDays: repeat.get(r.id) ?? null,
        reopened: reopened.has(r.id),
        agentSince: who?.since ?? 0,
        hasNote: p.note !== undefined && p.note !== '',
      };
    });
    const grantOfException = new Map(grants.filter((g) => g.viaException).map((g) => [g.id, g.resolutionId ?? null]));
    const exceptions: QaException[] = (stmt.exceptions.all(tenantId, from, to) as (QaException & { grantId: string | null })[]).map(({ grantId, ...e }) => ({ ...e, resolutionId: grantId ? (grantOfException.get(grantId) ?? null) : null }));
    return { resolutions, grants, exceptions, users: people };
  }

  return {
    history,
    grantsIn: (tenantId: string, from: number, to: number) => grantsIn(tenantId, from, to),
    users,
    exceptionsIn: (tenantId: string, from: number, to: number) => stmt.exceptions.all(tenantId, from, to) as (QaException & { grantId: string | null })[],

    /* scorecards */
    scorecard(tenantId: string, version?: number) {
      const q = db.select().from(qaScorecards);
      return (version ? q.where(and(eq(qaScorecards.tenantId, tenantId), eq(qaScorecards.version, version))) : q.where(eq(qaScorecards.tenantId, tenantId)).orderBy(desc(qaScorecards.version)).limit(1)).get() ?? null;
    },
    scorecards: (tenantId: string) => db.select().from(qaScorecards).where(eq(qaScorecards.tenantId, tenantId)).orderBy(asc(qaScorecards.version)).all(),
    createScorecard(tenantId: string, criteria: Criterion[], note: string | null, createdBy: string) {
      return db.transaction(
        (tx) => {
          const last = tx.select({ v: qaScorecards.version }).from(qaScorecards).where(eq(qaScorecards.tenantId, tenantId)).orderBy(desc(qaScorecards.version)).limit(1).get();
          const row = { tenantId, version: (last?.v ?? 0) + 1, criteria, note, createdBy, createdAt: Date.now() };
          tx.insert(qaScorecards).values(row).run();
          return row;
        },
        { behavior: 'immediate' },
      );
    },

    /* queues and picks */
    /** Ids already queued or reviewed in the tenant: never picked again by accident. */
    takenIds(tenantId: string, from: number, to: number): Set<string> {
      const picked = sql.prepare('select resolution_id as id from qa_picks where tenant_id = ? and resolved_at >= ? and resolved_at < ?').all(tenantId, from, to) as { id: string }[];
      const reviewed = sql.prepare('select resolution_id as id from qa_reviews where tenant_id = ?').all(tenantId) as { id: string }[];
      return new Set([...picked, ...reviewed].map((r) => r.id));
    },
    createQueue(tenantId: string, q: { name: string; rules: unknown; fromAt: number; toAt: number; createdBy: string }, picks: { resolutionId: string; agentId: string; why: string[]; resolvedAt: number }[]) {
      const id = randomUUID();
      const now = Date.now();
      db.transaction((tx) => {
        tx.insert(qaQueues).values({ id, tenantId, ...q, createdAt: now }).run();
        // A concurrent build may have taken a resolution since we read: the primary key keeps the first.
        for (let i = 0; i < picks.length; i += 500) tx.insert(qaPicks).values(picks.slice(i, i + 500).map((p) => ({ ...p, tenantId, queueId: id, pickedAt: now }))).onConflictDoNothing().run();
      });
      return id;
    },
    queues: (tenantId: string) =>
      sql
        .prepare(
          'select q.id, q.name, q.from_at as fromAt, q.to_at as toAt, q.created_at as createdAt, count(p.resolution_id) as picks, count(p.review_id) as reviewed from qa_queues q left join qa_picks p on p.tenant_id = q.tenant_id and p.queue_id = q.id where q.tenant_id = ? group by q.id order by q.created_at desc',
        )
        .all(tenantId) as { id: string; name: string; fromAt: number; toAt: number; createdAt: number; picks: number; reviewed: number }[],
    queue: (tenantId: string, id: string) => db.select().from(qaQueues).where(and(eq(qaQueues.tenantId, tenantId), eq(qaQueues.id, id))).get() ?? null,
    picks: (tenantId: string, queueId: string) => db.select().from(qaPicks).where(and(eq(qaPicks.tenantId, tenantId), eq(qaPicks.queueId, queueId))).orderBy(asc(qaPicks.resolvedAt)).all(),
    pick: (tenantId: string, resolutionId: string) => db.select().from(qaPicks).where(and(eq(qaPicks.tenantId, tenantId), eq(qaPicks.resolutionId, resolutionId))).get() ?? null,

    /* reviews */
    review: (tenantId: string, id: string) => db.select().from(qaReviews).where(and(eq(qaReviews.tenantId, tenantId), eq(qaReviews.id, id))).get() ?? null,
    reviewOf: (tenantId: string, resolutionId: string) => db.select().from(qaReviews).where(and(eq(qaReviews.tenantId, tenantId), eq(qaReviews.resolutionId, resolutionId))).get() ?? null,
    reviews(tenantId: string, agentId?: string) {
      const where = agentId ? and(eq(qaReviews.tenantId, tenantId), eq(qaReviews.agentId, agentId)) : eq(qaReviews.tenantId, tenantId);
      return db.select().from(qaReviews).where(where).orderBy(desc(qaReviews.createdAt)).limit(1000).all();
    },
    /** One review per resolution: a second attempt finds the first (unique index), never a duplicate. */
    createReview(tenantId: string, r: Omit<typeof qaReviews.$inferInsert, 'id' | 'tenantId' | 'status' | 'createdAt' | 'updatedAt'>) {
      return db.transaction(
        (tx) => {
          const existing = tx.select().from(qaReviews).where(and(eq(qaReviews.tenantId, tenantId), eq(qaReviews.resolutionId, r.resolutionId))).get();
          if (existing) return { created: false as const, review: existing };
          const now = Date.now();
          const row = { ...r, id: randomUUID(), tenantId, status: 'final' as const, createdAt: now, updatedAt: now };
          tx.insert(qaReviews).values(row).run();
          tx.update(qaPicks).set({ reviewId: row.id }).where(and(eq(qaPicks.tenantId, tenantId), eq(qaPicks.resolutionId, r.resolutionId))).run();
          return { created: true as const, review: tx.select().from(qaReviews).where(eq(qaReviews.id, row.id)).get()! };
        },
        { behavior: 'immediate' },
      );
    },

    /* disputes */
    dispute: (tenantId: string, id: string) => db.select().from(qaDisputes).where(and(eq(qaDisputes.tenantId, tenantId), eq(qaDisputes.id, id))).get() ?? null,
    disputes(tenantId: string, agentId?: string) {
      const where = agentId ? and(eq(qaDisputes.tenantId, tenantId), eq(qaDisputes.agentId, agentId)) : eq(qaDisputes.tenantId, tenantId);
      return db.select().from(qaDisputes).where(where).orderBy(desc(qaDisputes.createdAt)).limit(500).all();
    },
    trail: (disputeIds: string[]) => (disputeIds.length ? db.select().from(qaDisputeEvents).where(inArray(qaDisputeEvents.disputeId, disputeIds)).orderBy(asc(qaDisputeEvents.at), asc(qaDisputeEvents.id)).all() : []),
    openDispute(tenantId: string, review: typeof qaReviews.$inferSelect, agentId: string, criteria: string[], reason: string) {
      return db.transaction(
        (tx) => {
          const now = Date.now();
          const id = randomUUID();
          tx.insert(qaDisputes).values({ id, tenantId, reviewId: review.id, agentId, criteria, reason, status: 'open', createdAt: now }).run();
          tx.update(qaReviews).set({ status: 'disputed', updatedAt: now }).where(eq(qaReviews.id, review.id)).run();
          tx.insert(qaDisputeEvents).values({ disputeId: id, at: now, kind: 'raised', userId: agentId, message: reason, detail: { criteria, scores: review.scores } }).run();
          return tx.select().from(qaDisputes).where(eq(qaDisputes.id, id)).get()!;
        },
        { behavior: 'immediate' },
      );
    },
    /** Decides an open dispute once: the first decision wins, a second finds it decided. */
    settleDispute(tenantId: string, disputeId: string, by: string, outcome: 'upheld' | 'amended', note: string, amended?: { scores: Record<string, { score: number; comment: string }>; quality: number }) {
      return db.transaction(
        (tx) => {
          const d = tx.select().from(qaDisputes).where(and(eq(qaDisputes.tenantId, tenantId), eq(qaDisputes.id, disputeId))).get();
          if (!d || d.status !== 'open') return null;
          const review = tx.select().from(qaReviews).where(eq(qaReviews.id, d.reviewId)).get()!;
          const now = Date.now();
          tx.update(qaDisputes).set({ status: outcome, decidedBy: by, decisionNote: note, decidedAt: now }).where(eq(qaDisputes.id, d.id)).run();
          tx.update(qaReviews)
            .set({ status: outcome, updatedAt: now, ...(amended ? { scores: amended.scores, quality: amended.quality } : {}) })
            .where(eq(qaReviews.id, review.id))
            .run();
          tx.insert(qaDisputeEvents)
            .values({ disputeId: d.id, at: now, kind: outcome, userId: by, message: note, detail: { before: { scores: review.scores, quality: review.quality }, after: amended ?? null } })
            .run();
          return tx.select().from(qaDisputes).where(eq(qaDisputes.id, d.id)).get()!;
        },
        { behavior: 'immediate' },
      );
    },

    /* calibration */
    createCalibration(tenantId: string, c: { name: string; resolutionIds: string[]; scorecardVersion: number; createdBy: string }) {
      const row = { ...c, id: randomUUID(), tenantId, createdAt: Date.now() };
      db.insert(qaCalibrations).values(row).run();
      return row;
    },
    calibrations: (tenantId: string) => db.select().from(qaCalibrations).where(eq(qaCalibrations.tenantId, tenantId)).orderBy(desc(qaCalibrations.createdAt)).all(),
    calibration: (tenantId: string, id: string) => db.select().from(qaCalibrations).where(and(eq(qaCalibrations.tenantId, tenantId), eq(qaCalibrations.id, id))).get() ?? null,
    calibrationScores: (calibrationId: string) => db.select().from(qaCalibrationScores).where(eq(qaCalibrationScores.calibrationId, calibrationId)).all(),
    putCalibrationScore(calibrationId: string, auditorId: string, resolutionId: string, scores: Record<string, number>) {
      db.insert(qaCalibrationScores)
        .values({ calibrationId, auditorId, resolutionId, scores, createdAt: Date.now() })
        .onConflictDoUpdate({ target: [qaCalibrationScores.calibrationId, qaCalibrationScores.auditorId, qaCalibrationScores.resolutionId], set: { scores, createdAt: Date.now() } })
        .run();
    },

    /* integrity */
    lastIntegrity: (tenantId: string) => db.select().from(qaIntegrityChecks).where(eq(qaIntegrityChecks.tenantId, tenantId)).orderBy(desc(qaIntegrityChecks.at), desc(qaIntegrityChecks.id)).limit(1).get() ?? null,
    recordIntegrity(tenantId: string, r: { ok: boolean; entries: number; problem: string | null; checkedBy: string; at: number }) {
      db.insert(qaIntegrityChecks).values({ tenantId, ...r }).run();
    },

    /* charts */
    qualityByWeek: (tenantId: string, from: number, to: number) =>
      sql
        .prepare(
          `select (r.created_at / 604800000) as week, u.team as team, r.agent_id as agentId, avg(r.quality) as quality, count(*) as n
           from qa_reviews r left join users u on u.id = r.agent_id where r.tenant_id = ? and r.created_at >= ? and r.created_at < ? group by week, team, agentId order by week`,
        )
        .all(tenantId, from, to) as { week: number; team: string | null; agentId: string; quality: number; n: number }[],
    surveysOf(tenantId: string, resolutionIds: string[]) {
      const out = new Map<string, number>();
      const q = sql.prepare("select ref_id as refId, payload from resolution_log where tenant_id = ? and ref_id = ? and kind = 'survey'");
      for (const id of resolutionIds) {
        const row = q.get(tenantId, id) as { refId: string; payload: string | null } | undefined;
        const p = row?.payload ? (JSON.parse(row.payload) as Payload) : null;
        if (p && typeof p.score === 'number') out.set(id, normaliseSurvey(p.survey ?? 'csat', p.score));
      }
      return out;
    },
    /** Resolutions of one kind attached to `refId` (surveys, reopenings…), for the review form. */
    attachedTo: (tenantId: string, refId: string) =>
      sql.prepare('select kind, payload, created_at as at from resolution_log where tenant_id = ? and ref_id = ? order by seq').all(tenantId, refId) as { kind: string; payload: string | null; at: number }[],
  };
}
export type QaRepository = ReturnType<typeof createQaRepository>;
