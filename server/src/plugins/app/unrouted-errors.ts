import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { Id } from '@shared/schemas/common';

/**
 * The longest path parameter the router takes: the longest id the schemas allow (Fastify's
 * default, 100, answered valid ids of 101–128 characters with its own 414). The router measures
 * the decoded parameter, as zod does.
 */
export const MAX_PARAM_LENGTH = Id.maxLength ?? 128;

/**
 * Fastify's `frameworkErrors`: URLs its router refuses before any route or hook runs (a path
 * parameter longer than MAX_PARAM_LENGTH, a malformed percent-encoding). Answered in the API's
 * error shape, and counted by the rate limiter like any request.
 */
export function unroutedErrors(error: FastifyError, req: FastifyRequest, reply: FastifyReply): void {
  answer(error, req, reply).catch((err: unknown) => {
    req.log.error({ err }, 'answering a refused URL failed');
    if (!reply.sent)
      void reply
        .code(500)
        .send({ statusCode: 500, error: 'Internal Server Error', message: 'Something went wrong on the server; try again' });
  });
}

async function answer(error: FastifyError, req: FastifyRequest, reply: FastifyReply): Promise<void> {
  const limited = await req.server.limitUnrouted(req.raw);
  if (limited) {
    await reply.code(429).headers(limited.headers).send({ statusCode: 429, error: 'Too Many Requests', message: limited.message });
    return;
  }
  // The path only, shortened: it may be long, and its query may hold anything.
  const path = (req.raw.url ?? '').split('?')[0]!;
  const shown = `${req.method} ${path.length > 80 ? `${path.slice(0, 80)}…` : path}`;
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    const message = `A part of the path of ${shown} is longer than ${MAX_PARAM_LENGTH} characters, the longest id this API takes: check the id you sent`;
    await reply.code(414).send({ statusCode: 414, error: 'URI Too Long', message });
    return;
  }
  const message =
    error.code === 'FST_ERR_BAD_URL'
      ? `The path of ${shown} is not a valid URL (a "%" not followed by two hex digits?): encode each id in it with encodeURIComponent`
      : `The request could not be routed: ${error.message}`;
  await reply.code(400).send({ statusCode: 400, error: 'Bad Request', message });
}
