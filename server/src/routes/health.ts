import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

const route: FastifyPluginAsyncZod = async (app) => {
  app.get('/health', { config: { public: 'load balancers probe it; answers no tenant data' } }, async () => {
    app.db.sqlite.prepare('select 1').get();
    return { status: 'ok', sockets: app.io.engine.clientsCount };
  });
};
export default route;
