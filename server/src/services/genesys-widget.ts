/**
 * The caller of a Genesys Cloud conversation the panel opens from Leeway's interaction widget
 * (routes/widgets/genesys.ts): asked of Genesys with the tenant's own OAuth client, never taken
 * from the page, and only for an agent who is on that conversation.
 */
import type { FastifyInstance } from 'fastify';
import { readCallerNumber } from '@shared/caller-number';
import type { Requester } from '@shared/schemas/context';
import { forbidden } from '../errors';
import { genesysConversation } from '../platforms/genesys';

export async function genesysCaller(
  app: FastifyInstance,
  who: { tenantId: string; userId: string },
  p: { ticketId: string },
): Promise<Requester> {
  const [conversation, user] = await Promise.all([
    genesysConversation(app, who.tenantId, p.ticketId),
    app.repos.users.inTenant(who.tenantId, who.userId),
  ]);
  if (!user || !conversation.agentEmails.includes(user.email.toLowerCase()))
    throw forbidden('This Genesys Cloud conversation is not yours: the widget opens the panel only for an agent on it');
  const caller = readCallerNumber(conversation.ani);
  return caller.kind === 'number' ? { phone: caller.e164 } : {};
}
