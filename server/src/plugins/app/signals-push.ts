import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { pushFreshSignals } from '../../services/context';
import { createCoalescer } from '../../services/coalescer';
import { createRecommendationsPush, type RecommendationsPush } from '../../services/panel-recommendations';
import { customerRoom } from '../../sockets/rooms';

/** What follows a change to a customer's stored events: their signals and suggested offers, pushed to whoever watches. */
export interface SignalsPush {
  /** Pushes the signals, coalesced per customer (at most one push per 100 ms), and each panel's suggested offers afresh. */
  changed(tenantId: string, customerId: string): void;
  /**
   * Whether the caller's new event may carry the customer's signals itself: true when it is the first
   * change in their window and somebody may be watching. Then it opens the window (later changes fold
   * into one push at its end) and recomputes the offers once the caller has sent its event. False:
   * send the event alone and call `changed`.
   */
  lead(tenantId: string, customerId: string): boolean;
  /** Waits for pushes in flight; afterwards nothing is pushed. */
  close(): Promise<void>;
}

declare module 'fastify' {
  interface FastifyInstance {
    signalsPush: SignalsPush;
    /** The panels showing suggested offers: told when the tenant's offers or policy change, or a grant spends a budget. */
    offersPush: Pick<RecommendationsPush, 'tenantChanged' | 'spent'>;
  }
}

/**
 * Whether no socket can be watching the customer, so computing signals would be for nobody. Only
 * one process knows all its rooms (with several, watchers may be on the others); and a dropped
 * socket may resume within the recovery window with its rooms and the broadcasts it missed, so
 * while any session is resumable the push goes out.
 */
function nobodyWatches(app: FastifyInstance, tenantId: string, customerId: string): boolean {
  if (app.redis) return false;
  const adapter = app.io.of('/').adapter as unknown as { rooms: Map<string, Set<string>>; sessions?: Map<unknown, unknown> };
  if (adapter.rooms.get(customerRoom(tenantId, customerId))?.size) return false;
  return (adapter.sessions?.size ?? 1) === 0;
}

export default fp(
  async (app) => {
    const recommendations = createRecommendationsPush(app);
    const coalescer = createCoalescer<[string, string]>(async (tenantId, customerId) => {
      if (nobodyWatches(app, tenantId, customerId)) return;
      // Both start now; the signals' read goes first, so their push never waits for the offers' computation.
      const signals = pushFreshSignals(app, tenantId, customerId).catch((err) => app.log.error({ err }, 'signal push failed'));
      recommendations.customerChanged(tenantId, customerId);
      await signals;
    }, 100);
    const signalsPush: SignalsPush = {
      changed: coalescer.changed,
      // The caller's event carries the signals (one message where there were two): the offers are computed as
      // for a push, once the caller has sent its event (their first reads run at once, on SQLite in this very turn).
      lead(tenantId, customerId) {
        if (nobodyWatches(app, tenantId, customerId) || !coalescer.lead(tenantId, customerId)) return false;
        queueMicrotask(() => recommendations.customerChanged(tenantId, customerId));
        return true;
      },
      close: coalescer.close,
    };
    app.decorate('signalsPush', signalsPush);
    app.decorate('offersPush', recommendations);
    // Pushes already running finish before the database closes under them.
    app.addHook('preClose', async () => {
      await Promise.all([coalescer.close(), recommendations.close()]);
    });
  },
  { name: 'signals-push', dependencies: ['db', 'socket-io', 'metrics'] },
);
