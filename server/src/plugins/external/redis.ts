import fp from 'fastify-plugin';
import { Redis } from 'ioredis';
import { redactUrl } from '../../redact-url';

declare module 'fastify' {
  interface FastifyInstance {
    /** Shared by every server process of a deployment when LEEWAY_REDIS_URL is set; null for a single process. */
    redis: Redis | null;
  }
}

/**
 * One Redis connection per process (socket.io's adapter duplicates it for its blocking reads),
 * connected before the server listens: a process that cannot reach Redis must not take traffic
 * it could not share with the others.
 */
export default fp<{ url: string | null }>(
  async (app, { url }) => {
    if (!url) return void app.decorate('redis', null);
    const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 3 });
    // A dropped connection is retried by ioredis; commands fail meanwhile and say so where they are used.
    redis.on('error', (err) => app.log.warn({ err: err.message }, 'redis: connection problem'));
    try {
      await redis.connect();
    } catch (error) {
      redis.disconnect();
      throw new Error(
        `Cannot reach Redis at ${redactUrl(url)}: ${(error as Error).message}. Fix LEEWAY_REDIS_URL or start Redis, then start again.`,
      );
    }
    app.decorate('redis', redis);
    app.addHook('onClose', async () => {
      await redis.quit().catch(() => redis.disconnect());
    });
  },
  { name: 'redis' },
);
