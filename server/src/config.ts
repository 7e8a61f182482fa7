import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { DatabaseConfig } from './db/open';
import { describeIssues, issuesToSentence } from '@shared/validate';
import { DbOpenError, openError } from './db/errors';
import { writeFileDurably } from './db/durable-file';
import { ConfigError, Env, GENERATE_SIGNING_KEY, list, refuseInProduction } from './env-schema';
import { parseSigningKey, type SigningKey } from './log/signing-key';

export { ConfigError };

export interface Config {
  production: boolean;
  host: string;
  port: number;
  /** Where the demo keeps generated secrets, and the SQLite file when no database URL is set. */
  dbFile: string;
  sqliteSync: 'FULL' | 'NORMAL';
  database: DatabaseConfig;
  redisUrl: string | null;
  redisPrefix: string;
  jwtSecret: string;
  masterKey: Buffer;
  /** Signs the log's checkpoints. */
  logSigningKey: SigningKey;
  /** The append-only file checkpoints are published to; null (an in-memory database) for none. */
  checkpointFile: string | null;
  checkpointWitnessUrl: string | null;
  checkpointSweepMs: number;
  /** Access token lifetime, milliseconds. */
  tokenTtlMs: number;
  /** Session (refresh) lifetime, milliseconds. */
  sessionTtlMs: number;
  /** false, a hop count, or the proxies' addresses/CIDRs: what Fastify's trustProxy takes, never `true`. */
  trustProxy: false | number | string[];
  allowedOrigins: string[];
  extensionIds: string[];
  demo: boolean;
  benchRelay: boolean;
  slaSweepMs: number;
  shutdownGraceMs: number;
  logLevel: string;
  /** Per minute; 0 = no limit. */
  rateLimit: number;
  ingestRateLimit: number;
  socketRateLimit: number;
  /** Null: /metrics is public (development) or, in production, not served. */
  metricsToken: string | null;
  /** Null: /docs is public (development) or, in production, not served. */
  docsToken: string | null;
  socketsPerSession: number;
  /** Platform API host → local address (LEEWAY_PLATFORM_HOSTS): fixtures only, empty in production. */
  platformHosts: Record<string, string>;
}

/**
 * What Fastify's `trustProxy` is given. A hop count becomes a function trusting that many hops
 * nearest the server (Fastify 5 ignores a bare number, trusting nothing, since it cannot check
 * the immediate peer): it is for a server reachable only through its proxies; otherwise list them.
 */
export function fastifyTrustProxy(trust: Config['trustProxy']): false | string[] | ((address: string, hop: number) => boolean) {
  return typeof trust === 'number' ? (_address, hop) => hop < trust : trust;
}

/**
 * Reads the environment. A production server refuses to start without its secrets;
 * the demo keeps a generated one beside its database so tokens survive restarts.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const parsed = Env.safeParse(env);
  if (!parsed.success) throw new ConfigError(`Invalid configuration: ${issuesToSentence(describeIssues(parsed.error))}`);
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  if (production) refuseInProduction(e);
  const dbFile = e.LEEWAY_DB_FILE === ':memory:' ? ':memory:' : resolve(e.LEEWAY_DB_FILE);
  const jwtSecret = e.LEEWAY_JWT_SECRET ?? (dbFile === ':memory:' ? randomBytes(32).toString('hex') : localSecret(dbFile, 'jwt-secret'));
  const masterKey = e.LEEWAY_MASTER_KEY ?? (dbFile === ':memory:' ? randomBytes(32).toString('hex') : localSecret(dbFile, 'master-key'));
  const signingKeyText =
    e.LEEWAY_LOG_SIGNING_KEY ?? (dbFile === ':memory:' ? randomBytes(32).toString('hex') : localSecret(dbFile, 'log-signing-key'));
  const logSigningKey = parseSigningKey(signingKeyText);
  if (!logSigningKey) {
    throw new ConfigError(
      `Invalid configuration: LEEWAY_LOG_SIGNING_KEY${e.LEEWAY_LOG_SIGNING_KEY ? '' : ` (kept in ${dbFile}.log-signing-key)`} is not an Ed25519 private key: ${GENERATE_SIGNING_KEY}`,
    );
  }
  return {
    production,
    host: e.LEEWAY_HOST,
    port: e.LEEWAY_PORT,
    dbFile,
    sqliteSync: e.LEEWAY_SQLITE_SYNC,
    database: e.LEEWAY_DATABASE_URL
      ? { kind: 'postgres', url: e.LEEWAY_DATABASE_URL, poolSize: e.LEEWAY_PG_POOL_SIZE }
      : { kind: 'sqlite', file: dbFile, sync: e.LEEWAY_SQLITE_SYNC },
    redisUrl: e.LEEWAY_REDIS_URL ?? null,
    redisPrefix: e.LEEWAY_REDIS_PREFIX,
    jwtSecret,
    masterKey: Buffer.from(masterKey, 'hex'),
    logSigningKey,
    checkpointFile: e.LEEWAY_CHECKPOINT_FILE
      ? resolve(e.LEEWAY_CHECKPOINT_FILE)
      : dbFile === ':memory:'
        ? null
        : `${dbFile}.checkpoints.jsonl`,
    checkpointWitnessUrl: e.LEEWAY_CHECKPOINT_WITNESS_URL ?? null,
    checkpointSweepMs: e.LEEWAY_CHECKPOINT_SWEEP_MS,
    tokenTtlMs: duration('LEEWAY_TOKEN_TTL', e.LEEWAY_TOKEN_TTL),
    sessionTtlMs: duration('LEEWAY_SESSION_TTL', e.LEEWAY_SESSION_TTL),
    trustProxy: e.LEEWAY_TRUST_PROXY,
    allowedOrigins: list(e.LEEWAY_ALLOWED_ORIGINS),
    extensionIds: list(e.LEEWAY_EXTENSION_IDS),
    demo: e.LEEWAY_DEMO === '1',
    benchRelay: e.LEEWAY_BENCH_RELAY === '1',
    slaSweepMs: e.LEEWAY_SLA_SWEEP_MS,
    shutdownGraceMs: e.LEEWAY_SHUTDOWN_GRACE_MS,
    logLevel: e.LEEWAY_LOG_LEVEL,
    rateLimit: e.LEEWAY_RATE_LIMIT,
    ingestRateLimit: e.LEEWAY_INGEST_RATE_LIMIT,
    socketRateLimit: e.LEEWAY_SOCKET_RATE_LIMIT,
    metricsToken: e.LEEWAY_METRICS_TOKEN ?? null,
    docsToken: e.LEEWAY_DOCS_TOKEN ?? null,
    platformHosts: Object.fromEntries(
      list(e.LEEWAY_PLATFORM_HOSTS)
        .map((p) => p.split('=') as [string, string])
        .map(([h, a]) => [h.toLowerCase(), a]),
    ),
    socketsPerSession: e.LEEWAY_SOCKETS_PER_SESSION,
    ...overrides,
  };
}

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
/** "90s", "15m", "12h", "7d" → milliseconds. */
function duration(name: string, value: string): number {
  const m = /^(\d+)\s*(s|m|h|d)$/.exec(value.trim());
  if (!m || Number(m[1]) === 0) throw new ConfigError(`Invalid configuration: ${name}: must be a duration like 30s, 15m, 12h or 7d`);
  return Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
}

function localSecret(dbFile: string, name: string): string {
  const file = `${dbFile}.${name}`;
  if (existsSync(file)) {
    const kept = readFileSync(file, 'utf8').trim();
    if (!kept)
      throw new DbOpenError(
        `${file} is empty (lost in a crash before it reached the disk?): restore it from a backup, or delete it to generate a new one`,
      );
    return kept;
  }
  const secret = randomBytes(32).toString('hex');
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileDurably(file, secret); // on disk before anything is signed or sealed with it
  } catch (error) {
    throw openError(dbFile, error); // it lives beside the database: the same directory fault, said the same way
  }
  return secret;
}
