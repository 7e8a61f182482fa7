import type { FastifyInstance } from 'fastify';
import { unpinnedHostMessage } from '@shared/schemas/helpdesk-hosts';
import { forbidden } from '../errors';

/**
 * The tenant's pinned hosts, or a refusal when `instance` is not one of them: interactions and
 * drafts come only from the tenant's own helpdesk accounts. Returns the hosts for the legacy rule.
 */
export async function requirePinned(app: FastifyInstance, tenantId: string, instance: string): Promise<string[]> {
  const hosts = await app.repos.helpdeskHosts.list(tenantId);
  if (!hosts.includes(instance)) throw forbidden(unpinnedHostMessage(instance));
  return hosts;
}
