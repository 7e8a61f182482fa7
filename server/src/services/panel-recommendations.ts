/**
 * Suggestions for one panel, asked or pushed. A panel that asked in an interaction (its suggestions
 * are on screen) is sent them afresh whenever its customer changes, computed here for its agent:
 * the panel does not ask again on every push, so a new offer shows one server computation after
 * the event, not a round trip after it (issue 23: "pushed with the signals").
 *
 * Only the process holding a connection knows what it shows, so a change on one process is told
 * to the others (socket.io's server-side emit through the Redis adapter), and each computes for
 * its own connections.
 */
import type { FastifyInstance } from 'fastify';
import { Histogram } from 'prom-client';
import { type PanelRecommendations, RECOMMEND_GAP_MS } from '@shared/schemas/recommendations';
import { customerRoom } from '../sockets/rooms';
import type { LeewaySocket } from '../sockets/types';
import { createCoalescer } from './coalescer';
import { recordShown } from './offer-impressions';
import { recommendationsFor } from './recommendations';

/**
 * Per connection: each interaction whose panel asked, with the offers already stored as shown in
 * it. Only an offer not shown before in that interaction needs the write (a first showing is
 * kept, so a repeat changes nothing), which spares most computations a commit.
 */
const asked = new WeakMap<LeewaySocket, Map<string, Set<string>>>();

/**
 * Interactions per connection whose suggestions are pushed: a browser's panels (one per tab) ask
 * in a few; one connection that asked in every customer's ticket would otherwise have each of their
 * events computed for it. The latest asked are kept; an older one is still answered when it asks.
 */
export const MAX_PUSHED_PER_CONNECTION = 8;

/** The offer ids stored as shown in this connection's interaction (closed interactions forgotten); now the latest asked. */
function shownIn(socket: LeewaySocket, interactionId: string): Set<string> {
  const byInteraction = asked.get(socket) ?? asked.set(socket, new Map()).get(socket)!;
  for (const id of byInteraction.keys()) if (!socket.data.interactions.has(id)) byInteraction.delete(id);
  const shown = byInteraction.get(interactionId) ?? new Set<string>();
  byInteraction.delete(interactionId);
  byInteraction.set(interactionId, shown);
  for (const id of byInteraction.keys()) if (byInteraction.size > MAX_PUSHED_PER_CONNECTION) byInteraction.delete(id);
  return shown;
}

/** Rises with every computation this process starts: a panel keeps the latest it was given. */
let computed = 0;

/**
 * The suggestions for the customer on screen in `interactionId` (this connection's, for
 * `customerId`), stored as shown before they are sent, so a grant made from one always finds
 * it. null: the customer is no longer in the tenant.
 */
export async function panelRecommendations(
  app: FastifyInstance,
  socket: LeewaySocket,
  interactionId: string,
  customerId: string,
): Promise<PanelRecommendations | null> {
  const seq = ++computed;
  const who = socket.data.principal;
  const found = await recommendationsFor(app, who, customerId, interactionId);
  if (!found) return null;
  const stored = shownIn(socket, interactionId);
  const fresh = found.recommendations.filter((r) => !stored.has(r.offerId));
  if (fresh.length) {
    await recordShown(app, who, { interactionId, customerId }, fresh);
    for (const r of fresh) stored.add(r.offerId);
  }
  return { ...found, interactionId, seq };
}

export interface RecommendationsPush {
  /** Something the suggestions depend on changed for this customer (an event stored). */
  customerChanged(tenantId: string, customerId: string): void;
  close(): void;
}

export function createRecommendationsPush(app: FastifyInstance): RecommendationsPush {
  const sockets = () => app.io.of('/').sockets as Map<string, LeewaySocket>;
  const pushed = new Histogram({
    name: 'leeway_offer_push_duration_seconds',
    help: 'Suggested offers computed and pushed to a panel after its customer changed (not asked)',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25],
    registers: [app.metrics],
  });
  // Per panel (connection and interaction), at the pace a panel used to ask: one computation per window.
  const paced = createCoalescer<[string, string]>(async (socketId, interactionId) => {
    const socket = sockets().get(socketId);
    const customerId = socket?.connected && asked.get(socket)?.has(interactionId) && socket.data.interactions.get(interactionId);
    if (!socket || !customerId) return;
    try {
      const timer = pushed.startTimer();
      const found = await panelRecommendations(app, socket, interactionId, customerId);
      if (found && socket.connected) {
        socket.emit('offer:recommendations', found);
        timer();
      }
    } catch (err) {
      // The panel keeps what it shows; its next ask or the next change computes them again.
      app.log.error({ err }, 'pushing suggested offers failed');
    }
  }, RECOMMEND_GAP_MS);

  /** This process's panels that asked about the customer. */
  const changedHere = (tenantId: string, customerId: string) => {
    const room = app.io.of('/').adapter.rooms.get(customerRoom(tenantId, customerId));
    for (const socketId of room ?? []) {
      const socket = sockets().get(socketId);
      const interactions = socket && asked.get(socket);
      if (!interactions) continue;
      for (const interactionId of interactions.keys())
        if (socket.data.interactions.get(interactionId) === customerId) paced.changed(socketId, interactionId);
    }
  };
  if (app.redis) app.io.on('recommendations:changed', changedHere);

  return {
    customerChanged(tenantId, customerId) {
      changedHere(tenantId, customerId);
      if (app.redis) app.io.serverSideEmit('recommendations:changed', tenantId, customerId);
    },
    close: () => paced.close(),
  };
}
