/**
 * The insight card's link back to the full panel: a signed screen-pop link for this call
 * (shared/pop-signature.ts), the same the extension opens from any platform. It names the agent,
 * so only that signed-in agent's panel opens the call from it, and lives POP_VALID_S (5 minutes)
 * like any pop link: a card read later says so when clicked. Signed with the tenant's newest live
 * ingest key; a tenant without one gets a card without a link.
 *
 * The link's origin is the one Aircall called for this webhook (behind proxies, as trustProxy
 * reads it): the server's public address the admin gave Aircall, with no setting of its own.
 */
import type { FastifyInstance } from 'fastify';
import { popUrl } from '@shared/pop-signature';
import { ingestKeyFor } from '../services/ingest-keys';

export async function panelLink(
  app: FastifyInstance,
  tenantId: string,
  p: { origin: string; ani: string; agent: string; contact: string },
): Promise<string | null> {
  const id = await app.repos.tenants.newestIngestKeyId(tenantId);
  const key = id ? await ingestKeyFor(app, id) : null;
  if (!key || key.tenantId !== tenantId) return null;
  return popUrl(p.origin, { id: key.id, secret: key.secret }, { ani: p.ani, agent: p.agent, contact: p.contact });
}
