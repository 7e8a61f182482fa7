import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Config } from './config';
import authPlugin from './plugins/app/auth';
import exceptionSla from './plugins/app/exception-sla';
import routeRules from './plugins/app/route-rules';
import corsPlugin from './plugins/external/cors';
import dbPlugin from './plugins/external/db';
import socketIoPlugin from './plugins/external/socket-io';
import benchRelay from './routes/bench/relay';
import health from './routes/health';
import adapters from './routes/v1/adapters';
import signIn from './routes/v1/auth/sign-in';
import customerContext from './routes/v1/customers/context';
import customerMerge from './routes/v1/customers/merge';
import eventTypes from './routes/v1/event-types';
import grants from './routes/v1/grants';
import log from './routes/v1/log';
import resolutions from './routes/v1/resolutions';
import policy from './routes/v1/policy';
import qa from './routes/v1/qa';
import ingestEvents from './routes/v1/ingest/events';
import sockets from './sockets';

/**
 * The application, without listening: tests build it and use `app.inject` or listen on
 * port 0. Order: external resources, then app services, then routes and socket handlers.
 */
export async function buildApp(config: Config): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: config.logLevel,
      // Tokens, passwords and signatures never reach the logs.
      redact: ['req.headers.authorization', 'req.headers["x-leeway-signature"]', 'req.body.password'],
    },
    bodyLimit: 256 * 1024,
  });
  // First, so it sees every route: each must carry an access rule or the server will not start.
  await app.register(routeRules);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler(app));

  await app.register(corsPlugin, { config });
  await app.register(dbPlugin, { file: config.dbFile, sync: config.sqliteSync, masterKey: config.masterKey });
  await app.register(socketIoPlugin, { config });
  await app.register(authPlugin, { config });
  await app.register(sockets);
  await app.register(exceptionSla, { intervalMs: config.slaSweepMs });

  await app.register(health);
  await app.register(signIn);
  await app.register(ingestEvents);
  await app.register(customerContext);
  await app.register(customerMerge);
  await app.register(eventTypes);
  await app.register(policy);
  await app.register(grants);
  await app.register(resolutions);
  await app.register(log);
  await app.register(adapters);
  await app.register(qa);
  if (config.benchRelay) await app.register(benchRelay);
  return app;
}

/** Errors say what was wrong in words a user can act on; a 500 says nothing of internals. */
function errorHandler(app: FastifyInstance) {
  return (error: FastifyError, _req: unknown, reply: import('fastify').FastifyReply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      const where = error.validationContext ?? 'body';
      const issues = error.validation.map((v) => ({
        path: [where, ...v.instancePath.split('/').filter(Boolean)].join('.'),
        message: v.message ?? 'is invalid',
      }));
      return reply.code(400).send({ statusCode: 400, error: 'Bad Request', message: issues.map((i) => `${i.path}: ${i.message}`).join('; '), issues });
    }
    const status = error.statusCode ?? 500;
    if (status >= 500) {
      app.log.error({ err: error }, 'request failed');
      return reply.code(500).send({ statusCode: 500, error: 'Internal Server Error', message: 'Something went wrong on the server; try again' });
    }
    // Policy validation attaches every broken rule, so an admin can fix them all at once.
    const { errors: details, issues } = error as { errors?: unknown; issues?: unknown };
    return reply.code(status).send({ statusCode: status, error: httpReason(status), message: error.message, ...(details ? { errors: details } : {}), ...(issues ? { issues } : {}) });
  };
}

const httpReason = (s: number) =>
  ({ 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 409: 'Conflict', 413: 'Payload Too Large', 415: 'Unsupported Media Type', 422: 'Unprocessable Entity', 429: 'Too Many Requests' })[s] ?? 'Error';
