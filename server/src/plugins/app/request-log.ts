import { LogController, type FastifyError, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';

/**
 * Secrets by name, wherever a log call puts them (top level, one level deep, or in headers):
 * a mistake elsewhere still prints "[redacted]", never the value.
 */
export const REDACT_PATHS = [
  'password',
  'token',
  'refreshToken',
  'secret',
  'authorization',
  'cookie',
  '*.password',
  '*.token',
  '*.refreshToken',
  '*.secret',
  '*.authorization',
  '*.cookie',
  '*.headers.authorization',
  '*.headers.cookie',
  '*.headers["set-cookie"]',
  '*.headers["x-leeway-signature"]',
];

/**
 * Fastify's own request lines print the raw URL (whose query may carry values) and the
 * caller's address. Instead: one line per request when it completes, with method, route
 * pattern, status, duration, request id (bound as reqId), tenant and user ids — ids are not
 * personal data; headers, bodies, query values and addresses are never logged.
 */
class RequestLog extends LogController {
  override incomingRequest() {}

  // The completed line says 404 with route "unmatched"; the default names the raw URL.
  override routeNotFound() {}

  override requestCompleted(err: Error | null | undefined, req: FastifyRequest, reply: FastifyReply) {
    const status = reply.statusCode;
    const line = {
      method: req.method,
      route: req.routeOptions?.url ?? 'unmatched',
      status,
      ms: Math.round(reply.elapsedTime * 10) / 10,
      tenantId: req.principal?.tenantId ?? req.ingestTenantId,
      userId: req.principal?.userId,
      ...(err ? { err } : {}),
    };
    if (err || status >= 500) req.log.error(line, 'request');
    else req.log.info(line, 'request');
  }

  // Only used without our error handler; the default adds the request (its URL).
  override defaultErrorLog(err: FastifyError, _req: FastifyRequest, reply: FastifyReply) {
    reply.log[reply.statusCode >= 500 ? 'error' : 'info']({ err }, 'request failed');
  }

  override writeHeadError(err: Error, _req: FastifyRequest, reply: FastifyReply) {
    reply.log.warn({ err }, 'writing the response head failed');
  }
}

/** Fastify's logger: JSON lines to stdout (or `stream`), secrets redacted, request lines as above. */
export function loggerOptions(
  level: string,
  stream?: { write(line: string): void },
): Pick<FastifyServerOptions, 'logger' | 'logController'> {
  return {
    logger: { level, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, ...(stream ? { stream } : {}) },
    logController: new RequestLog(),
  };
}
