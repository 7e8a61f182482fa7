import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../db/database';
import { ERASED } from './scrub';

/** The audit action of a filed request: its detail may hold the note that names the person. */
export const FILED = 'erasure.request';

/** Erasure requests as stored, the tenant's deadline for them, and the filing notes an erasure scrubs. */
export function createErasureRequestsRepository(db: Database) {
  const { auditLog, erasureRequests: er, tenants } = db.t;
  type Row = typeof er.$inferSelect;

  async function deadlineDays(tenantId: string): Promise<number> {
    const [row] = await db.q.select({ days: tenants.erasureDeadlineDays }).from(tenants).where(eq(tenants.id, tenantId)).limit(1);
    return row?.days ?? 30;
  }

  return {
    deadlineDays,

    /** Returns the value it replaced; call inside the transaction that audits the change. */
    async setDeadlineDays(tenantId: string, days: number): Promise<number> {
      return db.tx(async (tx) => {
        const before = await deadlineDays(tenantId);
        await tx.update(tenants).set({ erasureDeadlineDays: days }).where(eq(tenants.id, tenantId));
        return before;
      });
    },

    async list(tenantId: string, status?: Row['status']): Promise<Row[]> {
      return db.q
        .select()
        .from(er)
        .where(and(eq(er.tenantId, tenantId), status ? eq(er.status, status) : undefined))
        .orderBy(asc(er.dueAt), asc(er.id));
    },

    async forCustomer(tenantId: string, customerId: string): Promise<Row[]> {
      return db.q
        .select()
        .from(er)
        .where(and(eq(er.tenantId, tenantId), eq(er.customerId, customerId)));
    },

    async byId(tenantId: string, id: string): Promise<Row | undefined> {
      const [row] = await db.q
        .select()
        .from(er)
        .where(and(eq(er.tenantId, tenantId), eq(er.id, id)))
        .limit(1);
      return row;
    },

    /** Call inside the transaction that holds the tenant's lock. */
    async insert(row: Row): Promise<void> {
      await db.tx((tx) => tx.insert(er).values(row));
    },

    async markErased(id: string, done: Pick<Row, 'status' | 'erasedAt' | 'erasedBy' | 'receipt'>): Promise<void> {
      await db.tx((tx) => tx.update(er).set(done).where(eq(er.id, id)));
    },

    /** The notes of requests filed for these records become "[erased]"; who filed and when stay. */
    async scrubFilingNotes(tenantId: string, customerIds: string[]): Promise<void> {
      const tx = db.q;
      const filed = await tx
        .select({ id: auditLog.id, detail: auditLog.detail })
        .from(auditLog)
        .where(
          and(
            eq(auditLog.tenantId, tenantId),
            eq(auditLog.action, FILED),
            inArray(
              auditLog.target,
              customerIds.map((id) => `customer:${id}`),
            ),
          ),
        );
      for (const a of filed) {
        const detail = a.detail as Record<string, unknown> | null;
        if (detail && 'note' in detail)
          await tx
            .update(auditLog)
            .set({ detail: { ...detail, note: ERASED } })
            .where(eq(auditLog.id, a.id));
      }
    },
  };
}
export type ErasureRequestsRepository = ReturnType<typeof createErasureRequestsRepository>;
