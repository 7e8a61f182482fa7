/**
 * Clients of a multi-process deployment under test: one fresh PostgreSQL database (and a Redis
 * prefix cleaned up after), the ids the first process seeded, signed-in tokens and sockets
 * against any process, and small helpers for replies, pushes and REST calls.
 */
import { afterAll, beforeAll } from 'vitest';
import type { Response } from '@shared/events';
import type { ClientSocket } from '../app';
import { type Cluster, deleteRedisKeys, startCluster } from '../cluster';
import { openRaw, type RawDb } from '../raw-db';
import { connectSocket, signIn } from '../remote-clients';
import type { ServerProcess } from '../server-process';
import { engine, newTestDatabase, type TestDatabase } from '../test-database';

const DAY = 86_400_000;

export interface Deployment {
  db: TestDatabase;
  raw: RawDb;
  ids: { tenants: Record<string, string>; users: Record<string, string>; customers: Record<string, string> };
  sockets: ClientSocket[];
  /** Reads the seeded ids once the first process has seeded the demo. */
  readIds(): Promise<RawDb>;
  token(email: string, node: ServerProcess): Promise<string>;
  connect(node: ServerProcess, email: string): Promise<ClientSocket>;
}

/** A fresh database for the file's processes, dropped after it with its Redis keys and sockets. */
export function useDeployment(redisPrefix: string): Deployment {
  const tokens = new Map<string, string>();
  const d: Deployment = {
    db: undefined as unknown as TestDatabase,
    raw: undefined as unknown as RawDb,
    ids: { tenants: {}, users: {}, customers: {} },
    sockets: [],
    async readIds() {
      const raw = (d.raw = await openRaw(d.db.target));
      const ids = d.ids;
      for (const t of await raw.all<{ id: string; slug: string }>('select id, slug from tenants')) ids.tenants[t.slug] = t.id;
      for (const u of await raw.all<{ id: string; email: string }>('select id, email from users')) ids.users[u.email] = u.id;
      for (const c of await raw.all<{ id: string; name: string }>('select id, name from customers')) ids.customers[c.name] = c.id;
      return raw;
    },
    async token(email, node) {
      if (!tokens.has(email)) tokens.set(email, await signIn(node.url, email));
      return tokens.get(email)!;
    },
    async connect(node, email) {
      const s = await connectSocket(node.url, await d.token(email, node));
      d.sockets.push(s);
      return s;
    },
  };
  beforeAll(async () => {
    if (engine !== 'postgres')
      throw new Error('multi-process tests run on PostgreSQL only (the integration-pg project sets LEEWAY_TEST_DB=postgres)');
    d.db = await newTestDatabase();
  });
  afterAll(async () => {
    for (const s of d.sockets) s.disconnect();
    await d.raw?.close();
    await d.db?.drop();
    await deleteRedisKeys(redisPrefix);
  });
  return d;
}

export const data = <T>(res: Response<unknown> | undefined, what: string): T => {
  if (!res) throw new Error(`${what}: no answer`);
  if ('error' in res) throw new Error(`${what}: ${res.error}`);
  return res.data as T;
};
/** The next `event` on `s` that matches, or a rejection naming what did not come. */
export function next<T>(s: ClientSocket, event: string, match: (v: T) => boolean = () => true, ms = 5000): Promise<T> {
  const on = s.on.bind(s) as (e: string, f: (v: T) => void) => void;
  const off = s.off.bind(s) as (e: string, f: (v: T) => void) => void;
  const p = new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => (off(event, listener), reject(new Error(`no matching ${event} within ${ms} ms`))), ms);
    const listener = (v: T) => {
      if (!match(v)) return;
      clearTimeout(timer);
      off(event, listener);
      resolve(v);
    };
    on(event, listener);
  });
  // Awaited by the test; when an earlier step already failed it, its timeout is no second error.
  p.catch(() => undefined);
  return p;
}
export async function rest(node: ServerProcess, method: string, path: string, auth: string, body?: unknown) {
  const res = await fetch(`${node.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${auth}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, any> };
}
export const today = () => Date.now() - (Date.now() % DAY);

/** Three processes on the deployment's database and Redis prefix, every rate limit off (the tests send bursts); ids read once they are up. */
export async function startUnlimited(d: Deployment, redisPrefix: string, secrets: Record<string, string>): Promise<Cluster> {
  const c = await startCluster(3, {
    dbEnv: d.db.env,
    redisPrefix,
    env: { ...secrets, LEEWAY_RATE_LIMIT: '0', LEEWAY_SOCKET_RATE_LIMIT: '0', LEEWAY_INGEST_RATE_LIMIT: '0' },
  });
  await d.readIds();
  return c;
}

export async function stopCluster(d: Deployment, c: Cluster | undefined): Promise<void> {
  for (const s of d.sockets) s.disconnect();
  await c?.stop();
}
