/**
 * Several real server processes sharing one PostgreSQL database and one Redis prefix, as a
 * deployment behind a load balancer runs them: the same secrets everywhere, the first process
 * started alone (it seeds the demo), the others together.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { startServer, type ServerProcess } from './server-process';
import { REDIS_TEST_URL as REDIS_URL } from './test-database';

/** A prefix no other test run shares: deployments on one Redis keep apart by it. */
export const uniqueRedisPrefix = (tag = 'test') => `leeway-${tag}-${process.pid}-${Date.now().toString(36)}:`;

/** What every process of one deployment must agree on: tokens signed by one verify on all, sealed log fields open on all, checkpoints signed by one key. */
export const sharedSecrets = () => ({
  LEEWAY_JWT_SECRET: randomBytes(32).toString('hex'),
  LEEWAY_MASTER_KEY: randomBytes(32).toString('hex'),
  LEEWAY_LOG_SIGNING_KEY: randomBytes(32).toString('hex'),
});

export interface Cluster {
  nodes: ServerProcess[];
  /** The environment every process got (database, Redis, secrets and the caller's extras). */
  env: Record<string, string>;
  /** The processes still running. */
  alive(): ServerProcess[];
  /** Starts process `i` again on its port (after a kill, say), with the cluster's environment. */
  restart(i: number): Promise<ServerProcess>;
  /** Every process's output, for a failure's message. */
  output(): string;
  /** SIGTERM to every process still running; waits for them to exit. */
  stop(): Promise<void>;
}

/**
 * `dbEnv` names the database (LEEWAY_DATABASE_URL and LEEWAY_DB_FILE, as newTestDatabase gives);
 * the caller owns it and the Redis prefix, so a second cluster can follow on the same ones.
 */
export async function startCluster(
  n: number,
  opts: { dbEnv: Record<string, string>; redisPrefix: string; env?: Record<string, string> },
): Promise<Cluster> {
  const env = {
    LEEWAY_REDIS_URL: REDIS_URL,
    LEEWAY_REDIS_PREFIX: opts.redisPrefix,
    // A test stops the processes itself: no need to wait out the production grace period.
    LEEWAY_SHUTDOWN_GRACE_MS: '2000',
    // Several processes and other test files share the machine's PostgreSQL.
    LEEWAY_PG_POOL_SIZE: '5',
    ...opts.env,
  };
  const start = (port?: number) => startServer({ dbEnv: opts.dbEnv, env, port });
  const nodes: ServerProcess[] = [];
  try {
    nodes.push(await start());
    nodes.push(...(await Promise.all(Array.from({ length: n - 1 }, () => start()))));
  } catch (e) {
    await Promise.all(nodes.map((p) => p.stop('SIGKILL')));
    throw e;
  }
  const running = (p: ServerProcess) => p.child.exitCode === null && p.child.signalCode === null;
  return {
    nodes,
    env,
    alive: () => nodes.filter(running),
    async restart(i) {
      await nodes[i]!.stop('SIGKILL');
      nodes[i] = await start(nodes[i]!.port);
      return nodes[i]!;
    },
    output: () => nodes.map((p, i) => `--- process ${i} (${p.url})\n${p.output()}`).join('\n'),
    stop: async () => void (await Promise.all(nodes.map((p) => p.stop()))),
  };
}

/** Removes every key and stream under a test run's prefix. */
export async function deleteRedisKeys(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
