/**
 * The scale-out benchmark's deployments: one process on SQLite (no Redis, as a single-server
 * install runs), or N processes on a fresh PostgreSQL database sharing a fresh Redis prefix.
 * Rate limits off; stop() removes the database and the Redis keys again.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { deleteRedisKeys, sharedSecrets, startCluster, uniqueRedisPrefix, type Cluster } from '../test/support/cluster';
import { ingestSecret, startServer } from '../test/support/server-process';
import { databaseUrl, PG_ADMIN_URL } from '../test/support/test-database';

const SERVER_ENV = {
  LEEWAY_RATE_LIMIT: '0',
  LEEWAY_INGEST_RATE_LIMIT: '0',
  LEEWAY_SOCKET_RATE_LIMIT: '0',
  LEEWAY_LOG_LEVEL: 'warn',
  // The production default per process (the cluster helper's own default is smaller, for tests).
  LEEWAY_PG_POOL_SIZE: '10',
};

export interface Deployment {
  label: string;
  urls: string[];
  serverPids: number[];
  /** The PostgreSQL database, to tell its backends from other people's. */
  dbName: string | null;
  key: { id: string; secret: string };
  /** SQLite's file (one process), for seeding it with the import; null on PostgreSQL. */
  dbFile: string | null;
  output(): string;
  stop(): Promise<void>;
}

/** A database file in a folder of its own, and how to remove the folder (the file, its WAL and the demo's secrets beside it). */
function tempDbFile(): { file: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'leeway-scale-'));
  return { file: join(dir, 'leeway.db'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function adminQuery<T extends pg.QueryResultRow>(sql: string): Promise<T[]> {
  const c = new pg.Client({ connectionString: PG_ADMIN_URL });
  await c.connect();
  try {
    return (await c.query<T>(sql)).rows;
  } finally {
    await c.end();
  }
}

export async function sqliteDeployment(env: Record<string, string> = {}): Promise<Deployment> {
  const db = tempDbFile();
  const server = await startServer({ dbFile: db.file, env: { ...SERVER_ENV, ...env } }).catch((e: unknown) => {
    db.remove();
    throw e;
  });
  const stop = async () => {
    await server.stop();
    db.remove();
  };
  try {
    return {
      label: 'sqlite × 1',
      urls: [server.url],
      serverPids: [server.child.pid!],
      dbName: null,
      key: { id: 'acme-demo', secret: await ingestSecret(server.target, 'acme-demo') },
      dbFile: server.dbFile,
      output: server.output,
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}

export async function pgDeployment(n: number): Promise<Deployment> {
  // Named like the test databases, so a run killed midway is dropped by dropLeftoverTestDatabases.
  const dbName = `leeway_t_${process.pid}_${Date.now().toString(36)}_scale${n}`;
  const prefix = uniqueRedisPrefix(`scale${n}`);
  const url = databaseUrl(dbName);
  await adminQuery(`create database ${dbName}`);
  const secrets = tempDbFile();
  const cleanup = async () => {
    secrets.remove();
    await deleteRedisKeys(prefix);
    await adminQuery(`drop database if exists ${dbName} with (force)`);
  };
  let c: Cluster;
  try {
    c = await startCluster(n, {
      dbEnv: { LEEWAY_DB_FILE: secrets.file, LEEWAY_DATABASE_URL: url },
      redisPrefix: prefix,
      env: { ...sharedSecrets(), ...SERVER_ENV },
    });
  } catch (e) {
    await cleanup();
    throw e;
  }
  const stop = async () => {
    await c.stop();
    await cleanup();
  };
  try {
    return {
      label: `pg+redis × ${n}`,
      urls: c.nodes.map((p) => p.url),
      serverPids: c.nodes.map((p) => p.child.pid!),
      dbName,
      key: { id: 'acme-demo', secret: await ingestSecret({ kind: 'postgres', url }, 'acme-demo') },
      dbFile: null,
      output: c.output,
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}
