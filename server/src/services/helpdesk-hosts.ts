import type { FastifyInstance } from 'fastify';
import { CALL_DESKTOP_HOSTS, callDesktopOfHost } from '@shared/call-desktops';
import { unpinnedHostMessage } from '@shared/schemas/helpdesk-hosts';
import { forbidden } from '../errors';

/**
 * The tenant's pinned hosts, or a refusal when `instance` is not one of them: interactions and
 * drafts come only from the tenant's own helpdesk accounts. A contact-center desktop's host opens
 * only as that desktop, and a desktop's contact only on its hosts: a client naming another helpdesk
 * there would otherwise dodge the desktop's caller rule (services/server-callers.ts). Returns the
 * hosts for the legacy rule.
 */
export async function requirePinned(
  app: FastifyInstance,
  tenantId: string,
  { helpdesk, instance }: { helpdesk: string; instance: string },
): Promise<string[]> {
  const hosts = await app.repos.helpdeskHosts.list(tenantId);
  if (!hosts.includes(instance)) throw forbidden(unpinnedHostMessage(instance));
  const desktop = callDesktopOfHost(instance);
  if (desktop && helpdesk !== desktop)
    throw forbidden(`${instance} is a ${desktop} desktop: its contacts open only as ${desktop}, not as ${helpdesk}`);
  if (!desktop && Object.hasOwn(CALL_DESKTOP_HOSTS, helpdesk))
    throw forbidden(`${helpdesk} contacts open only on its own desktop's hosts, not on ${instance}`);
  return hosts;
}
