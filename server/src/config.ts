import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { describeIssues, issuesToSentence } from '../../shared/validate';

const Env = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LEEWAY_HOST: z.string().default('127.0.0.1'),
  LEEWAY_PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  LEEWAY_DB_FILE: z.string().default('data/leeway.db'),
  /** FULL: every accepted record is on disk before we answer. NORMAL trades power-loss safety for speed. */
  LEEWAY_SQLITE_SYNC: z.enum(['FULL', 'NORMAL']).default('FULL'),
  LEEWAY_JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** 64 hex characters: wraps the per-customer keys that encrypt personal data in the log. */
  LEEWAY_MASTER_KEY: z.string().regex(/^[0-9a-f]{64}$/i, 'must be 64 hex characters (32 bytes)').optional(),
  LEEWAY_TOKEN_TTL: z.string().default('12h'),
  /** Comma-separated extra origins allowed by CORS (consoles hosted elsewhere). */
  LEEWAY_ALLOWED_ORIGINS: z.string().default(''),
  /** Comma-separated extension ids; in production only these extension origins may call the API. */
  LEEWAY_EXTENSION_IDS: z.string().default(''),
  LEEWAY_DEMO: z.enum(['0', '1']).default('0'),
  /** How often unanswered exception requests are checked against their SLA. */
  LEEWAY_SLA_SWEEP_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  LEEWAY_BENCH_RELAY: z.enum(['0', '1']).default('0'),
  LEEWAY_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface Config {
  production: boolean;
  host: string;
  port: number;
  dbFile: string;
  sqliteSync: 'FULL' | 'NORMAL';
  jwtSecret: string;
  masterKey: Buffer;
  tokenTtl: string;
  allowedOrigins: string[];
  extensionIds: string[];
  demo: boolean;
  benchRelay: boolean;
  slaSweepMs: number;
  logLevel: string;
}

const list = (s: string) => s.split(',').map((x) => x.trim()).filter(Boolean);

/**
 * Reads the environment. A production server refuses to start without its secrets;
 * the demo keeps a generated one beside its database so tokens survive restarts.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const parsed = Env.safeParse(env);
  if (!parsed.success) throw new Error(`Invalid configuration: ${issuesToSentence(describeIssues(parsed.error))}`);
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  const dbFile = e.LEEWAY_DB_FILE === ':memory:' ? ':memory:' : resolve(e.LEEWAY_DB_FILE);
  let jwtSecret = e.LEEWAY_JWT_SECRET;
  if (!jwtSecret) {
    if (production) throw new Error('Invalid configuration: LEEWAY_JWT_SECRET is required in production');
    jwtSecret = dbFile === ':memory:' ? randomBytes(32).toString('hex') : localSecret(dbFile, 'jwt-secret');
  }
  let masterKey = e.LEEWAY_MASTER_KEY;
  if (!masterKey) {
    if (production) throw new Error('Invalid configuration: LEEWAY_MASTER_KEY is required in production');
    masterKey = dbFile === ':memory:' ? randomBytes(32).toString('hex') : localSecret(dbFile, 'master-key');
  }
  return {
    production,
    host: e.LEEWAY_HOST,
    port: e.LEEWAY_PORT,
    dbFile,
    sqliteSync: e.LEEWAY_SQLITE_SYNC,
    jwtSecret,
    masterKey: Buffer.from(masterKey, 'hex'),
    tokenTtl: e.LEEWAY_TOKEN_TTL,
    allowedOrigins: list(e.LEEWAY_ALLOWED_ORIGINS),
    extensionIds: list(e.LEEWAY_EXTENSION_IDS),
    demo: e.LEEWAY_DEMO === '1',
    benchRelay: e.LEEWAY_BENCH_RELAY === '1',
    slaSweepMs: e.LEEWAY_SLA_SWEEP_MS,
    logLevel: e.LEEWAY_LOG_LEVEL,
    ...overrides,
  };
}

function localSecret(dbFile: string, name: string): string {
  const file = `${dbFile}.${name}`;
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dirname(file), { recursive: true });
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
