/**
 * The sockets-per-sign-in cap over two server processes sharing one database and one Redis:
 * sockets on either count, whether they arrive one by one or all at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import { tooManySocketsMessage } from '../../server/src/sockets/session-cap';
import type { ClientSocket } from '../support/app';
import { deleteRedisKeys, sharedSecrets, startCluster, uniqueRedisPrefix, type Cluster } from '../support/cluster';
import { signIn } from '../support/remote-clients';
import { engine, newTestDatabase, type TestDatabase } from '../support/test-database';

const PREFIX = uniqueRedisPrefix('socket-cap');
let db: TestDatabase;
let c: Cluster;
const sockets: ClientSocket[] = [];

beforeAll(async () => {
  if (engine !== 'postgres')
    throw new Error('multi-process tests run on PostgreSQL only (the integration-pg project sets LEEWAY_TEST_DB=postgres)');
  db = await newTestDatabase();
  c = await startCluster(2, { dbEnv: db.env, redisPrefix: PREFIX, env: { ...sharedSecrets(), LEEWAY_RATE_LIMIT: '0' } });
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await c?.stop();
  await db?.drop();
  await deleteRedisKeys(PREFIX);
});

/** A socket to `url`, with how its handshake ended: undefined when admitted, else the refusal. */
function connect(url: string, token: string): Promise<{ socket: ClientSocket; error?: string }> {
  const s: ClientSocket = io(url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
  sockets.push(s);
  return new Promise((resolve) => {
    s.once('connect', () => resolve({ socket: s }));
    s.once('connect_error', (e) => resolve({ socket: s, error: e.message }));
  });
}

describe('sockets per sign-in across processes', () => {
  it('counts the sockets on every process: the 11th is refused on either', async () => {
    const [a, b] = c.nodes;
    const token = await signIn(a!.url, 'agent@acme.test');
    for (let i = 0; i < 10; i++) expect((await connect((i % 2 ? b : a)!.url, token)).error, `socket ${i + 1}`).toBeUndefined();
    expect((await connect(a!.url, token)).error).toBe(tooManySocketsMessage(10));
    expect((await connect(b!.url, token)).error).toBe(tooManySocketsMessage(10));
  });

  it('trims handshakes racing on both processes to the cap', async () => {
    const [a, b] = c.nodes;
    const token = await signIn(b!.url, 'senior@acme.test');
    const results = await Promise.all(Array.from({ length: 16 }, (_, i) => connect((i % 2 ? b : a)!.url, token)));
    for (const r of results.filter((x) => x.error)) expect(r.error).toBe(tooManySocketsMessage(10));
    const admitted = results.filter((r) => !r.error).map((r) => r.socket);
    await expect.poll(() => admitted.filter((s) => s.connected).length, { timeout: 15_000 }).toBe(10);
  });
});
