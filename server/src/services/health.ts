import type { FastifyInstance } from 'fastify';

/** Why this process should not take traffic now (draining, or what the database answered), or null. */
export async function notReadyReason(app: FastifyInstance): Promise<string | null> {
  return app.draining ? 'draining: the server is shutting down' : await app.db.problem();
}
