/**
 * User administration across two server processes sharing one database and one Redis: an admin's
 * change on one process reaches the user's sockets on the other at once. A deactivated user's
 * open socket there is cut and can neither reveal nor record; a demoted user's socket comes back
 * with the new role only.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Response } from '@shared/events';
import type { ClientSocket } from '../support/app';
import { deleteRedisKeys, sharedSecrets, startCluster, uniqueRedisPrefix, type Cluster } from '../support/cluster';
import { openRaw, type RawDb } from '../support/raw-db';
import { connectSocket, send, signIn } from '../support/remote-clients';
import type { ServerProcess } from '../support/server-process';
import { engine, newTestDatabase, type TestDatabase } from '../support/test-database';

const PREFIX = uniqueRedisPrefix('users');
const SECRETS = sharedSecrets();
let db: TestDatabase;
let raw: RawDb;
let c: Cluster;
let n: ServerProcess[];
const sockets: ClientSocket[] = [];
const ids = { users: {} as Record<string, string>, customers: {} as Record<string, string> };

beforeAll(async () => {
  if (engine !== 'postgres')
    throw new Error('multi-process tests run on PostgreSQL only (the integration-pg project sets LEEWAY_TEST_DB=postgres)');
  db = await newTestDatabase();
  c = await startCluster(2, {
    dbEnv: db.env,
    redisPrefix: PREFIX,
    env: { ...SECRETS, LEEWAY_RATE_LIMIT: '0', LEEWAY_SOCKET_RATE_LIMIT: '0' },
  });
  n = c.nodes;
  raw = await openRaw(db.target);
  for (const u of await raw.all<{ id: string; email: string }>('select id, email from users')) ids.users[u.email] = u.id;
  for (const x of await raw.all<{ id: string; name: string }>('select id, name from customers')) ids.customers[x.name] = x.id;
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await c?.stop();
  await raw?.close();
  await db?.drop();
  await deleteRedisKeys(PREFIX);
});

async function connect(node: ServerProcess, token: string) {
  const s = await connectSocket(node.url, token);
  sockets.push(s);
  return s;
}
async function rest(node: ServerProcess, method: string, path: string, token: string, body?: unknown) {
  const res = await fetch(`${node.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}
const disconnected = (s: ClientSocket) => new Promise<string>((resolve) => s.once('disconnect', (reason) => resolve(reason)));
/** Connects the socket again and says how the handshake ended: null when admitted, else the refusal. */
const reconnect = (s: ClientSocket) =>
  new Promise<string | null>((resolve) => {
    s.once('connect', () => resolve(null));
    s.once('connect_error', (e) => resolve(e.message));
    s.connect();
  });
const grant = () => ({
  customerId: ids.customers['Dana Whitfield'],
  action: 'goodwill_gesture',
  amountCents: 1_000,
  idempotencyKey: `users-${randomUUID()}`,
});
const answered = (res: Response<unknown> | undefined, what: string) => {
  if (!res) throw new Error(`${what}: no answer`);
  if ('error' in res) throw new Error(`${what}: ${res.error}`);
  return res.data;
};

describe('two processes', () => {
  it("cut a deactivated user's socket on the other process at once: it can neither reveal nor record, nor come back", async () => {
    const email = 'senior@acme.test';
    const userId = ids.users[email]!;
    const token = await signIn(n[1]!.url, email);
    const s = await connect(n[1]!, token);
    // Working before: looking at Dana, revealing her email and recording a grant.
    answered(
      await send(s, 'interaction:open', {
        helpdesk: 'zendesk',
        instance: 'acme.zendesk.com',
        ticketId: '101',
        requester: { email: 'dana.whitfield@example.com' },
      }),
      'interaction:open',
    );
    answered(await send(s, 'customer:reveal', { customerId: ids.customers['Dana Whitfield'], field: 'email' }), 'customer:reveal');
    answered(await send(s, 'grant:record', grant()), 'grant:record');

    const gone = disconnected(s);
    const admin = await signIn(n[0]!.url, 'admin@acme.test');
    const res = await rest(n[0]!, 'POST', `/v1/users/${userId}/deactivate`, admin);
    expect(res.status).toBe(200);
    // Process 0 disconnected a socket held by process 1, through the adapter.
    expect(await gone).toBe('io server disconnect');
    const deactivatedAt = (await raw.one<{ at: number }>('select deactivated_at as at from users where id = ?', userId))!.at;

    // It cannot come back on either process, nor act over REST.
    expect(await reconnect(s)).toBe('Your account was deactivated: ask an admin');
    await expect(connectSocket(n[0]!.url, token)).rejects.toThrow('Your account was deactivated: ask an admin');
    for (const node of n) expect((await rest(node, 'POST', '/v1/grants', token, grant())).status).toBe(401);
    // Nothing revealed or recorded by them since.
    expect(
      (await raw.one<{ n: number }>(
        "select count(*) as n from audit_log where actor_id = ? and action = 'pii.reveal' and at >= ?",
        userId,
        deactivatedAt,
      ))!.n,
    ).toBe(0);
    expect(
      (await raw.one<{ n: number }>('select count(*) as n from grants where user_id = ? and created_at >= ?', userId, deactivatedAt))!.n,
    ).toBe(0);
  });

  it("bring a demoted user's socket on the other process back with the new role only", async () => {
    const email = 'agent@acme.test';
    const token = await signIn(n[1]!.url, email);
    const s = await connect(n[1]!, token);
    answered(await send(s, 'grant:record', grant()), 'grant:record');

    const gone = disconnected(s);
    const admin = await signIn(n[0]!.url, 'admin@acme.test');
    expect((await rest(n[0]!, 'PATCH', `/v1/users/${ids.users[email]}`, admin, { role: 'auditor' })).status).toBe(200);
    expect(await gone).toBe('io server disconnect');

    // The same token is admitted again, as what the user is now.
    expect(await reconnect(s)).toBeNull();
    expect(await send(s, 'grant:record', grant())).toEqual({ error: 'Your role (auditor) may not grant record' });
  });
});
