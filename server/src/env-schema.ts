/**
 * The environment the server reads (loadConfig in config.ts turns it into a Config), and what a
 * production server refuses to start with.
 */
import { isIP } from 'node:net';
import { z } from 'zod';
import { secretWeakness } from './secret-strength';

/** "a, b,,c" → ["a", "b", "c"]. */
export const list = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

/** "0" → false; "2" → 2 hops; "10.0.0.1, 10.1.0.0/16" → that list; null when it is none of these. */
function trustedProxies(value: string): false | number | string[] | null {
  const s = value.trim();
  if (/^\d+$/.test(s)) return Number(s) || false;
  const entries = list(s);
  const valid = (entry: string) => {
    const [address, bits, ...rest] = entry.split('/');
    const family = isIP(address!);
    if (!family || rest.length) return false;
    return bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128));
  };
  return entries.length && entries.every(valid) ? entries : null;
}

/** A setting the server cannot start with; its message is one sentence naming the variable (main.ts prints only that). */
export class ConfigError extends Error {}

export const Env = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LEEWAY_HOST: z.string().default('127.0.0.1'),
  LEEWAY_PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  LEEWAY_DB_FILE: z.string().default('data/leeway.db'),
  /** FULL: every accepted record is on disk before we answer. NORMAL trades power-loss safety for speed. */
  /** postgres://user:pass@host:5432/db moves the data to PostgreSQL; unset keeps the SQLite file. */
  LEEWAY_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/\S+$/, 'must be a postgres:// or postgresql:// URL (leave it unset for the SQLite file)')
    .optional(),
  /** PostgreSQL connections per server process. */
  LEEWAY_PG_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(10),
  /** redis://host:6379 lets several server processes share socket rooms, events and rate limits. */
  LEEWAY_REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\/\S+$/, 'must be a redis:// or rediss:// URL')
    .optional(),
  /** Prefix of every Redis key and stream: deployments sharing one Redis keep apart. */
  LEEWAY_REDIS_PREFIX: z
    .string()
    .regex(/^[\w:.-]{1,64}$/, 'must be 1-64 letters, digits, or : . - _')
    .default('leeway:'),
  LEEWAY_SQLITE_SYNC: z.enum(['FULL', 'NORMAL']).default('FULL'),
  LEEWAY_JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** 64 hex characters: wraps the per-customer keys that encrypt personal data in the log. */
  LEEWAY_MASTER_KEY: z
    .string()
    .regex(/^[0-9a-f]{64}$/i, 'must be 64 hex characters (32 bytes)')
    .optional(),
  /** Signs the log's checkpoints: an Ed25519 PKCS#8 PEM, or its 32-byte seed as 64 hex characters (server/src/log/signing-key.ts). */
  LEEWAY_LOG_SIGNING_KEY: z.string().optional(),
  /** Where signed checkpoints are appended, one JSON line each (default: beside the database file). */
  LEEWAY_CHECKPOINT_FILE: z.string().optional(),
  /** A witness outside the database's reach that each checkpoint is POSTed to (best effort). */
  LEEWAY_CHECKPOINT_WITNESS_URL: z
    .string()
    .url('must be an http(s) URL')
    .regex(/^https?:\/\//, 'must be an http(s) URL')
    .optional(),
  /** How often each tenant's head is checked for a checkpoint due. */
  LEEWAY_CHECKPOINT_SWEEP_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  /** How long an access token lives; the extension refreshes it before then. */
  LEEWAY_TOKEN_TTL: z.string().default('15m'),
  /** How long a sign-in lasts (a shift): refresh tokens stop working after it. */
  LEEWAY_SESSION_TTL: z.string().default('12h'),
  /**
   * Behind reverse proxies: how many hops (usually 1) or which proxy addresses/CIDRs to believe in
   * X-Forwarded-For, so throttling sees the caller's address. Never "all": the leftmost entries are the caller's to forge.
   */
  LEEWAY_TRUST_PROXY: z
    .string()
    .default('0')
    .transform((s, ctx) => {
      const trust = trustedProxies(s);
      if (trust === null) {
        ctx.addIssue({
          code: 'custom',
          message:
            'must be 0, the number of proxies in front of the server (usually 1), or a comma-separated list of proxy addresses or CIDRs',
        });
        return z.NEVER;
      }
      return trust;
    }),
  /** Comma-separated extra origins allowed by CORS (consoles hosted elsewhere). */
  LEEWAY_ALLOWED_ORIGINS: z.string().default(''),
  /** Comma-separated extension ids; in production only these extension origins may call the API. */
  LEEWAY_EXTENSION_IDS: z.string().default(''),
  LEEWAY_DEMO: z.enum(['0', '1']).default('0'),
  /** How often unanswered exception requests are checked against their SLA. */
  LEEWAY_SLA_SWEEP_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  /** A graceful shutdown (SIGTERM/SIGINT) gets this long to finish requests and socket handlers; then it exits 1. */
  LEEWAY_SHUTDOWN_GRACE_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  LEEWAY_BENCH_RELAY: z.enum(['0', '1']).default('0'),
  LEEWAY_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** REST requests per minute per token (per address without one), and socket handshakes per minute per address (counted apart); 0 turns the limits off. */
  LEEWAY_RATE_LIMIT: z.coerce.number().int().min(0).default(600),
  /** Signed webhook requests per minute per ingest key; 0 turns the limit off. */
  LEEWAY_INGEST_RATE_LIMIT: z.coerce.number().int().min(0).default(6000),
  /** Client→server socket events per minute per socket (a token bucket); 0 turns the limit off. */
  LEEWAY_SOCKET_RATE_LIMIT: z.coerce.number().int().min(0).default(600),
  /** When set, GET /metrics requires "Authorization: Bearer <it>"; in production, unset means /metrics is not served. */
  LEEWAY_METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /** When set, /docs requires "Authorization: Bearer <it>"; in production, unset means /docs is not served. */
  LEEWAY_DOCS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /**
   * Local stand-ins for the platforms' API hosts, for fixtures and tests only:
   * "api.aircall.io=127.0.0.1:4601,login.mypurecloud.com=127.0.0.1:4602" sends Leeway's calls to
   * those hosts over plain HTTP to the address given. Refused in production.
   */
  LEEWAY_PLATFORM_HOSTS: z
    .string()
    .default('')
    .refine(
      (v) => v.split(',').every((p) => !p.trim() || /^[a-z0-9.-]+=[\w.-]+:\d{1,5}$/i.test(p.trim())),
      'must be host=address:port pairs separated by commas, like api.aircall.io=127.0.0.1:4601',
    ),
  /** Sockets one sign-in may hold open at once, over every server process (tabs, panels, windows). */
  LEEWAY_SOCKETS_PER_SESSION: z.coerce.number().int().min(1).max(1000).default(10),
});

/** How to make each secret, said when one is missing or weak. */
const GENERATE = {
  LEEWAY_JWT_SECRET: 'openssl rand -base64 48',
  LEEWAY_MASTER_KEY: 'openssl rand -hex 32',
  LEEWAY_METRICS_TOKEN: 'openssl rand -hex 32',
  LEEWAY_DOCS_TOKEN: 'openssl rand -hex 32',
} as const;
export const GENERATE_SIGNING_KEY = 'generate one with `openssl genpkey -algorithm ed25519` (or a seed with `openssl rand -hex 32`)';

/**
 * What production refuses to start with: the demo (its accounts share a published password), the
 * benchmark's unsigned relay, local stand-ins for platforms, and secrets that are missing or
 * guessable. Each refusal names the variable and how to make one.
 */
export function refuseInProduction(e: z.infer<typeof Env>): void {
  if (e.LEEWAY_DEMO === '1') {
    throw new ConfigError(
      'Invalid configuration: --demo (LEEWAY_DEMO=1) is refused in production (NODE_ENV=production), since its accounts share a published password: start the server without it',
    );
  }
  if (e.LEEWAY_BENCH_RELAY === '1')
    throw new ConfigError(
      "Invalid configuration: LEEWAY_BENCH_RELAY=1 is refused in production (NODE_ENV=production): the benchmark's relay pushes anyone's body into any tenant's customer rooms, unsigned; unset it",
    );
  if (e.LEEWAY_PLATFORM_HOSTS.trim())
    throw new ConfigError(
      'Invalid configuration: LEEWAY_PLATFORM_HOSTS is refused in production (NODE_ENV=production): it sends platform credentials to local stand-ins; unset it',
    );
  for (const name of ['LEEWAY_JWT_SECRET', 'LEEWAY_MASTER_KEY'] as const) {
    if (!e[name])
      throw new ConfigError(`Invalid configuration: ${name} is required in production: generate one with \`${GENERATE[name]}\``);
  }
  // Without it the checkpoints would be signed by a key beside the database, which its administrator can read and re-sign with.
  const signing = e.LEEWAY_LOG_SIGNING_KEY;
  if (!signing)
    throw new ConfigError(
      `Invalid configuration: LEEWAY_LOG_SIGNING_KEY is required in production, so the log's checkpoints are signed by a key kept away from the database: ${GENERATE_SIGNING_KEY}`,
    );
  const signingWeakness = signing.trim().startsWith('-----BEGIN') ? null : secretWeakness(signing.trim());
  if (signingWeakness)
    throw new ConfigError(
      `Invalid configuration: LEEWAY_LOG_SIGNING_KEY ${signingWeakness}, too weak for production: ${GENERATE_SIGNING_KEY}`,
    );
  for (const name of Object.keys(GENERATE) as (keyof typeof GENERATE)[]) {
    const value = e[name];
    const weakness = value === undefined ? null : secretWeakness(value);
    if (weakness)
      throw new ConfigError(`Invalid configuration: ${name} ${weakness}, too weak for production: generate one with \`${GENERATE[name]}\``);
  }
}
