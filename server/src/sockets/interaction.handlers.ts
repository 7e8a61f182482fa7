import type { FastifyInstance } from 'fastify';
import { InteractionClose, InteractionOpen, type InteractionOpened } from '../../../shared/schemas/context';
import { notFound } from '../errors';
import type { LeewayServer } from '../plugins/external/socket-io';
import { handle } from './handle';
import { customerRoom } from './rooms';

type LeewaySocket = Parameters<Parameters<LeewayServer['on']>[1]>[0];

/** interaction:open / interaction:close: an agent starts or stops looking at a ticket. */
export function registerInteractionHandlers(app: FastifyInstance, socket: LeewaySocket) {
  const { tenantId, userId } = socket.data.principal;
  const open = socket.data.interactions;

  const leaveIfUnused = (customerId: string | null) => {
    if (customerId && ![...open.values()].includes(customerId)) void socket.leave(customerRoom(tenantId, customerId));
  };

  handle(socket as never, app.log, 'interaction:open', { schema: InteractionOpen, permission: 'interaction:open' }, async (p): Promise<InteractionOpened> => {
    const { customerId, tried } = await app.repos.customers.resolveRequester(tenantId, p.helpdesk, p.requester);
    const interactionId = await app.repos.interactions.open({ tenantId, userId, customerId, helpdesk: p.helpdesk, ticketId: p.ticketId });
    open.set(interactionId, customerId);
    if (!customerId) return { interactionId, status: 'unknown', tried };
    // Join before reading: an event landing in between is in the snapshot or pushed (the panel dedupes), never lost.
    await socket.join(customerRoom(tenantId, customerId));
    const [context, leeway] = await Promise.all([app.repos.customers.context(tenantId, customerId), app.repos.grants.leewayState({ tenantId, userId }, customerId)]);
    if (!context) return { interactionId, status: 'unknown', tried };
    return { interactionId, status: 'known', context, leeway };
  });

  handle(socket as never, app.log, 'interaction:close', { schema: InteractionClose, permission: 'interaction:open' }, async ({ interactionId }) => {
    if (!open.has(interactionId)) throw notFound('No such open interaction on this connection');
    const customerId = open.get(interactionId) ?? null;
    open.delete(interactionId);
    leaveIfUnused(customerId);
    await app.repos.interactions.close(tenantId, userId, interactionId);
    return { closed: true as const };
  });

  socket.on('disconnect', () => {
    for (const id of open.keys()) void app.repos.interactions.close(tenantId, userId, id);
    open.clear();
  });
}
