import fp from 'fastify-plugin';

/**
 * While draining, every response closes its connection. Without it a keep-alive connection
 * (a reverse proxy's, typically) that was mid-request when the shutdown began stays open after
 * its answer, and the server would wait for it until the grace period ran out.
 */
export default fp(
  async (app) => {
    app.addHook('onSend', async (_req, reply) => {
      if (app.draining) reply.header('connection', 'close');
    });
  },
  { name: 'drain-http' },
);
