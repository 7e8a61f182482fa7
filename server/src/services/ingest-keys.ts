/**
 * The ingest key a webhook request names, opened, kept for a few seconds: reading and unsealing
 * it (AES-GCM under the master key) on every request cost about a twentieth of ingest's CPU. Only
 * keys that exist are kept (random ids cannot fill the map), so a key revoked in the database
 * stops working within KEEP_MS on every process.
 */
import type { FastifyInstance } from 'fastify';

const KEEP_MS = 5_000;

type IngestKey = NonNullable<Awaited<ReturnType<FastifyInstance['repos']['tenants']['ingestKey']>>>;
const kept = new WeakMap<object, Map<string, { key: IngestKey; until: number }>>();

export async function ingestKeyFor(app: FastifyInstance, id: string): Promise<IngestKey | null> {
  let keys = kept.get(app.repos);
  if (!keys) kept.set(app.repos, (keys = new Map()));
  const now = Date.now();
  const hit = keys.get(id);
  if (hit && hit.until > now) return hit.key;
  const key = await app.repos.tenants.ingestKey(id);
  if (key) keys.set(id, { key, until: now + KEEP_MS });
  else keys.delete(id);
  return key;
}
