import { and, desc, eq, lte, sql } from 'drizzle-orm';
import type { PolicyDocument } from '@shared/schemas/policy';
import type { Database } from '../db/database';

/** Parsed documents kept: a few versions per active tenant is plenty; the oldest entry goes first. */
const KEPT = 64;

/**
 * The policy in force for recording a grant, read in the caller's transaction (the same row
 * `policies.current` picks), with its document parsed once and reused. Reusing the object is
 * what lets the evaluator's per-document compile cache (shared/policy/compile.ts) hit, instead
 * of parsing, compiling and wording the policy again on every grant. The cache is keyed by the
 * stored text itself, so it can never hand back a document other than the one read: not after
 * a rolled-back publish, not across tenants. Callers must not mutate the document.
 */
export function policyInForce(db: Database) {
  const { policyVersions } = db.t;
  const parsed = new Map<string, PolicyDocument>();
  const read = db.prepared('policies.inForceText', (q) =>
    q
      .select({ version: policyVersions.version, text: sql<string>`cast(${policyVersions.document} as text)` })
      .from(policyVersions)
      .where(and(eq(policyVersions.tenantId, sql.placeholder('tenantId')), lte(policyVersions.effectiveFrom, sql.placeholder('at'))))
      .orderBy(desc(policyVersions.effectiveFrom), desc(policyVersions.version))
      .limit(1),
  );
  return async (tenantId: string, at: number): Promise<{ version: number; document: PolicyDocument } | null> => {
    const [r] = await read({ tenantId, at });
    if (!r) return null;
    let document = parsed.get(r.text);
    if (!document) {
      document = JSON.parse(r.text) as PolicyDocument;
      if (parsed.size >= KEPT) parsed.delete(parsed.keys().next().value!);
      parsed.set(r.text, document);
    }
    return { version: r.version, document };
  };
}
