import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../db/database';
import type { SqliteDatabase } from '../db/open-sqlite';

/** Import jobs, one per tenant, kind and file content: where a re-run of the same file resumes. */
export function createImportJobsRepository(db: Database) {
  const { importJobs } = db.t;
  type Job = typeof importJobs.$inferSelect;
  return {
    async find(tenantId: string, kind: Job['kind'], fileSha256: string): Promise<Job | undefined> {
      return (
        await db.q
          .select()
          .from(importJobs)
          .where(and(eq(importJobs.tenantId, tenantId), eq(importJobs.kind, kind), eq(importJobs.fileSha256, fileSha256)))
          .limit(1)
      )[0];
    },

    /** Stores the job unless one for the same file is there already (started at the same moment elsewhere). */
    async createIfAbsent(job: Job): Promise<void> {
      await db.tx((tx) => tx.insert(importJobs).values(job).onConflictDoNothing());
    },

    /** Call inside the batch's transaction: the line and counts commit with the rows. */
    async recordProgress(jobId: string, progress: { lastLine: number; imported: number; failed: number }): Promise<void> {
      await db.tx((tx) => tx.update(importJobs).set(progress).where(eq(importJobs.id, jobId)));
    },

    async finish(jobId: string, at: number): Promise<void> {
      await db.tx((tx) => tx.update(importJobs).set({ status: 'done', finishedAt: at }).where(eq(importJobs.id, jobId)));
    },

    /**
     * A statement with no result on the open transaction's connection: savepoints. SQLite's driver
     * runs them with `exec` (drizzle's builder only reads rows there); PostgreSQL takes them as any query.
     */
    statement(): (text: string) => Promise<void> {
      if (db.dialect === 'sqlite') return async (text) => void (db as SqliteDatabase).sqlite.exec(text);
      return async (text) => void (await db.rows(sql.raw(text)));
    },
  };
}
export type ImportJobsRepository = ReturnType<typeof createImportJobsRepository>;
