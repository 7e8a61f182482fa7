/**
 * How long the resolution log keeps entries' contents. The tenant's setting (tenants.retention_days)
 * is bounded below by a floor: the global minimum, raised by the tenant's policy
 * (`logRetentionMinDays`). Pruning and verification go by the setting raised to the floor, so a
 * period lowered behind the API's back can neither blank a payload early nor excuse one that was.
 */
import type { Database } from '../db/database';
import { createPoliciesRepository } from '../repositories/policies';

/** The shortest retention there is, whatever the policy says. */
export const MIN_RETENTION_DAYS = 30;

/** The tenant's floor at `at`, and the policy version that sets it (null: the global minimum alone). */
export async function retentionFloor(
  db: Database,
  tenantId: string,
  at = Date.now(),
): Promise<{ days: number; policyVersion: number | null }> {
  const policy = await createPoliciesRepository(db).current(tenantId, at);
  const min = policy?.document.logRetentionMinDays;
  return min && min > MIN_RETENTION_DAYS ? { days: min, policyVersion: policy.version } : { days: MIN_RETENTION_DAYS, policyVersion: null };
}

/** The period pruning and verification go by: null keeps everything. */
export const effectiveRetention = (days: number | null, floorDays: number) =>
  days === null ? null : Math.max(days, floorDays, MIN_RETENTION_DAYS);
