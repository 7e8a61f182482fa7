import { createHash } from 'node:crypto';
import rateLimit, { normalizeIP } from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { KEY_HEADER } from '../../../../shared/webhook-signature';
import type { Config } from '../../config';
import { UserError } from '../../errors';
import { limitSocketEvents } from '../../sockets/event-limit';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route is called by business systems signing with an ingest key (x-leeway-key), not by a signed-in user. */
    signedByIngestKey?: boolean;
  }
}

const WINDOW_MS = 60_000;
/** Keys remembered per limiter; the least recently seen go first. */
const CACHE = 20_000;

/**
 * Rate limits on every route, REST and 404 alike, checked before anything else runs
 * (a root onRequest hook runs before a route's own `app.authorize`):
 * - per token: a hash of the bearer token, so each sign-in has its own allowance and no
 *   token is verified twice; without a token, per address;
 * - the signed ingest webhook per ingest key id, with its own, larger limit.
 * The socket's own per-connection limit is configured here too (sockets/event-limit.ts).
 */
export default fp<{ config: Pick<Config, 'rateLimit' | 'ingestRateLimit' | 'socketRateLimit'> }>(
  async (app, { config }) => {
    // global: false — our hook below decides; a route may still add its own `config.rateLimit`.
    await app.register(rateLimit, { global: false });
    const settings = { timeWindow: WINDOW_MS, cache: CACHE };
    const perToken = config.rateLimit ? app.createRateLimit({ ...settings, max: config.rateLimit, keyGenerator: callerKey }) : null;
    const perIngestKey = config.ingestRateLimit ? app.createRateLimit({ ...settings, max: config.ingestRateLimit, keyGenerator: ingestKey }) : null;

    app.addHook('onRequest', async (req, reply) => {
      const limiter = req.routeOptions.config?.signedByIngestKey ? perIngestKey : perToken;
      if (!limiter) return;
      const r = await limiter(req);
      if (r.isAllowed) return;
      reply.header('x-ratelimit-limit', r.max).header('x-ratelimit-remaining', r.remaining).header('x-ratelimit-reset', r.ttlInSeconds);
      if (!r.isExceeded) return;
      reply.header('retry-after', r.ttlInSeconds);
      throw new UserError(429, tooMany(r.max, r.key, r.ttlInSeconds));
    });

    limitSocketEvents(app.io, config.socketRateLimit);
  },
  { name: 'rate-limits', dependencies: ['socket-io'] },
);

const header = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** Per token when one is sent (hashed: the key is kept in memory), else per address. */
export function callerKey(req: FastifyRequest): string {
  const auth = header(req.headers.authorization);
  if (auth?.startsWith('Bearer ')) return `token:${createHash('sha256').update(auth.slice(7)).digest('base64url').slice(0, 22)}`;
  return `address:${normalizeIP(req.ip)}`;
}

/** Per ingest key id as sent (a wrong one is refused by the route right after). */
function ingestKey(req: FastifyRequest): string {
  const id = header(req.headers[KEY_HEADER]);
  return id ? `ingest:${id.slice(0, 100)}` : `address:${normalizeIP(req.ip)}`;
}

function tooMany(max: number, key: string, seconds: number): string {
  const per = key.startsWith('token:') ? 'per sign-in' : key.startsWith('ingest:') ? 'per ingest key' : 'from one address';
  return `Too many requests: at most ${max} a minute ${per}; retry in ${seconds} second${seconds === 1 ? '' : 's'}`;
}
