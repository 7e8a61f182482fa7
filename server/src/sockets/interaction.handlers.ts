import type { FastifyInstance } from 'fastify';
import {
  InteractionClose,
  InteractionMessages,
  InteractionOpen,
  RevealBody,
  type InteractionOpened,
} from '../../../shared/schemas/context';
import { notFound } from '../errors';
import { customerContext, signalsFor } from '../services/context';
import { requirePinned } from '../services/helpdesk-hosts';
import { revealContact } from '../services/reveals';
import { sameTicketRefs, scopedRef } from '../../../shared/helpdesk-instance';
import type { LeewayServer } from '../plugins/external/socket-io';
import { handle } from './handle';
import { customerRoom } from './rooms';

type LeewaySocket = Parameters<Parameters<LeewayServer['on']>[1]>[0];

/** interaction:open / interaction:close: an agent starts or stops looking at a ticket. */
export function registerInteractionHandlers(app: FastifyInstance, socket: LeewaySocket) {
  const { tenantId, userId } = socket.data.principal;
  const open = socket.data.interactions;
  /** interactionId → the ticket it is about, for ticket-specific signals. */
  const tickets = new Map<string, string>();

  const leaveIfUnused = (customerId: string | null) => {
    if (customerId && ![...open.values()].includes(customerId)) void socket.leave(customerRoom(tenantId, customerId));
  };

  handle(
    socket as never,
    app.log,
    'interaction:open',
    { schema: InteractionOpen, permission: 'interaction:open' },
    async (p): Promise<InteractionOpened> => {
      // Only the tenant's own helpdesk accounts: a page elsewhere under the same domain is someone else's.
      const hosts = await requirePinned(app, tenantId, p.instance);
      const match = await app.repos.customers.resolveRequester(tenantId, p, p.requester);
      const { customerId } = match;
      const interactionId = await app.repos.interactions.open({
        tenantId,
        userId,
        customerId,
        helpdesk: p.helpdesk,
        instance: p.instance,
        ticketId: p.ticketId,
      });
      open.set(interactionId, customerId);
      if (match.status === 'conflict')
        return { interactionId, status: 'conflict', tried: match.tried, message: match.message, identities: match.identities };
      if (!customerId) return { interactionId, status: 'unknown', tried: match.tried };
      // Join before reading: an event landing in between is in the snapshot or pushed (the panel dedupes), never lost.
      await socket.join(customerRoom(tenantId, customerId));
      const ticketRef = scopedRef(p.helpdesk, p.instance, p.ticketId);
      tickets.set(interactionId, ticketRef);
      const [context, leeway] = await Promise.all([
        customerContext(app, tenantId, customerId, sameTicketRefs(ticketRef, hosts)),
        app.repos.grants.leewayState({ tenantId, userId }, customerId),
      ]);
      if (!context) return { interactionId, status: 'unknown', tried: match.tried };
      return { interactionId, status: 'known', context, leeway };
    },
  );

  handle(
    socket as never,
    app.log,
    'interaction:close',
    { schema: InteractionClose, permission: 'interaction:open' },
    async ({ interactionId }) => {
      if (!open.has(interactionId)) throw notFound('No such open interaction on this connection');
      const customerId = open.get(interactionId) ?? null;
      open.delete(interactionId);
      leaveIfUnused(customerId);
      await app.repos.interactions.close(tenantId, userId, interactionId);
      return { closed: true as const };
    },
  );

  handle(
    socket as never,
    app.log,
    'interaction:messages',
    { schema: InteractionMessages, permission: 'interaction:open' },
    async ({ interactionId, messages }) => {
      const customerId = open.get(interactionId);
      if (!customerId) throw notFound('No such open interaction with a known customer on this connection');
      await app.repos.conversations.addMessages(tenantId, customerId, tickets.get(interactionId)!, messages);
      return (await signalsFor(app, tenantId, customerId, [tickets.get(interactionId)!]))!;
    },
  );

  handle(socket as never, app.log, 'customer:reveal', { schema: RevealBody, permission: 'pii:reveal' }, async ({ customerId, field }) => {
    // Only for a customer this connection opened a ticket for: need-to-know, not browsing (services/reveals.ts checks the rest).
    const onScreen = [...open].filter(([, c]) => c === customerId).map(([id]) => id);
    return revealContact(app, socket.data.principal, onScreen, customerId, field);
  });

  socket.on('disconnect', () => {
    // Caught: a failed write here (disk full…) must be logged, not crash the process as an unhandled rejection.
    for (const id of open.keys())
      app.repos.interactions.close(tenantId, userId, id).catch((err) => app.log.error({ err }, 'closing an interaction failed'));
    open.clear();
  });
}
