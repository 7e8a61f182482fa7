/**
 * QA data: the history QA logic reads (resolutions with what attached, grants with their
 * limits, exceptions), and the QA tables. Every query is scoped by tenant.
 */
import { and, asc, count, desc, eq, gte, inArray, lt, or, sql, type Column } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { limitFor } from '../../../shared/qa/limits';
import type { Criterion } from '../../../shared/qa/scorecard';
import { normaliseSurvey, type QaException, type QaGrant, type QaResolution } from '../../../shared/qa/types';
import type { PolicyDocument } from '../../../shared/schemas/policy';
import { tenantLock, type Database } from '../db/database';
import { UserError } from '../errors';

/** Attachments may arrive well after the window closes; look this far past it. */
const ATTACH_LOOKAHEAD = 60 * 86_400_000;
/** Ids per `in (…)` list: well within either engine's limit on parameters. */
const IN_CHUNK = 500;
const WEEK_MS = 604_800_000;
/** Rows per page of an export. */
const EXPORT_PAGE = 500;
/** Rows after `after` in (createdAt, id) descending order: pages neither skip nor repeat rows of the same millisecond. */
const olderThan = (t: { createdAt: Column; id: Column }, after: { at: number; id: string }) =>
  or(lt(t.createdAt, after.at), and(eq(t.createdAt, after.at), lt(t.id, after.id)));

interface Payload {
  outcome?: string;
  category?: string;
  handleTimeSeconds?: number;
  actions?: {
    action: string;
    amountCents: number;
    via: 'leeway' | 'exception' | 'unrecorded';
    grantId?: string;
    exceptionId?: string | null;
  }[];
  note?: unknown;
  survey?: string;
  score?: number;
  daysAfter?: number;
}

export interface QaUser {
  id: string;
  team: string;
  since: number;
  name: string;
  role: string;
}

type Settled = { scores: Record<string, { score: number; comment: string }>; quality: number };

export function createQaRepository(db: Database) {
  const {
    exceptions,
    grants,
    policyVersions,
    qaCalibrationScores,
    qaCalibrations,
    qaDisputeEvents,
    qaDisputes,
    qaIntegrityChecks,
    qaPicks,
    qaQueues,
    qaReviews,
    qaScorecards,
    resolutionLog,
    users: usersT,
  } = db.t;

  async function policies(tenantId: string): Promise<Map<number, PolicyDocument>> {
    const rows = await db.q
      .select({ version: policyVersions.version, document: policyVersions.document })
      .from(policyVersions)
      .where(eq(policyVersions.tenantId, tenantId));
    return new Map(rows.map((p) => [p.version, p.document as PolicyDocument]));
  }

  async function users(tenantId: string): Promise<Map<string, QaUser>> {
    const rows = await db.q
      .select({ id: usersT.id, team: usersT.team, since: usersT.createdAt, name: usersT.name, role: usersT.role })
      .from(usersT)
      .where(eq(usersT.tenantId, tenantId));
    return new Map(rows.map((u) => [u.id, u]));
  }

  async function exceptionsIn(tenantId: string, from: number, to: number): Promise<(QaException & { grantId: string | null })[]> {
    return db.q
      .select({
        id: exceptions.id,
        agentId: exceptions.agentId,
        approverId: exceptions.decidedBy,
        status: exceptions.status,
        createdAt: exceptions.createdAt,
        decidedAt: exceptions.decidedAt,
        grantId: exceptions.grantId,
      })
      .from(exceptions)
      .where(and(eq(exceptions.tenantId, tenantId), gte(exceptions.createdAt, from), lt(exceptions.createdAt, to)));
  }

  /** Grants in [from, to) with the limit in force for each; `resolutionOf` maps a grant id to the resolution that recorded it. */
  async function grantsIn(tenantId: string, from: number, to: number, resolutionOf = new Map<string, string>()): Promise<QaGrant[]> {
    const docs = await policies(tenantId);
    const memo = new Map<string, number | null>();
    const rows = await db.q
      .select({
        id: grants.id,
        agentId: grants.userId,
        customerId: grants.customerId,
        action: grants.action,
        amountCents: grants.amountCents,
        level: grants.agentLevel,
        tier: grants.customerTier,
        version: grants.policyVersion,
        exceptionId: grants.exceptionId,
        at: grants.createdAt,
      })
      .from(grants)
      .where(and(eq(grants.tenantId, tenantId), gte(grants.createdAt, from), lt(grants.createdAt, to)));
    return rows.map((g) => {
      const k = `${g.version}|${g.action}|${g.level}|${g.tier}`;
      if (!memo.has(k)) {
        const doc = docs.get(g.version);
        memo.set(k, doc ? limitFor(doc, g.action, g.level, g.tier) : null);
      }
      return {
        id: g.id,
        agentId: g.agentId,
        customerId: g.customerId,
        action: g.action,
        amountCents: g.amountCents,
        limitCents: memo.get(k)!,
        at: g.at,
        viaException: !!g.exceptionId,
        resolutionId: resolutionOf.get(g.id) ?? null,
      };
    });
  }

  /**
   * Resolutions logged in [from, to) with surveys, reopenings and repeat contacts attached,
   * each action carrying its limit. Only non-personal payload fields are read: sealed notes
   * stay sealed (QA needs to know a note is there, not to read it here).
   */
  async function history(tenantId: string, from: number, to: number) {
    const people = await users(tenantId);
    const rows = await db.q
      .select({
        id: resolutionLog.id,
        agentId: resolutionLog.agentId,
        ticketRef: resolutionLog.ticketRef,
        payload: resolutionLog.payload,
        at: resolutionLog.createdAt,
      })
      .from(resolutionLog)
      .where(
        and(
          eq(resolutionLog.tenantId, tenantId),
          eq(resolutionLog.kind, 'resolution'),
          gte(resolutionLog.createdAt, from),
          lt(resolutionLog.createdAt, to),
        ),
      );
    const parsed = rows.map((r) => ({ r, p: (r.payload ? JSON.parse(r.payload) : {}) as Payload }));
    const resolutionOfGrant = new Map<string, string>();
    for (const { r, p } of parsed) for (const a of p.actions ?? []) if (a.grantId) resolutionOfGrant.set(a.grantId, r.id);
    const grantList = await grantsIn(tenantId, from - 86_400_000, to, resolutionOfGrant);
    const limitOf = new Map(grantList.map((g) => [g.id, g.limitCents]));
    const survey = new Map<string, number>();
    const reopened = new Set<string>();
    const repeat = new Map<string, number>();
    const attachments = await db.q
      .select({ kind: resolutionLog.kind, refId: resolutionLog.refId, payload: resolutionLog.payload })
      .from(resolutionLog)
      .where(
        and(
          eq(resolutionLog.tenantId, tenantId),
          inArray(resolutionLog.kind, ['survey', 'reopening', 'repeat_contact']),
          gte(resolutionLog.createdAt, from),
          lt(resolutionLog.createdAt, to + ATTACH_LOOKAHEAD),
        ),
      );
    for (const a of attachments) {
      if (!a.refId) continue;
      const p = (a.payload ? JSON.parse(a.payload) : {}) as Payload;
      if (a.kind === 'survey' && typeof p.score === 'number') survey.set(a.refId, normaliseSurvey(p.survey ?? 'csat', p.score));
      else if (a.kind === 'reopening') reopened.add(a.refId);
      else if (a.kind === 'repeat_contact' && typeof p.daysAfter === 'number')
        repeat.set(a.refId, Math.min(repeat.get(a.refId) ?? Infinity, p.daysAfter));
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
        actions: (p.actions ?? []).map((a) => ({
          action: a.action,
          amountCents: a.amountCents,
          via: a.via,
          limitCents: a.grantId ? (limitOf.get(a.grantId) ?? null) : null,
        })),
        surveyScore: survey.get(r.id) ?? null,
        repeatContactDays: repeat.get(r.id) ?? null,
        reopened: reopened.has(r.id),
        agentSince: who?.since ?? 0,
        hasNote: p.note !== undefined && p.note !== '',
      };
    });
    const grantOfException = new Map(grantList.filter((g) => g.viaException).map((g) => [g.id, g.resolutionId ?? null]));
    const exceptionList: QaException[] = (await exceptionsIn(tenantId, from, to)).map(({ grantId, ...e }) => ({
      ...e,
      resolutionId: grantId ? (grantOfException.get(grantId) ?? null) : null,
    }));
    return { resolutions, grants: grantList, exceptions: exceptionList, users: people };
  }

  const reviewById = async (id: string) => (await db.q.select().from(qaReviews).where(eq(qaReviews.id, id)).limit(1))[0]!;
  const disputeById = async (id: string) => (await db.q.select().from(qaDisputes).where(eq(qaDisputes.id, id)).limit(1))[0]!;

  return {
    history,
    grantsIn: (tenantId: string, from: number, to: number) => grantsIn(tenantId, from, to),
    users,
    exceptionsIn,

    /* scorecards */
    async scorecard(tenantId: string, version?: number) {
      const q = db.q.select().from(qaScorecards);
      const [row] = await (version
        ? q.where(and(eq(qaScorecards.tenantId, tenantId), eq(qaScorecards.version, version))).limit(1)
        : q.where(eq(qaScorecards.tenantId, tenantId)).orderBy(desc(qaScorecards.version)).limit(1));
      return row ?? null;
    },
    scorecards: async (tenantId: string) =>
      db.q.select().from(qaScorecards).where(eq(qaScorecards.tenantId, tenantId)).orderBy(asc(qaScorecards.version)),
    /**
     * The next version: under the tenant's lock, two at once get n and n+1. With `ifNone`, only
     * when the tenant has none yet (else its current one): two first uses at once make one version 1.
     */
    async createScorecard(tenantId: string, criteria: Criterion[], note: string | null, createdBy: string, opts?: { ifNone?: boolean }) {
      return db.tx(
        async (tx) => {
          const [last] = await tx
            .select()
            .from(qaScorecards)
            .where(eq(qaScorecards.tenantId, tenantId))
            .orderBy(desc(qaScorecards.version))
            .limit(1);
          if (last && opts?.ifNone) return last;
          const row = { tenantId, version: (last?.version ?? 0) + 1, criteria, note, createdBy, createdAt: Date.now() };
          await tx.insert(qaScorecards).values(row);
          return row;
        },
        { lock: tenantLock(tenantId) },
      );
    },

    /* queues and picks */
    /** Ids already queued or reviewed in the tenant: never picked again by accident. */
    async takenIds(tenantId: string, from: number, to: number): Promise<Set<string>> {
      const picked = await db.q
        .select({ id: qaPicks.resolutionId })
        .from(qaPicks)
        .where(and(eq(qaPicks.tenantId, tenantId), gte(qaPicks.resolvedAt, from), lt(qaPicks.resolvedAt, to)));
      const reviewed = await db.q.select({ id: qaReviews.resolutionId }).from(qaReviews).where(eq(qaReviews.tenantId, tenantId));
      return new Set([...picked, ...reviewed].map((r) => r.id));
    },
    async createQueue(
      tenantId: string,
      q: { name: string; rules: unknown; fromAt: number; toAt: number; createdBy: string },
      picks: { resolutionId: string; agentId: string; why: string[]; resolvedAt: number }[],
    ) {
      const id = randomUUID();
      const now = Date.now();
      await db.tx(async (tx) => {
        await tx.insert(qaQueues).values({ id, tenantId, ...q, createdAt: now });
        // A concurrent build may have taken a resolution since we read: the primary key keeps the first.
        for (let i = 0; i < picks.length; i += 500) {
          await tx
            .insert(qaPicks)
            .values(picks.slice(i, i + 500).map((p) => ({ ...p, tenantId, queueId: id, pickedAt: now })))
            .onConflictDoNothing();
        }
      });
      return id;
    },
    /** Newest first, each with how many resolutions it picked and how many of them were reviewed. */
    queues: async (tenantId: string) =>
      db.q
        .select({
          id: qaQueues.id,
          name: qaQueues.name,
          fromAt: qaQueues.fromAt,
          toAt: qaQueues.toAt,
          createdAt: qaQueues.createdAt,
          picks: count(qaPicks.resolutionId),
          reviewed: count(qaPicks.reviewId),
        })
        .from(qaQueues)
        .leftJoin(qaPicks, and(eq(qaPicks.tenantId, qaQueues.tenantId), eq(qaPicks.queueId, qaQueues.id)))
        .where(eq(qaQueues.tenantId, tenantId))
        .groupBy(qaQueues.id)
        .orderBy(desc(qaQueues.createdAt)),
    queue: async (tenantId: string, id: string) =>
      (
        await db.q
          .select()
          .from(qaQueues)
          .where(and(eq(qaQueues.tenantId, tenantId), eq(qaQueues.id, id)))
          .limit(1)
      )[0] ?? null,
    picks: async (tenantId: string, queueId: string) =>
      db.q
        .select()
        .from(qaPicks)
        .where(and(eq(qaPicks.tenantId, tenantId), eq(qaPicks.queueId, queueId)))
        .orderBy(asc(qaPicks.resolvedAt)),
    pick: async (tenantId: string, resolutionId: string) =>
      (
        await db.q
          .select()
          .from(qaPicks)
          .where(and(eq(qaPicks.tenantId, tenantId), eq(qaPicks.resolutionId, resolutionId)))
          .limit(1)
      )[0] ?? null,

    /* reviews */
    review: async (tenantId: string, id: string) =>
      (
        await db.q
          .select()
          .from(qaReviews)
          .where(and(eq(qaReviews.tenantId, tenantId), eq(qaReviews.id, id)))
          .limit(1)
      )[0] ?? null,
    reviewOf: async (tenantId: string, resolutionId: string) =>
      (
        await db.q
          .select()
          .from(qaReviews)
          .where(and(eq(qaReviews.tenantId, tenantId), eq(qaReviews.resolutionId, resolutionId)))
          .limit(1)
      )[0] ?? null,
    async reviews(tenantId: string, agentId?: string) {
      const where = agentId ? and(eq(qaReviews.tenantId, tenantId), eq(qaReviews.agentId, agentId)) : eq(qaReviews.tenantId, tenantId);
      return db.q.select().from(qaReviews).where(where).orderBy(desc(qaReviews.createdAt)).limit(1000);
    },
    /** Every review (an agent's only, when given), newest first, a page at a time: an export never holds them all. */
    async *allReviews(tenantId: string, agentId?: string) {
      let after: { at: number; id: string } | null = null;
      for (;;) {
        const rows = await db.q
          .select()
          .from(qaReviews)
          .where(
            and(
              eq(qaReviews.tenantId, tenantId),
              agentId ? eq(qaReviews.agentId, agentId) : undefined,
              after ? olderThan(qaReviews, after) : undefined,
            ),
          )
          .orderBy(desc(qaReviews.createdAt), desc(qaReviews.id))
          .limit(EXPORT_PAGE);
        yield* rows;
        if (rows.length < EXPORT_PAGE) return;
        after = { at: rows.at(-1)!.createdAt, id: rows.at(-1)!.id };
      }
    },
    /** One review per resolution: a second attempt finds the first (unique index), never a duplicate. */
    async createReview(tenantId: string, r: Omit<typeof qaReviews.$inferInsert, 'id' | 'tenantId' | 'status' | 'createdAt' | 'updatedAt'>) {
      return db.tx(
        async (tx) => {
          const now = Date.now();
          const [created] = await tx
            .insert(qaReviews)
            .values({ ...r, id: randomUUID(), tenantId, status: 'final', createdAt: now, updatedAt: now })
            .onConflictDoNothing()
            .returning();
          if (!created) {
            const [existing] = await tx
              .select()
              .from(qaReviews)
              .where(and(eq(qaReviews.tenantId, tenantId), eq(qaReviews.resolutionId, r.resolutionId)))
              .limit(1);
            return { created: false as const, review: existing! };
          }
          await tx
            .update(qaPicks)
            .set({ reviewId: created.id })
            .where(and(eq(qaPicks.tenantId, tenantId), eq(qaPicks.resolutionId, r.resolutionId)));
          return { created: true as const, review: created };
        },
        { lock: tenantLock(tenantId) },
      );
    },

    /* disputes */
    dispute: async (tenantId: string, id: string) =>
      (
        await db.q
          .select()
          .from(qaDisputes)
          .where(and(eq(qaDisputes.tenantId, tenantId), eq(qaDisputes.id, id)))
          .limit(1)
      )[0] ?? null,
    async disputes(tenantId: string, agentId?: string) {
      const where = agentId ? and(eq(qaDisputes.tenantId, tenantId), eq(qaDisputes.agentId, agentId)) : eq(qaDisputes.tenantId, tenantId);
      return db.q.select().from(qaDisputes).where(where).orderBy(desc(qaDisputes.createdAt)).limit(500);
    },
    /** Every dispute (an agent's only, when given), newest first, a page at a time, each with its review's resolution and reviewer. */
    async *allDisputes(tenantId: string, agentId?: string) {
      let after: { at: number; id: string } | null = null;
      for (;;) {
        const rows = await db.q
          .select({ dispute: qaDisputes, resolutionId: qaReviews.resolutionId, reviewerId: qaReviews.reviewerId })
          .from(qaDisputes)
          .leftJoin(qaReviews, and(eq(qaReviews.tenantId, qaDisputes.tenantId), eq(qaReviews.id, qaDisputes.reviewId)))
          .where(
            and(
              eq(qaDisputes.tenantId, tenantId),
              agentId ? eq(qaDisputes.agentId, agentId) : undefined,
              after ? olderThan(qaDisputes, after) : undefined,
            ),
          )
          .orderBy(desc(qaDisputes.createdAt), desc(qaDisputes.id))
          .limit(EXPORT_PAGE);
        yield* rows;
        if (rows.length < EXPORT_PAGE) return;
        after = { at: rows.at(-1)!.dispute.createdAt, id: rows.at(-1)!.dispute.id };
      }
    },
    async trail(disputeIds: string[]) {
      const out: (typeof qaDisputeEvents.$inferSelect)[] = [];
      for (let i = 0; i < disputeIds.length; i += IN_CHUNK) {
        out.push(
          ...(await db.q
            .select()
            .from(qaDisputeEvents)
            .where(inArray(qaDisputeEvents.disputeId, disputeIds.slice(i, i + IN_CHUNK)))),
        );
      }
      return out.sort((a, b) => a.at - b.at || a.id - b.id);
    },
    /** Disputes a final review once: the first wins, a second (or one after a decision) is refused with 409. */
    async openDispute(tenantId: string, review: typeof qaReviews.$inferSelect, agentId: string, criteria: string[], reason: string) {
      return db.tx(
        async (tx) => {
          const now = Date.now();
          // Decided in the write itself: only a review still final becomes disputed.
          const [taken] = await tx
            .update(qaReviews)
            .set({ status: 'disputed', updatedAt: now })
            .where(and(eq(qaReviews.id, review.id), eq(qaReviews.tenantId, tenantId), eq(qaReviews.status, 'final')))
            .returning({ id: qaReviews.id, scores: qaReviews.scores });
          if (!taken) {
            const [current] = await tx
              .select({ status: qaReviews.status })
              .from(qaReviews)
              .where(and(eq(qaReviews.id, review.id), eq(qaReviews.tenantId, tenantId)))
              .limit(1);
            throw new UserError(
              409,
              current?.status === 'disputed' ? 'This review is already disputed' : 'This review was already decided after a dispute',
            );
          }
          const id = randomUUID();
          await tx
            .insert(qaDisputes)
            .values({ id, tenantId, reviewId: review.id, agentId, criteria, reason, status: 'open', createdAt: now });
          await tx
            .insert(qaDisputeEvents)
            .values({
              disputeId: id,
              at: now,
              kind: 'raised',
              userId: agentId,
              message: reason,
              detail: { criteria, scores: taken.scores },
            });
          return disputeById(id);
        },
        { lock: tenantLock(tenantId) },
      );
    },
    /** Decides an open dispute once: the first decision wins, a second finds it decided. */
    async settleDispute(tenantId: string, disputeId: string, by: string, outcome: 'upheld' | 'amended', note: string, amended?: Settled) {
      return db.tx(
        async (tx) => {
          const [d] = await tx
            .select()
            .from(qaDisputes)
            .where(and(eq(qaDisputes.tenantId, tenantId), eq(qaDisputes.id, disputeId)))
            .limit(1);
          if (!d || d.status !== 'open') return null;
          const review = await reviewById(d.reviewId);
          const now = Date.now();
          const decided = await tx
            .update(qaDisputes)
            .set({ status: outcome, decidedBy: by, decisionNote: note, decidedAt: now })
            .where(and(eq(qaDisputes.id, d.id), eq(qaDisputes.status, 'open')))
            .returning({ id: qaDisputes.id });
          if (decided.length === 0) return null;
          await tx
            .update(qaReviews)
            .set({ status: outcome, updatedAt: now, ...(amended ? { scores: amended.scores, quality: amended.quality } : {}) })
            .where(eq(qaReviews.id, review.id));
          await tx
            .insert(qaDisputeEvents)
            .values({
              disputeId: d.id,
              at: now,
              kind: outcome,
              userId: by,
              message: note,
              detail: { before: { scores: review.scores, quality: review.quality }, after: amended ?? null },
            });
          return disputeById(d.id);
        },
        { lock: tenantLock(tenantId) },
      );
    },

    /* calibration */
    async createCalibration(tenantId: string, c: { name: string; resolutionIds: string[]; scorecardVersion: number; createdBy: string }) {
      const row = { ...c, id: randomUUID(), tenantId, createdAt: Date.now() };
      await db.tx((tx) => tx.insert(qaCalibrations).values(row));
      return row;
    },
    calibrations: async (tenantId: string) =>
      db.q.select().from(qaCalibrations).where(eq(qaCalibrations.tenantId, tenantId)).orderBy(desc(qaCalibrations.createdAt)),
    calibration: async (tenantId: string, id: string) =>
      (
        await db.q
          .select()
          .from(qaCalibrations)
          .where(and(eq(qaCalibrations.tenantId, tenantId), eq(qaCalibrations.id, id)))
          .limit(1)
      )[0] ?? null,
    calibrationScores: async (calibrationId: string) =>
      db.q.select().from(qaCalibrationScores).where(eq(qaCalibrationScores.calibrationId, calibrationId)),
    async putCalibrationScore(calibrationId: string, auditorId: string, resolutionId: string, scores: Record<string, number>) {
      const now = Date.now();
      await db.tx((tx) =>
        tx
          .insert(qaCalibrationScores)
          .values({ calibrationId, auditorId, resolutionId, scores, createdAt: now })
          .onConflictDoUpdate({
            target: [qaCalibrationScores.calibrationId, qaCalibrationScores.auditorId, qaCalibrationScores.resolutionId],
            set: { scores, createdAt: now },
          }),
      );
    },

    /* integrity */
    lastIntegrity: async (tenantId: string) =>
      (
        await db.q
          .select()
          .from(qaIntegrityChecks)
          .where(eq(qaIntegrityChecks.tenantId, tenantId))
          .orderBy(desc(qaIntegrityChecks.at), desc(qaIntegrityChecks.id))
          .limit(1)
      )[0] ?? null,
    async recordIntegrity(tenantId: string, r: { ok: boolean; entries: number; problem: string | null; checkedBy: string; at: number }) {
      await db.tx((tx) => tx.insert(qaIntegrityChecks).values({ tenantId, ...r }));
    },

    /* charts */
    /** Average quality per week (weeks since the epoch), team and agent. */
    async qualityByWeek(tenantId: string, from: number, to: number) {
      // The divisor is written into the statement, not passed as a parameter: PostgreSQL matches the GROUP BY expression to the selected one by its text.
      const week = sql<number>`(${qaReviews.createdAt} / ${sql.raw(String(WEEK_MS))})`.mapWith(Number);
      return db.q
        .select({
          week,
          team: usersT.team,
          agentId: qaReviews.agentId,
          quality: sql<number>`avg(${qaReviews.quality})`.mapWith(Number),
          n: count(),
        })
        .from(qaReviews)
        .leftJoin(usersT, eq(usersT.id, qaReviews.agentId))
        .where(and(eq(qaReviews.tenantId, tenantId), gte(qaReviews.createdAt, from), lt(qaReviews.createdAt, to)))
        .groupBy(week, usersT.team, qaReviews.agentId)
        .orderBy(week);
    },
    /** Each resolution's survey answer (the first logged), normalised to 0..1. */
    async surveysOf(tenantId: string, resolutionIds: string[]) {
      const out = new Map<string, number>();
      for (let i = 0; i < resolutionIds.length; i += IN_CHUNK) {
        const rows = await db.q
          .select({ refId: resolutionLog.refId, payload: resolutionLog.payload })
          .from(resolutionLog)
          .where(
            and(
              eq(resolutionLog.tenantId, tenantId),
              eq(resolutionLog.kind, 'survey'),
              inArray(resolutionLog.refId, resolutionIds.slice(i, i + IN_CHUNK)),
            ),
          )
          .orderBy(asc(resolutionLog.seq));
        const seen = new Set<string>();
        for (const row of rows) {
          if (!row.refId || seen.has(row.refId)) continue;
          seen.add(row.refId);
          const p = row.payload ? (JSON.parse(row.payload) as Payload) : null;
          if (p && typeof p.score === 'number') out.set(row.refId, normaliseSurvey(p.survey ?? 'csat', p.score));
        }
      }
      return out;
    },
    /** Entries attached to `refId` (surveys, reopenings…), for the review form. */
    attachedTo: async (tenantId: string, refId: string) =>
      db.q
        .select({ kind: resolutionLog.kind, payload: resolutionLog.payload, at: resolutionLog.createdAt })
        .from(resolutionLog)
        .where(and(eq(resolutionLog.tenantId, tenantId), eq(resolutionLog.refId, refId)))
        .orderBy(asc(resolutionLog.seq)),
  };
}
export type QaRepository = ReturnType<typeof createQaRepository>;
