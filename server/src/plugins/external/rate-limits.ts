import type { IncomingMessage } from 'node:http';
import rateLimit, { normalizeIP } from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { HANDSHAKE_RETRY } from '@shared/events';
import { TokenClaims } from '@shared/schemas/auth';
import { KEY_HEADER } from '@shared/webhook-signature';
import { callerAddress } from '../../caller-address';
import type { Config } from '../../config';
import { UserError } from '../../errors';
import { limitSocketEvents, SIGN_INS_PER_PERSON } from '../../sockets/event-limit';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route is called by business systems signing with an ingest key (x-leeway-key), not by a signed-in user. */
    signedByIngestKey?: boolean;
    /** The route is this platform's webhook for the tenant its URL names (:tenantId), proven by a token in the body. */
    platformWebhook?: 'aircall';
  }
  interface FastifyInstance {
    /**
     * Counts a request no route's hooks see (a URL the router refused) against the same REST
     * allowance as the onRequest hook below. What to answer when over the limit, else null.
     */
    limitUnrouted(raw: IncomingMessage): Promise<LimitRefusal | null>;
  }
}

/** A request over its limit: the sentence and the headers to answer with (HTTP 429). */
export interface LimitRefusal {
  message: string;
  headers: Record<string, number>;
}

const WINDOW_MS = 60_000;
/** Keys remembered per limiter; the least recently seen go first. */
const CACHE = 20_000;
/** Ingest key ids remembered as known or unknown, and for how long (a revoked key is noticed within it). */
const INGEST_IDS = 1_000;
const INGEST_ID_TTL_MS = 60_000;

/**
 * Rate limits on every route, REST and 404 alike, checked before anything else runs
 * (a root onRequest hook runs before a route's own `app.authorize`):
 * - per sign-in: the session id of a bearer token whose signature holds, so each sign-in has its
 *   own allowance; a token that does not verify, or none, counts against the caller's address —
 *   made-up tokens get no allowance of their own, and cannot fill the limiter's memory;
 * - and per person, SIGN_INS_PER_PERSON sign-ins' worth shared by all of theirs: a second device
 *   keeps its own allowance, and signing in again and again buys no more;
 * - the signed ingest webhook per ingest key id when that key exists, else per address, with its own, larger limit;
 * - a platform's webhook (Aircall) per tenant when the tenant has that platform connected, else per
 *   address, with the ingest allowance: the platform posts every customer's calls from a few addresses,
 *   which one allowance per address would share among all tenants. The token is in the body, which a
 *   limit checked before anything else cannot read: knowing a tenant's webhook URL lets one spend its
 *   allowance, as knowing an ingest key id does, never more;
 * - socket handshakes per address, valid token or not, with the same allowance as REST but counted
 *   apart from it, so neither starves the other behind a shared office address;
 * - URLs the router refuses (frameworkErrors) as their request would count on a route.
 * The socket's own per-sign-in event limit is configured here too (sockets/event-limit.ts).
 */
export default fp<{ config: Pick<Config, 'rateLimit' | 'ingestRateLimit' | 'socketRateLimit' | 'redisPrefix' | 'trustProxy'> }>(
  async (app, { config }) => {
    // global: false — our hook below decides; a route may still add its own `config.rateLimit`.
    // With Redis, every process counts against the same allowance; a Redis blip lets requests
    // through rather than refusing them all (the limits protect the service, they are not the service).
    await app.register(rateLimit, {
      global: false,
      ...(app.redis && { redis: app.redis, nameSpace: `${config.redisPrefix}rate-limit:`, skipOnError: true }),
    });
    const settings = { timeWindow: WINDOW_MS, cache: CACHE };
    // app.jwt is registered by the auth plugin, after this one: looked up per request.
    const verify = (t: string) => app.jwt.verify(t);
    const perSignIn = config.rateLimit
      ? app.createRateLimit({ ...settings, max: config.rateLimit, keyGenerator: (req) => callerKey(req, verify) })
      : null;
    // All of one person's sign-ins together: a new sign-in is a new allowance above, but not here.
    const perPerson = config.rateLimit
      ? app.createRateLimit({ ...settings, max: config.rateLimit * SIGN_INS_PER_PERSON, keyGenerator: (req) => personKey(req, verify) })
      : null;
    const perHandshake = config.rateLimit
      ? app.createRateLimit({ ...settings, max: config.rateLimit, keyGenerator: (req) => `handshake:${byAddress(req)}` })
      : null;
    const knownIngestKey = existenceCache((id) => app.repos.tenants.ingestKey(id).then(Boolean));
    const perIngestKey = config.ingestRateLimit
      ? app.createRateLimit({ ...settings, max: config.ingestRateLimit, keyGenerator: (req) => ingestKey(req, knownIngestKey) })
      : null;
    /** Per platform with a webhook: whether a tenant has it connected. */
    const connected = { aircall: existenceCache((tenantId) => app.repos.platformConnections.get(tenantId, 'aircall').then(Boolean)) };
    const perPlatformWebhook = config.ingestRateLimit
      ? app.createRateLimit({ ...settings, max: config.ingestRateLimit, keyGenerator: (req) => platformKey(req, connected) })
      : null;

    app.addHook('onRequest', async (req, reply) => {
      const route = req.routeOptions.config;
      const limiter = route?.signedByIngestKey ? perIngestKey : route?.platformWebhook ? perPlatformWebhook : perSignIn;
      if (!limiter) return;
      const r = await limiter(req);
      if (r.isAllowed) return;
      // A signed-in caller within their sign-in's allowance: within their own too. The headers tell the nearer limit.
      const p = limiter === perSignIn && perPerson && !r.isExceeded && signedIn(req, verify) ? await perPerson(req) : null;
      const told = p && !p.isAllowed && (p.isExceeded || p.remaining < r.remaining) ? p : r;
      reply
        .header('x-ratelimit-limit', told.max)
        .header('x-ratelimit-remaining', told.remaining)
        .header('x-ratelimit-reset', told.ttlInSeconds);
      if (!told.isExceeded) return;
      reply.header('retry-after', told.ttlInSeconds);
      throw new UserError(429, tooMany(told.max, told.key, told.ttlInSeconds));
    });

    const addressOf = callerAddress(config.trustProxy);
    /** Runs `limiter` on a request Fastify did not route: what it reads of one is the caller's address as req.ip gives it, the token (if any), no route config. */
    async function limitRaw(limiter: typeof perSignIn, raw: IncomingMessage): Promise<LimitRefusal | null> {
      if (!limiter) return null;
      const r = await limiter({ ip: addressOf(raw), headers: raw.headers, routeOptions: { config: {} } } as unknown as FastifyRequest);
      if (r.isAllowed || !r.isExceeded) return null;
      return {
        message: tooMany(r.max, r.key, r.ttlInSeconds),
        headers: {
          'x-ratelimit-limit': r.max,
          'x-ratelimit-remaining': r.remaining,
          'x-ratelimit-reset': r.ttlInSeconds,
          'retry-after': r.ttlInSeconds,
        },
      };
    }
    app.decorate('limitUnrouted', (raw: IncomingMessage) => limitRaw(perSignIn, raw));
    // Registered before the sign-in check (sockets/index.ts), so made-up tokens are counted too.
    app.io.use(async (socket, next) => {
      let refused: LimitRefusal | null = null;
      try {
        refused = await limitRaw(perHandshake, socket.request);
      } catch (err) {
        app.log.error({ err }, 'the handshake rate limit could not be checked'); // the limits protect the service, they are not the service
      }
      // The extension tries again by itself after a handshake refused this way.
      next(refused ? new Error(`${refused.message}; ${HANDSHAKE_RETRY}`) : undefined);
    });

    limitSocketEvents(app.io, config.socketRateLimit);
  },
  { name: 'rate-limits', dependencies: ['socket-io', 'db', 'redis'] },
);

const header = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
const byAddress = (req: FastifyRequest) => `address:${normalizeIP(req.ip)}`;

/**
 * Per session when the bearer token's signature (an HMAC, no database) and expiry hold, else per
 * address. Whether the session is still live is the route's check; a signed-out session's tokens
 * still count against that session, and there are only as many as we issued.
 */
export function callerKey(req: FastifyRequest, verify: (token: string) => unknown): string {
  const claims = claimsOf(req, verify);
  return claims ? `session:${claims.sid}` : byAddress(req);
}

/** The person a verified token names (only asked of a signed-in caller). */
const personKey = (req: FastifyRequest, verify: (token: string) => unknown): string => `person:${claimsOf(req, verify)?.sub}`;
const signedIn = (req: FastifyRequest, verify: (token: string) => unknown): boolean => claimsOf(req, verify) !== null;

/** A bearer token's claims when its signature and expiry hold, else null; verified once per request. */
const verified = new WeakMap<object, TokenClaims | null>();
function claimsOf(req: FastifyRequest, verify: (token: string) => unknown): TokenClaims | null {
  if (verified.has(req)) return verified.get(req)!;
  let claims: TokenClaims | null = null;
  const auth = header(req.headers.authorization);
  if (auth?.startsWith('Bearer ')) {
    try {
      const parsed = TokenClaims.safeParse(verify(auth.slice(7)));
      if (parsed.success) claims = parsed.data;
    } catch {
      // Not ours, tampered with or expired: the address pays.
    }
  }
  verified.set(req, claims);
  return claims;
}

/** Per ingest key id when the key exists (a wrong signature is refused by the route right after), else per address. */
async function ingestKey(req: FastifyRequest, known: (id: string) => Promise<boolean>): Promise<string> {
  const id = header(req.headers[KEY_HEADER]);
  return id && id.length <= 100 && (await known(id)) ? `ingest:${id}` : byAddress(req);
}

/** Per tenant when its URL names a tenant with the route's platform connected, else per address. */
async function platformKey(req: FastifyRequest, connected: Record<'aircall', (tenantId: string) => Promise<boolean>>): Promise<string> {
  const platform = req.routeOptions.config.platformWebhook!;
  const { tenantId } = req.params as { tenantId?: string };
  return tenantId && tenantId.length <= 64 && (await connected[platform](tenantId)) ? `platform:${platform}:${tenantId}` : byAddress(req);
}

/** Whether an ingest key id (or a tenant's connection) exists, remembered a while so a flood costs no lookups; bounded, oldest forgotten first. */
function existenceCache(lookUp: (id: string) => Promise<boolean>): (id: string) => Promise<boolean> {
  const seen = new Map<string, { known: boolean; at: number }>();
  return async (id) => {
    const now = Date.now();
    const hit = seen.get(id);
    if (hit && now - hit.at < INGEST_ID_TTL_MS) return hit.known;
    const known = await lookUp(id);
    seen.delete(id);
    seen.set(id, { known, at: now });
    if (seen.size > INGEST_IDS) seen.delete(seen.keys().next().value!);
    return known;
  };
}

function tooMany(max: number, key: string, seconds: number): string {
  const per = key.startsWith('session:')
    ? 'per sign-in'
    : key.startsWith('person:')
      ? "for one person's sign-ins together"
      : key.startsWith('ingest:')
        ? 'per ingest key'
        : key.startsWith('platform:aircall:')
          ? "per tenant's Aircall webhook"
          : 'from one address';
  const what = key.startsWith('handshake:') ? 'socket connections' : 'requests';
  return `Too many ${what}: at most ${max} a minute ${per}; retry in ${seconds} second${seconds === 1 ? '' : 's'}`;
}
