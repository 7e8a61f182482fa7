/**
 * Merging customer records, by a person, with a reason. A merge that involves a flagged
 * customer (fraud, chargeback…) is a judgement a manager makes: a supervisor whose approval
 * level is above the policy's first rung; so is undoing one, which takes a flag off the record
 * the manager judged to be the same person. The change and its audit entry are one transaction.
 */
import type { FastifyInstance } from 'fastify';
import { compile } from '@shared/policy/compile';
import { levelName } from '@shared/policy/escalation';
import { customersLock, tenantLock } from '../db/database';
import { UserError } from '../errors';
import type { Principal } from '../plugins/app/auth';

export async function mergeCustomers(
  app: FastifyInstance,
  who: Principal,
  fromId: string,
  intoId: string,
  reason: string,
): Promise<string> {
  return app.db.tx(
    async () => {
      const flagged = await app.repos.customers.flagsOf(who.tenantId, [fromId, intoId]);
      const flags = [...new Set(flagged.flatMap((c) => c.flags))];
      await requireManagerFor(app, who, flags, (above) => `merging them needs a ${above} or above, with the reason`);
      const mergeId = await app.repos.customers.merge(who.tenantId, fromId, intoId, who.userId, reason);
      await app.repos.audit.record(who.tenantId, who.userId, 'customer.merge', `customer:${fromId}`, {
        into: intoId,
        mergeId,
        ...(flags.length && { flags }),
      });
      return mergeId;
    },
    { lock: tenantLock(who.tenantId), locks: [{ key: customersLock(who.tenantId) }] },
  );
}

export async function unmergeCustomers(app: FastifyInstance, who: Principal, mergeId: string): Promise<void> {
  await app.db.tx(
    async () => {
      const m = await app.repos.customers.mergeById(who.tenantId, mergeId);
      if (m) {
        const flagged = await app.repos.customers.flagsOf(who.tenantId, [m.fromCustomer, m.intoCustomer]);
        const flags = [...new Set([...flagged.flatMap((c) => c.flags), ...(m.moved.flagsAdded ?? [])])];
        await requireManagerFor(app, who, flags, (above) => `undoing their merge needs a ${above} or above`);
      }
      await app.repos.customers.unmerge(who.tenantId, mergeId, who.userId);
      await app.repos.audit.record(who.tenantId, who.userId, 'customer.unmerge', `merge:${mergeId}`);
    },
    { lock: tenantLock(who.tenantId), locks: [{ key: customersLock(who.tenantId) }] },
  );
}

/** With any flag among `flags`: only a supervisor above the policy's first rung may go on; `needs` says who may. */
async function requireManagerFor(app: FastifyInstance, who: Principal, flags: string[], needs: (above: string) => string): Promise<void> {
  if (!flags.length) return;
  const policy = await app.repos.policies.current(who.tenantId, Date.now());
  const level = await app.repos.users.approvalLevel(who.tenantId, who.userId);
  const lowest = policy ? compile(policy.document).lowestLevel : null;
  if (policy && level && level !== lowest) return;
  const above = policy
    ? levelName(policy.document, compile(policy.document).levels.get(lowest!)?.next ?? lowest!).toLowerCase()
    : 'manager';
  throw new UserError(403, `One of these customers is flagged (${flags.join(', ')}): ${needs(above)}`);
}
