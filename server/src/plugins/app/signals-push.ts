import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { pushFreshSignals } from '../../services/context';
import { createSignalsCoalescer, type SignalsCoalescer } from '../../services/signals-coalescer';
import { customerRoom } from '../../sockets/rooms';

declare module 'fastify' {
  interface FastifyInstance {
    /** A customer's stored events changed: their signals are pushed to whoever watches, coalesced per customer. */
    signalsPush: SignalsCoalescer;
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
    const coalescer = createSignalsCoalescer((tenantId, customerId) =>
      nobodyWatches(app, tenantId, customerId)
        ? Promise.resolve()
        : pushFreshSignals(app, tenantId, customerId).catch((err) => app.log.error({ err }, 'signal push failed')),
    );
    app.decorate('signalsPush', coalescer);
    app.addHook('preClose', async () => coalescer.close());
  },
  { name: 'signals-push', dependencies: ['db', 'socket-io'] },
);
