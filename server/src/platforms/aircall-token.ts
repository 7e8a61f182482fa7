/**
 * Which tenant an Aircall webhook is for. Aircall signs nothing: the body carries the webhook's
 * token, and whoever knows it may tell Leeway about that tenant's calls. The tenant is named by the
 * webhook's URL (/v1/integrations/aircall/:tenantId/webhook), so one connection's token is
 * compared, not every tenant's: no scan of secrets per request, and one tenant's token can never
 * match another's connection. An unknown tenant, a tenant without Aircall and a wrong token are
 * refused alike, so the answer tells nobody which tenants exist.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { PlatformConnection } from '../repositories/platform-connections';

/** Digests are compared, so the comparison takes as long whatever the token's length. */
const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
export const sameToken = (given: string, expected: string) => timingSafeEqual(digest(given), digest(expected));

export async function aircallConnectionFor(
  app: FastifyInstance,
  tenantId: string,
  token: string,
): Promise<PlatformConnection<'aircall'> | null> {
  const c = await app.repos.platformConnections.get(tenantId, 'aircall');
  // Compared even without a connection, so a missing one takes the same time as a wrong token.
  const matches = sameToken(token, c?.secret.webhookToken ?? '\u0000no connection');
  return c && matches ? c : null;
}
