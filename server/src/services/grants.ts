import type { FastifyInstance } from 'fastify';
import type { GrantBody, GrantOutcome } from '@shared/schemas/grants';
import { UserError, notFound } from '../errors';
import type { Principal } from '../plugins/app/auth';
import { checkOwnInteraction } from './own-interaction';

/** The panels that share what this grant spent are sent theirs afresh (their agent's team read now, as the grant was). */
async function budgetSpent(app: FastifyInstance, who: Principal, customerId: string) {
  const user = await app.repos.users.inTenant(who.tenantId, who.userId);
  if (user) app.offersPush.spent(who.tenantId, customerId, user.team);
}

/** One path for REST and sockets: evaluate on the server, record atomically, or refuse. */
export async function recordGrant(app: FastifyInstance, who: Principal, body: GrantBody, dryRun = false): Promise<GrantOutcome> {
  await checkOwnInteraction(app, who, body.interactionId, body.customerId);
  const outcome = await app.repos.grants.record({ tenantId: who.tenantId, userId: who.userId }, body, dryRun);
  if (outcome === null) throw notFound('No such customer in your tenant');
  if (outcome === 'no-policy') throw new UserError(409, 'Your tenant has no empowerment policy in force yet: an admin must publish one');
  if (outcome.status === 'recorded') await budgetSpent(app, who, outcome.grant.customerId);
  return outcome;
}
