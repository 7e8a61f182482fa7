import type { FastifyInstance } from 'fastify';
import { sameTicketRefs, ticketRef } from '@shared/ticket-ref';
import { notFound, UserError } from '../errors';
import { customerContext, signalsFor } from '../services/context';
import { requirePinned } from '../services/helpdesk-hosts';
import { requesterOf } from '../services/server-callers';
import { revealContact } from '../services/reveals';
import type { Handler } from './handle';
import { customerRoom } from './rooms';
import type { LeewaySocket } from './types';

/** interaction:open: an agent starts looking at a ticket; its customer's context comes back. */
export const openInteraction: Handler<'interaction:open'> = async (p, { app, socket, who }) => {
  const { tenantId, userId } = who;
  // Only the tenant's own helpdesk accounts: a page elsewhere under the same domain is someone else's.
  const hosts = await requirePinned(app, tenantId, p);
  // A screen pop's or a Genesys widget's caller is the server's finding, never what the page sent beside it.
  const requester = await requesterOf(app, { ...who, live: () => socket.connected }, p);
  const match = await app.repos.customers.resolveRequester(tenantId, p, requester);
  const { customerId } = match;
  const interactionId = await app.repos.interactions.open({
    tenantId,
    userId,
    customerId,
    helpdesk: p.helpdesk,
    instance: p.instance,
    ticketId: p.ticketId,
  });
  // The connection went while this opened (a wait for a platform's word): its clean-up has run and
  // would never close this one.
  if (socket.disconnected) {
    await app.repos.interactions.close(tenantId, userId, interactionId);
    throw new UserError(409, 'The panel’s connection closed while this ticket was being opened: nothing is open.');
  }
  const ref = ticketRef(p.helpdesk, p.instance, p.ticketId);
  // Nobody (or a conflict): what the page showed is what customer:link may add, and nothing a client names later.
  socket.data.interactions.set(
    interactionId,
    customerId ? { customerId, ticketRef: ref } : { customerId: null, unknownRequester: requester },
  );
  if (match.status === 'conflict')
    return { interactionId, status: 'conflict', tried: match.tried, message: match.message, identities: match.identities };
  if (!customerId) return { interactionId, status: 'unknown', tried: match.tried };
  // Join before reading: an event landing in between is in the snapshot or pushed (the panel dedupes), never lost.
  await socket.join(customerRoom(tenantId, customerId));
  const refs = sameTicketRefs(ref, hosts);
  const [context, leeway, exception, logged] = await Promise.all([
    customerContext(app, tenantId, customerId, refs),
    app.repos.grants.leewayState({ tenantId, userId }, customerId),
    // Where the ticket stands: a panel rebuilt after a switch or reconnect shows the request and the record again.
    app.repos.exceptions.latestOnTicket(tenantId, userId, refs),
    app.repos.log.resolutionOfTicket(tenantId, refs),
  ]);
  if (!context) return { interactionId, status: 'unknown', tried: match.tried };
  return { interactionId, status: 'known', context, leeway, standing: { exception, logged } };
};

/** interaction:close: the agent stopped looking at the ticket. */
export const closeInteraction: Handler<'interaction:close'> = async ({ interactionId }, { app, socket, who }) => {
  const open = socket.data.interactions;
  const closing = open.get(interactionId);
  if (!closing) throw notFound('No such open interaction on this connection');
  open.delete(interactionId);
  leaveIfUnused(socket, closing.customerId);
  await app.repos.interactions.close(who.tenantId, who.userId, interactionId);
  return { closed: true as const };
};

/** interaction:messages: the customer's messages as the page shows them, scored; the signals come back. */
export const addMessages: Handler<'interaction:messages'> = async ({ interactionId, messages }, { app, socket, who }) => {
  const { customerId, ticketRef } = socket.data.interactions.get(interactionId) ?? {};
  if (!customerId || !ticketRef) throw notFound('No such open interaction with a known customer on this connection');
  await app.repos.conversations.addMessages(who.tenantId, customerId, ticketRef, messages);
  return (await signalsFor(app, who.tenantId, customerId, [ticketRef]))!;
};

/** customer:reveal: a masked field in full, audit-logged. */
export const revealField: Handler<'customer:reveal'> = async ({ customerId, field }, { app, socket, who }) => {
  // Only for a customer this connection opened a ticket for: need-to-know, not browsing (services/reveals.ts checks the rest).
  const onScreen = [...socket.data.interactions].filter(([, o]) => o.customerId === customerId).map(([id]) => id);
  return revealContact(app, who, onScreen, customerId, field);
};

/** A connection that drops closes every interaction it had open (called by the shared disconnect listener, index.ts). */
export function closeInteractionsOf(app: FastifyInstance, socket: LeewaySocket): void {
  const { tenantId, userId } = socket.data.principal;
  const open = socket.data.interactions;
  // Caught: a failed write here (disk full…) must be logged, not crash the process as an unhandled rejection.
  for (const id of open.keys())
    app.repos.interactions.close(tenantId, userId, id).catch((err) => app.log.error({ err }, 'closing an interaction failed'));
  open.clear();
}

function leaveIfUnused(socket: LeewaySocket, customerId: string | null): void {
  const { tenantId } = socket.data.principal;
  if (customerId && ![...socket.data.interactions.values()].some((o) => o.customerId === customerId))
    void socket.leave(customerRoom(tenantId, customerId));
}
