/** Changing how long the resolution log keeps entries' contents, within the floor the policy sets. */
import type { FastifyInstance } from 'fastify';
import { UserError } from '../errors';
import { retentionFloor } from '../log/retention';
import type { Principal } from '../plugins/app/auth';

/** Sets the tenant's retention (null: keep everything) and prunes what falls outside it. Audited. */
export async function setLogRetention(app: FastifyInstance, who: Principal, days: number | null) {
  const { tenantId, userId } = who;
  // The change, the pruning and its audit entry land together or not at all; the log's lock first, as prune takes it.
  return app.repos.inTenantTransaction(tenantId, async () => {
    const floor = await retentionFloor(app.db, tenantId);
    if (days !== null && days < floor.days) {
      throw new UserError(
        400,
        `days: must be at least ${floor.days} days: the policy in force (version ${floor.policyVersion}) sets the log's minimum retention; publish a policy with a lower logRetentionMinDays first if that is intended`,
      );
    }
    await app.repos.log.setRetention(tenantId, days);
    const pruned = await app.repos.log.prune(tenantId);
    await app.repos.audit.record(tenantId, userId, 'log.retention', 'log:retention', { days, pruned });
    return { days, pruned };
  });
}
