import { and, desc, eq, gt, lte, sql } from 'drizzle-orm';
import type { PolicyDocument, PolicyVersion } from '@shared/schemas/policy';
import { tenantLock, type Database } from '../db/database';
import type { policyVersions } from '../db/schema.sqlite';

const toVersion = (r: typeof policyVersions.$inferSelect): PolicyVersion => ({
  version: r.version,
  effectiveFrom: new Date(r.effectiveFrom).toISOString(),
  createdAt: new Date(r.createdAt).toISOString(),
  createdBy: r.createdBy,
  note: r.note,
  document: r.document as PolicyDocument,
});

/** Policy versions: append-only; the one in force is the newest whose effective date has come. */
export function createPoliciesRepository(db: Database) {
  const { policyVersions } = db.t;
  const first = async (tenantId: string, version: number) =>
    (
      await db.q
        .select()
        .from(policyVersions)
        .where(and(eq(policyVersions.tenantId, tenantId), eq(policyVersions.version, version)))
    )[0];
  const inForce = db.prepared('policies.inForce', (q) =>
    q
      .select()
      .from(policyVersions)
      .where(and(eq(policyVersions.tenantId, sql.placeholder('tenantId')), lte(policyVersions.effectiveFrom, sql.placeholder('at'))))
      .orderBy(desc(policyVersions.effectiveFrom), desc(policyVersions.version))
      .limit(1),
  );
  return {
    /** The version in force at `at`; inside a transaction, read in it. */
    async current(tenantId: string, at = Date.now()) {
      const [r] = await inForce({ tenantId, at });
      return r ? toVersion(r) : null;
    },
    /** Per tenant (or for one), when its next version published ahead takes effect, if any is after `after`. */
    async upcoming(after: number, tenantId?: string): Promise<{ tenantId: string; at: number }[]> {
      const ahead = gt(policyVersions.effectiveFrom, after);
      return db.q
        .select({ tenantId: policyVersions.tenantId, at: sql<number>`min(${policyVersions.effectiveFrom})`.mapWith(Number) })
        .from(policyVersions)
        .where(tenantId ? and(eq(policyVersions.tenantId, tenantId), ahead) : ahead)
        .groupBy(policyVersions.tenantId);
    },
    async list(tenantId: string) {
      return (
        await db.q.select().from(policyVersions).where(eq(policyVersions.tenantId, tenantId)).orderBy(desc(policyVersions.version))
      ).map(toVersion);
    },
    async document(tenantId: string, version: number) {
      const r = await first(tenantId, version);
      return r ? (r.document as PolicyDocument) : null;
    },
    async get(tenantId: string, version: number) {
      const r = await first(tenantId, version);
      return r ? toVersion(r) : null;
    },
    async create(tenantId: string, input: { document: PolicyDocument; effectiveFrom?: number; note?: string; createdBy: string }) {
      // The tenant lock: two admins publishing at once get versions n and n+1, not one refusal.
      return db.tx(
        async (tx) => {
          const [last] = await tx
            .select({ v: policyVersions.version })
            .from(policyVersions)
            .where(eq(policyVersions.tenantId, tenantId))
            .orderBy(desc(policyVersions.version))
            .limit(1);
          const now = Date.now();
          const row = {
            tenantId,
            version: (last?.v ?? 0) + 1,
            effectiveFrom: input.effectiveFrom ?? now,
            document: input.document,
            note: input.note ?? null,
            createdBy: input.createdBy,
            createdAt: now,
          };
          await tx.insert(policyVersions).values(row);
          return toVersion(row);
        },
        { lock: tenantLock(tenantId) },
      );
    },
  };
}
export type PoliciesRepository = ReturnType<typeof createPoliciesRepository>;
