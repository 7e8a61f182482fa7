import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { unauthorized } from '../errors';

/**
 * A check that a request carries "Authorization: Bearer <token>", for operators' endpoints
 * (/metrics, /docs) guarded by a configured token rather than a sign-in; compared in constant time.
 * `refusal` says what to send instead.
 */
export function requireOperatorToken(token: string, refusal: string): (req: FastifyRequest) => Promise<void> {
  const expected = Buffer.from(`Bearer ${token}`);
  return async (req) => {
    const given = Buffer.from(req.headers.authorization ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw unauthorized(refusal);
  };
}
