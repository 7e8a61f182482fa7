import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { fastifyTrustProxy, type Config } from './config';
import { decoratePlatformFetch } from './platforms/outbound';
import { dbRefusal, reportDbFault } from './db/errors';
import { RetryableError } from './errors';
import authPlugin from './plugins/app/auth';
import exceptionSla from './plugins/app/exception-sla';
import signalsPush from './plugins/app/signals-push';
import logCheckpoints from './plugins/app/log-checkpoints';
import { loggerOptions } from './plugins/app/request-log';
import routeRules from './plugins/app/route-rules';
import { MAX_PARAM_LENGTH, unroutedErrors } from './plugins/app/unrouted-errors';
import wellFormedText from './plugins/app/well-formed-text';
import corsPlugin from './plugins/external/cors';
import dbPlugin from './plugins/external/db';
import redisPlugin from './plugins/external/redis';
import metricsPlugin from './plugins/external/metrics';
import openapi from './plugins/external/openapi';
import rateLimits from './plugins/external/rate-limits';
import securityHeaders from './plugins/external/security-headers';
import socketIoPlugin from './plugins/external/socket-io';
import drainHttp from './lifecycle/drain-http';
import { trackConnections } from './lifecycle/open-connections';
import benchRelay from './routes/bench/relay';
import demoDesk from './routes/demo-desk';
import health from './routes/health';
import metrics from './routes/metrics';
import ready from './routes/ready';
import adapters from './routes/v1/adapters';
import audit from './routes/v1/audit';
import refresh from './routes/v1/auth/refresh';
import signIn from './routes/v1/auth/sign-in';
import signOut from './routes/v1/auth/sign-out';
import customerContext from './routes/v1/customers/context';
import customerRecommendations from './routes/v1/customers/recommendations';
import customerMerge from './routes/v1/customers/merge';
import customerWrite from './routes/v1/customers/write';
import eventTypes from './routes/v1/event-types';
import grants from './routes/v1/grants';
import helpdeskHosts from './routes/v1/helpdesk-hosts';
import screenPop from './routes/pop';
import genesysWidget from './routes/widgets/genesys';
import log from './routes/v1/log';
import resolutions from './routes/v1/resolutions';
import policy from './routes/v1/policy';
import qa from './routes/v1/qa';
import callSettings from './routes/v1/settings/calls';
import platformSettings from './routes/v1/settings/platforms';
import offerSettings from './routes/v1/settings/offers';
import revealSettings from './routes/v1/settings/reveals';
import erasureSettings from './routes/v1/settings/erasure';
import logSettings from './routes/v1/settings/log';
import erasureRequests from './routes/v1/erasure/requests';
import ingestCalls from './routes/v1/ingest/calls';
import ingestEvents from './routes/v1/ingest/events';
import aircallWebhook from './routes/v1/integrations/aircall';
import users from './routes/v1/users';
import sockets from './sockets';

export interface BuildOptions {
  /** Where log lines go instead of stdout (the log test reads them). */
  logStream?: { write(line: string): void };
}

/**
 * The application, without listening: tests build it and use `app.inject` or listen on
 * port 0. Order: external resources, then app services, then routes and socket handlers.
 */
export async function buildApp(config: Config, opts: BuildOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    // JSON lines without personal data or secrets: one line per request, ids only (plugins/app/request-log.ts).
    ...loggerOptions(config.logLevel, opts.logStream),
    bodyLimit: 256 * 1024,
    // Behind reverse proxies, req.ip is the address the nearest untrusted hop gave (sign-in throttling and
    // limits count per address): a hop count or the proxies' addresses, never `true`, whose leftmost entry is forgeable.
    trustProxy: fastifyTrustProxy(config.trustProxy),
    // Every id the schemas allow reaches its route; a longer one, or a malformed URL, is answered in the API's shape and rate limited.
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    frameworkErrors: unroutedErrors,
  });
  // First, so it sees every route: each must carry an access rule or the server will not start.
  await app.register(routeRules);
  // Set by a graceful shutdown (lifecycle/shutdown.ts): /ready answers 503, socket handshakes are refused.
  app.decorate('draining', false);
  // Every connection, so a shutdown can cut websockets (even mid-handshake) and name what it waited for.
  app.decorate('connections', trackConnections(app.server));
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler(app));

  await app.register(corsPlugin, { config });
  await app.register(securityHeaders);
  await app.register(dbPlugin, { database: config.database, masterKey: config.masterKey });
  await app.register(redisPlugin, { url: config.redisUrl });
  decoratePlatformFetch(app, config.platformHosts);
  await app.register(socketIoPlugin, { config });
  await app.register(drainHttp);
  await app.register(rateLimits, { config });
  await app.register(metricsPlugin);
  // Before the routes, so it documents each of them.
  await app.register(openapi, { config });
  await app.register(authPlugin, { config });
  await app.register(wellFormedText);
  await app.register(sockets);
  await app.register(signalsPush, { redisPrefix: config.redisPrefix });
  await app.register(exceptionSla, { intervalMs: config.slaSweepMs });
  await app.register(logCheckpoints, {
    intervalMs: config.checkpointSweepMs,
    key: config.logSigningKey,
    file: config.checkpointFile,
    witnessUrl: config.checkpointWitnessUrl,
  });

  await app.register(health);
  await app.register(ready);
  await app.register(metrics, { config });
  await app.register(signIn);
  await app.register(refresh);
  await app.register(signOut);
  await app.register(ingestEvents);
  await app.register(ingestCalls);
  await app.register(aircallWebhook);
  await app.register(customerContext);
  await app.register(customerRecommendations);
  await app.register(customerMerge);
  await app.register(customerWrite);
  await app.register(eventTypes);
  await app.register(policy);
  await app.register(grants);
  await app.register(resolutions);
  await app.register(log);
  await app.register(adapters);
  await app.register(helpdeskHosts);
  await app.register(screenPop);
  await app.register(genesysWidget);
  await app.register(qa);
  await app.register(revealSettings);
  await app.register(platformSettings);
  await app.register(callSettings);
  await app.register(offerSettings);
  await app.register(erasureSettings);
  await app.register(logSettings);
  await app.register(erasureRequests);
  await app.register(audit);
  await app.register(users);
  if (config.benchRelay) await app.register(benchRelay);
  // The demo desk: demo mode only (the plugin registers nothing otherwise).
  await app.register(demoDesk, { config });
  return app;
}

/** Errors say what was wrong in words a user can act on; a 500 says nothing of internals. */
function errorHandler(app: FastifyInstance) {
  return (error: FastifyError, req: import('fastify').FastifyRequest, reply: import('fastify').FastifyReply) => {
    const fault = reportDbFault(error, app.log); // disk full, read-only…: nothing saved, say so; the client may resend
    if (fault)
      return reply.code(503).header('retry-after', '30').send({ statusCode: 503, error: 'Service Unavailable', message: fault.message });
    if (error instanceof RetryableError)
      return reply
        .code(503)
        .header('retry-after', String(error.retryAfterS))
        .send({ statusCode: 503, error: 'Service Unavailable', message: error.message });
    const refused = dbRefusal(error);
    if (refused) return reply.code(400).send({ statusCode: 400, error: 'Bad Request', message: refused.message });
    if (hasZodFastifySchemaValidationErrors(error)) {
      const where = error.validationContext ?? 'body';
      const issues = error.validation.map((v) => ({
        path: [where, ...v.instancePath.split('/').filter(Boolean)].join('.'),
        message: v.message ?? 'is invalid',
      }));
      return reply
        .code(400)
        .send({ statusCode: 400, error: 'Bad Request', message: issues.map((i) => `${i.path}: ${i.message}`).join('; '), issues });
    }
    const status = error.statusCode ?? 500;
    if (status >= 500) {
      req.log.error({ err: error }, 'request failed'); // req.log: with the request id
      return reply
        .code(500)
        .send({ statusCode: 500, error: 'Internal Server Error', message: 'Something went wrong on the server; try again' });
    }
    // Policy validation attaches every broken rule, so an admin can fix them all at once.
    const { errors: details, issues } = error as { errors?: unknown; issues?: unknown };
    // Fastify's own words for these name nothing to fix: say what to send instead.
    const message =
      error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
        ? `The body must be JSON sent as content-type: application/json, not ${String(req.headers['content-type'] ?? 'none').slice(0, 100)}`
        : error.code === 'FST_ERR_CTP_INVALID_JSON_BODY'
          ? 'The body is not valid JSON, or it uses a reserved key (__proto__, constructor.prototype)'
          : // A plugin (static files) may refuse with the bare reason phrase: at least name what was refused.
            error.message === httpReason(status)
            ? `${error.message}: ${req.method} ${req.url.split('?')[0]!.slice(0, 200)} is not served`
            : error.message;
    return reply.code(status).send({
      statusCode: status,
      error: httpReason(status),
      message,
      ...(details ? { errors: details } : {}),
      ...(issues ? { issues } : {}),
    });
  };
}

const httpReason = (s: number) =>
  ({
    400: 'Bad Request',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'Not Found',
    409: 'Conflict',
    413: 'Payload Too Large',
    415: 'Unsupported Media Type',
    422: 'Unprocessable Entity',
    429: 'Too Many Requests',
  })[s] ?? 'Error';
