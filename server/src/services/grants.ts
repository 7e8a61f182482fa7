import type { FastifyInstance } from 'fastify';
import type { GrantBody, GrantOutcome } from '@shared/schemas/grants';
import { UserError, notFound } from '../errors';
import type { Principal } from '../plugins/app/auth';
import { checkOwnInteraction } from './own-interaction';

/** One path for REST and sockets: evaluate on the server, record atomically, or refuse. */
export async function recordGrant(app: FastifyInstance, who: Principal, body: GrantBody, dryRun = false): Promise<GrantOutcome> {
  await checkOwnInteraction(app, who, body.interactionId, body.customerId);
  const result = await app.repos.grants.record({ tenantId: who.tenantId, userId: who.userId }, body, dryRun);
  if (result === null) throw notFound('No such customer in your tenant');
  if (result === 'no-policy') throw new UserError(409, 'Your tenant has no empowerment policy in force yet: an admin must publish one');
  const { spent, ...outcome } = result;
  // The panels sharing what it spent are sent theirs afresh; a duplicate too (its first push may have been lost with a crash).
  if (outcome.status !== 'refused') app.offersPush.spent(who.tenantId, outcome.grant.customerId, spent);
  return outcome;
}
