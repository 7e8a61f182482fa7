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
import { RECOMMEND_GAP_MS } from '@shared/nba/recommend-gap';
import type { PanelRecommendations } from '@shared/schemas/recommendations';
import { customerRoom } from '../sockets/rooms';
import type { Spenders } from '../repositories/grants';
import type { LeewaySocket } from '../sockets/types';
import { createCoalescer } from './coalescer';
import { recordShown } from './offer-impressions';
import { createPolicySchedule } from './policy-schedule';
import { panelAsked, pushedInteractions, pushedPanel, pushedPanelsOf } from './pushed-panels';
import { recommendationsWithTeam } from './recommendations';

/** Rises with every computation this process starts: a panel keeps the latest it was given. */
let computed = 0;

/**
 * The suggestions for the customer on screen in `interactionId` (this connection's, for
 * `customerId`), stored as shown before they are sent, so a grant made from one always finds
 * it. `asked`: the panel asked (it is then sent them as they change); else a push, for a panel
 * that is sent them. null: nothing to send (the customer is no longer in the tenant, or the
 * panel closed or is no longer sent pushes).
 */
export async function panelRecommendations(
  app: FastifyInstance,
  socket: LeewaySocket,
  interactionId: string,
  customerId: string,
  asked: boolean,
): Promise<PanelRecommendations | null> {
  const seq = ++computed;
  const stored = asked ? panelAsked(socket, interactionId) : pushedPanel(socket, interactionId);
  if (!stored) return null;
  const who = socket.data.principal;
  const result = await recommendationsWithTeam(app, who, customerId, interactionId);
  if (!result) return null;
  const { found, team } = result;
  stored.team = team;
  const fresh = found.recommendations.filter((r) => !stored.shown.has(r.offerId));
  if (fresh.length) {
    await recordShown(app, who, { interactionId, customerId }, fresh);
    for (const r of fresh) stored.shown.add(r.offerId);
  }
  return { ...found, interactionId, seq };
}

export interface RecommendationsPush {
  /** Something the suggestions depend on changed for this customer (an event stored). */
  customerChanged(tenantId: string, customerId: string): void;
  /** Something they depend on changed for every customer of the tenant (its offers, its policy). */
  tenantChanged(tenantId: string): void;
  /**
   * A grant was recorded (by an agent, or by a supervisor's approval): the customer's caps, the
   * agent's day and the team's day changed, so the panels showing the customer, the agent's own and
   * those of the team's agents (when a team budget applies) are sent theirs afresh, with the usage behind them.
   */
  spent(tenantId: string, customerId: string, by: Spenders): void;
  /** No more pushes; resolves once the running ones have settled. */
  close(): Promise<void>;
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
    const customerId = socket?.data.interactions.get(interactionId)?.customerId;
    if (!socket || !customerId) return;
    try {
      const timer = pushed.startTimer();
      const found = await panelRecommendations(app, socket, interactionId, customerId, false);
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
      if (socket) for (const interactionId of pushedInteractions(socket, customerId)) paced.changed(socketId, interactionId);
    }
  };
  const pushEach = (panels: Iterable<{ socket: LeewaySocket; interactionId: string }>) => {
    for (const p of panels) if (sockets().get(p.socket.id) === p.socket) paced.changed(p.socket.id, p.interactionId);
  };
  // A policy published ahead comes into force with nothing stored: this process's panels are pushed then.
  const schedule = createPolicySchedule(app, (tenantId) => pushEach(pushedPanelsOf(tenantId)));
  app.addHook('onReady', async () => schedule.reread());
  /** This process's panels in the tenant that are sent pushes, whoever their customer; and when its next policy takes effect. */
  const tenantChangedHere = (tenantId: string) => {
    pushEach(pushedPanelsOf(tenantId));
    schedule.reread(tenantId);
  };
  /** This process's panels showing the customer, the agent's, and the team's agents' when the team shares a budget. */
  const spentHere = (tenantId: string, customerId: string, by: Spenders) => {
    changedHere(tenantId, customerId);
    pushEach(pushedPanelsOf(tenantId, by.team === null ? { userId: by.userId } : { team: by.team }));
  };
  if (app.redis) {
    app.io.on('recommendations:changed', changedHere);
    app.io.on('recommendations:tenant-changed', tenantChangedHere);
    app.io.on('recommendations:spent', spentHere);
  }

  return {
    customerChanged(tenantId, customerId) {
      changedHere(tenantId, customerId);
      if (app.redis) app.io.serverSideEmit('recommendations:changed', tenantId, customerId);
    },
    tenantChanged(tenantId) {
      tenantChangedHere(tenantId);
      if (app.redis) app.io.serverSideEmit('recommendations:tenant-changed', tenantId);
    },
    spent(tenantId, customerId, by) {
      spentHere(tenantId, customerId, by);
      if (app.redis) app.io.serverSideEmit('recommendations:spent', tenantId, customerId, by);
    },
    close: async () => {
      await Promise.all([paced.close(), schedule.close()]);
    },
  };
}
