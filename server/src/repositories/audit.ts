import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../db/open';
import { auditLog } from '../db/schema.sqlite';

/** Who revealed, changed or erased what. Append-only from the application's side. */
export function createAuditRepository(db: Db) {
  return {
    async record(tenantId: string, actorId: string, action: string, target: string, detail: Record<string, unknown> | null = null) {
      db.insert(auditLog).values({ tenantId, actorId, action, target, detail, at: Date.now() }).run();
    },
    async list(tenantId: string, limit = 200) {
      return db.select().from(auditLog).where(eq(auditLog.tenantId, tenantId)).orderBy(desc(auditLog.at)).limit(limit).all();
    },
    async forTarget(tenantId: string, target: string) {
      return db.select().from(auditLog).where(and(eq(auditLog.tenantId, tenantId), eq(auditLog.target, target))).orderBy(desc(auditLog.at)).all();
    },
  };
}
