import { and, desc, eq } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import type { Database } from '../../db/database';

/** Calibration sessions: auditors scoring the same resolutions. */
export function createQaCalibrations(db: Database) {
  const { qaCalibrationScores, qaCalibrations } = db.t;
  return {
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
  };
}
