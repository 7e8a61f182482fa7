/**
 * The server on a faulty disk, for the disk-fault tests (SQLite's file only): the refusals it
 * answers with, the demo's ids read from the file, the writes a panel and a business system make
 * (each with its key, so a resend is the same request), and how often each was stored.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Response } from '@shared/events';
import { signedHeaders } from '@shared/webhook-signature';
import type { ClientSocket } from './app';
import { storedKeyLike } from './client-key';
import { bundled } from './bundled';
import { openRaw, type RawDb } from './raw-db';
import { send } from './remote-clients';
import { integrityCheck } from './row-counts';
import { ingestSecret, type ServerProcess } from './server-process';

export const ROOT = resolve(import.meta.dirname, '../..');
export const MiB = 1024 * 1024;
export const FULL = 'The database cannot be written (disk full): nothing was saved; try again once space is freed';
export const UNWRITABLE = /^The database cannot be written \((its disk is read-only|disk I\/O error or read-only disk)\): /;
// Secrets from the environment, so a start-up test reaches the database rather than the demo's key files.
export const SECRETS = {
  LEEWAY_JWT_SECRET: 'disk-faults-test-secret-of-enough-length-0123',
  LEEWAY_MASTER_KEY: 'ab'.repeat(32),
  LEEWAY_LOG_SIGNING_KEY: 'cd'.repeat(32),
};

export async function readDb<T>(file: string, fn: (db: RawDb) => Promise<T>): Promise<T> {
  const db = await openRaw({ kind: 'sqlite', file }, { readonly: true });
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}
export const integrity = (file: string) => readDb(file, (db) => integrityCheck(db, 'sqlite'));

/** The demo tenant's ids and an ingest key, read from the file as an admin would. */
export async function demo(file: string) {
  const secret = await ingestSecret({ kind: 'sqlite', file }, 'acme-demo');
  return readDb(file, async (db) => ({
    tenantId: (await db.one<{ id: string }>("select id from tenants where slug = 'acme'"))!.id,
    dana: (await db.one<{ id: string }>("select id from customers where name = 'Dana Whitfield'"))!.id,
    key: { id: 'acme-demo', secret },
  }));
}

/** The writes a panel and a business system make, each with its key, so a resend is the same request. */
export function writes(server: ServerProcess, token: string, socket: ClientSocket, d: Awaited<ReturnType<typeof demo>>) {
  const grant = () => ({ customerId: d.dana, action: 'goodwill_gesture', amountCents: 500, idempotencyKey: randomUUID() });
  const resolution = () => ({
    idempotencyKey: randomUUID(),
    helpdesk: 'zendesk',
    ticketId: `disk-${randomUUID()}`,
    customerId: d.dana,
    outcome: 'resolved',
    category: 'billing',
    note: 'Refunded the fee',
    handleTimeSeconds: 90,
  });
  const event = () => ({
    id: `evt-${randomUUID()}`,
    type: 'payment.failed',
    occurredAt: new Date().toISOString(),
    customer: { email: 'dana.whitfield@example.com' },
    data: { amountCents: 4_900, currency: 'USD', reason: 'card declined' },
  });
  return {
    grant,
    resolution,
    event,
    bySocket: (event: 'grant:record' | 'resolution:submit', payload: object) =>
      send(socket, event, payload) as Promise<Response<{ status: string; id?: string }>>,
    async grantByRest(payload: object) {
      const res = await fetch(`${server.url}/v1/grants`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(payload),
      });
      return {
        status: res.status,
        retryAfter: res.headers.get('retry-after'),
        body: (await res.json()) as { message?: string; status?: string },
      };
    },
    /** The same signed request each time for the same `headers`: a resend, not a new delivery. */
    async ingest(body: string, headers: Record<string, string>) {
      const res = await fetch(`${server.url}/v1/ingest/events`, { method: 'POST', headers, body });
      return { status: res.status, body: (await res.json()) as { message?: string; status?: string } };
    },
    signed: (e: object) => {
      const body = JSON.stringify(e);
      return { body, headers: signedHeaders(d.key.id, d.key.secret, body) };
    },
  };
}

export const get = async (url: string, token?: string) => {
  const res = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

/** How often each key is stored: grants, resolutions, and events (by their external id). */
export function stored(file: string, tenantId: string, keys: { grants: string[]; resolutions: string[]; events: string[] }) {
  return readDb(file, async (db) => {
    const count = async (sql: string, k: string) => (await db.one<{ n: number }>(sql, tenantId, k))!.n;
    return {
      grants: await Promise.all(
        keys.grants.map((k) => count('select count(*) as n from grants where tenant_id = ? and idempotency_key like ?', storedKeyLike(k))),
      ),
      resolutions: await Promise.all(
        keys.resolutions.map((k) =>
          count('select count(*) as n from resolution_log where tenant_id = ? and idempotency_key like ?', storedKeyLike(k)),
        ),
      ),
      events: await Promise.all(
        keys.events.map((k) => count('select count(*) as n from events where tenant_id = ? and external_id = ?', k)),
      ),
    };
  });
}

export async function verifyLog(file: string) {
  const args = [await bundled('scripts/verify-log.ts'), '--db', file, '--tenant', 'acme'];
  return promisify(execFile)(process.execPath, args, { cwd: ROOT }).then(
    (r) => ({ status: 0, out: r.stdout.trim() }),
    (e: { code: number; stdout: string }) => ({ status: e.code, out: e.stdout.trim() }),
  );
}
