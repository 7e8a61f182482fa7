import { and, desc, eq, lte } from 'drizzle-orm';
import type { PolicyDocument, PolicyVersion } from '../../../shared/schemas/policy';
import type { Db } from '../db/open';
import { policyVersions } from '../db/schema.sqlite';

const toVersion = (r: typeof policyVersions.$inferSelect): PolicyVersion => ({
  version: r.version,
  effectiveFrom: new Date(r.effectiveFrom).toISOString(),
  createdAt: new Date(r.createdAt).toISOString(),
  createdBy: r.createdBy,
  note: r.note,
  document: r.document as PolicyDocument,
});

/** Policy versions: append-only; the one in force is the newest whose effective date has come. */
export function createPoliciesRepository(db: Db) {
  const current = (tenantId: string, at = Date.now()) => {
    const r = db
      .select()
      .from(policyVersions)
      .where(and(eq(policyVersions.tenantId, tenantId), lte(policyVersions.effectiveFrom, at)))
      .orderBy(desc(policyVersions.effectiveFrom), desc(policyVersions.version))
      .limit(1)
      .get();
    return r ? toVersion(r) : null;
  };
  return {
    /** Synchronous so that a grant can read its policy inside its own transaction. */
    currentSync: current,
    async current(tenantId: string, at = Date.now()) {
      return current(tenantId, at);
    },
    async list(tenantId: string) {
      return db.select().from(policyVersions).where(eq(policyVersions.tenantId, tenantId)).orderBy(desc(policyVersions.version)).all().map(toVersion);
    },
    getSync(tenantId: string, version: number) {
      const r = db.select().from(policyVersions).where(and(eq(policyVersions.tenantId, tenantId), eq(policyVersions.version, version))).get();
      return r ? (r.document as PolicyDocument) : null;
    },
    async get(tenantId: string, version: number) {
      const r = db.select().from(policyVersions).where(and(eq(policyVersions.tenantId, tenantId), eq(policyVersions.version, version))).get();
      return r ? toVersion(r) : null;
    },
    async create(tenantId: string, input: { document: PolicyDocument; effectiveFrom?: number; note?: string; createdBy: string }) {
      return db.transaction(
        (tx) => {
          const last = tx.select({ v: policyVersions.version }).from(policyVersions).where(eq(policyVersions.tenantId, tenantId)).orderBy(desc(policyVersions.version)).limit(1).get();
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
          tx.insert(policyVersions).values(row).run();
          return toVersion(row);
        },
        { behavior: 'immediate' },
      );
    },
  };
}
export type PoliciesRepository = ReturnType<typeof createPoliciesRepository>;
