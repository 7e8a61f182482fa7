import { and, asc, count, desc, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import { normaliseSurvey } from '@shared/qa/types';
import type { Database } from '../../db/database';
import { IN_CHUNK, WEEK_MS, type Payload } from './shared';

/** Integrity checks, quality by week, surveys and attachments: what QA's reports read. */
export function createQaReports(db: Database) {
  const { qaIntegrityChecks, qaReviews, resolutionLog, users: usersT } = db.t;
  return {
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
