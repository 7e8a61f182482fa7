import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { pushFreshSignals } from '../../services/context';
import { createCoalescer } from '../../services/coalescer';
import { createRecommendationsPush, type RecommendationsPush } from '../../services/panel-recommendations';
import { createSharedWindows } from '../../services/shared-window';
import { customerRoom } from '../../sockets/rooms';

/** What follows a change to a customer's stored events: their signals and suggested offers, pushed to whoever watches. */
export interface SignalsPush {
  /**
   * Pushes the signals and each panel's suggested offers afresh, coalesced per customer across every
   * process of the deployment (shared-window.ts): the first change at once, the rest of a 100 ms
   * window's changes in one push at its end.
   */
  changed(tenantId: string, customerId: string): void;
  /**
   * Whether the caller's new event may carry the customer's signals itself: true when it is the first
   * change in their window and somebody may be watching. Then it opens the window (later changes fold
   * into one push at its end) and recomputes the offers once the caller has sent its event. (With
   * several processes, another may hold the customer's window: it then pushes once more at its end.)
   * False: send the event alone and call `changed`.
   */
  lead(tenantId: string, customerId: string): boolean;
  /**
   * A change the signals do not count (an event of a type the summary ignores, such as an order):
   * only the panels' suggested offers are pushed afresh, coalesced per customer in this process as
   * above. Pushing the signals too would cost a read, a broadcast and a render in every panel for
   * nothing, and hold the offers behind them.
   */
  offersChanged(tenantId: string, customerId: string): void;
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

/** At most one signals push per customer per window besides the first change's: what the issue asks, and the pace a panel can show. */
export const SIGNALS_WINDOW_MS = 100;
/** Where the shared windows of a deployment's signals pushes are kept in Redis. */
export const signalsWindowPrefix = (redisPrefix: string) => `${redisPrefix}signals-window:`;

export default fp<{ redisPrefix: string }>(
  async (app, { redisPrefix }) => {
    const recommendations = createRecommendationsPush(app);
    const pushBoth = async (tenantId: string, customerId: string) => {
      // Both start now; the signals' read goes first, so their push never waits for the offers' computation.
      const signals = pushFreshSignals(app, tenantId, customerId).catch((err) => app.log.error({ err }, 'signal push failed'));
      recommendations.customerChanged(tenantId, customerId);
      await signals;
    };
    // With several processes, their pushes for one customer share one window too (each coalesces its own changes first).
    const shared =
      app.redis &&
      createSharedWindows<[string, string]>(app.redis, {
        prefix: signalsWindowPrefix(redisPrefix),
        windowMs: SIGNALS_WINDOW_MS,
        push: pushBoth,
        onError: (err) => app.log.warn({ err }, 'shared signals window: Redis failed, pushing anyway'),
      });
    const coalescer = createCoalescer<[string, string]>(async (tenantId, customerId) => {
      if (nobodyWatches(app, tenantId, customerId)) return;
      await (shared ? shared.changed(tenantId, customerId) : pushBoth(tenantId, customerId));
    }, SIGNALS_WINDOW_MS);
    // Each process's own window: what it starts, a server-side emit, is paced per panel again where the panel is.
    const offersOnly = createCoalescer<[string, string]>(async (tenantId, customerId) => {
      if (!nobodyWatches(app, tenantId, customerId)) recommendations.customerChanged(tenantId, customerId);
    }, SIGNALS_WINDOW_MS);
    const signalsPush: SignalsPush = {
      changed: coalescer.changed,
      // The caller's event carries the signals (one message where there were two). The offers are computed as for
      // a push, once the caller has sent its event (their first reads run at once, on SQLite in this very turn); with
      // several processes, by whichever holds the customer's shared window (this one, or the one it is marked for).
      lead(tenantId, customerId) {
        if (nobodyWatches(app, tenantId, customerId) || !coalescer.lead(tenantId, customerId)) return false;
        if (!shared) queueMicrotask(() => recommendations.customerChanged(tenantId, customerId));
        else void shared.lead(tenantId, customerId).then((mine) => mine && recommendations.customerChanged(tenantId, customerId));
        return true;
      },
      offersChanged: offersOnly.changed,
      close: async () => {
        await Promise.all([coalescer.close(), offersOnly.close(), shared?.close()]);
      },
    };
    app.decorate('signalsPush', signalsPush);
    app.decorate('offersPush', recommendations);
    // Pushes already running finish before the database closes under them.
    app.addHook('preClose', async () => {
      await Promise.all([signalsPush.close(), recommendations.close()]);
    });
  },
  { name: 'signals-push', dependencies: ['db', 'redis', 'socket-io', 'metrics'] },
);
