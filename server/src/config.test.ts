import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config';
import { allowedOrigin } from './plugins/external/cors';

describe('loadConfig', () => {
  it('refuses to start in production without a signing secret', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', LEEWAY_DB_FILE: ':memory:' })).toThrow(
      'LEEWAY_JWT_SECRET is required in production: generate one with `openssl rand -base64 48`',
    );
  });
  it('names a bad setting', () => {
    expect(() => loadConfig({ LEEWAY_PORT: 'eighty', LEEWAY_DB_FILE: ':memory:' })).toThrow(/LEEWAY_PORT/);
    expect(() => loadConfig({ LEEWAY_JWT_SECRET: 'short', LEEWAY_DB_FILE: ':memory:' })).toThrow(
      'LEEWAY_JWT_SECRET: must be at least 32 characters',
    );
  });
});

describe('loadConfig in production', () => {
  // Generated as the messages say (openssl rand): what production accepts.
  const strong = {
    LEEWAY_JWT_SECRET: randomBytes(48).toString('base64'),
    LEEWAY_MASTER_KEY: randomBytes(32).toString('hex'),
    LEEWAY_LOG_SIGNING_KEY: randomBytes(32).toString('hex'),
  };
  const prod = (env: Record<string, string> = {}) => loadConfig({ NODE_ENV: 'production', LEEWAY_DB_FILE: ':memory:', ...strong, ...env });

  it('starts with generated secrets and tokens', () => {
    expect(
      prod({ LEEWAY_METRICS_TOKEN: randomBytes(32).toString('hex'), LEEWAY_DOCS_TOKEN: randomBytes(32).toString('hex') }).production,
    ).toBe(true);
  });
  it('refuses the demo, with why and what to do', () => {
    expect(() => prod({ LEEWAY_DEMO: '1' })).toThrow(
      'Invalid configuration: --demo (LEEWAY_DEMO=1) is refused in production (NODE_ENV=production), since its accounts share a published password: start the server without it',
    );
    expect(loadConfig({ LEEWAY_DB_FILE: ':memory:', LEEWAY_DEMO: '1' }).demo).toBe(true);
  });
  it("refuses the benchmark's unsigned relay", () => {
    expect(() => prod({ LEEWAY_BENCH_RELAY: '1' })).toThrow('LEEWAY_BENCH_RELAY=1 is refused in production');
    expect(loadConfig({ LEEWAY_DB_FILE: ':memory:', LEEWAY_BENCH_RELAY: '1' }).benchRelay).toBe(true);
  });
  it('refuses local stand-ins for platform hosts, and reads them outside production', () => {
    expect(() => prod({ LEEWAY_PLATFORM_HOSTS: 'api.aircall.io=127.0.0.1:4601' })).toThrow(
      'LEEWAY_PLATFORM_HOSTS is refused in production',
    );
    expect(loadConfig({ LEEWAY_DB_FILE: ':memory:', LEEWAY_PLATFORM_HOSTS: 'API.Aircall.io=127.0.0.1:4601' }).platformHosts).toEqual({
      'api.aircall.io': '127.0.0.1:4601',
    });
    expect(() => loadConfig({ LEEWAY_DB_FILE: ':memory:', LEEWAY_PLATFORM_HOSTS: 'api.aircall.io' })).toThrow(
      'must be host=address:port pairs',
    );
  });

  it('says how to generate a missing secret', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', LEEWAY_DB_FILE: ':memory:', LEEWAY_JWT_SECRET: strong.LEEWAY_JWT_SECRET })).toThrow(
      'Invalid configuration: LEEWAY_MASTER_KEY is required in production: generate one with `openssl rand -hex 32`',
    );
  });
  it('refuses to start without the log signing key, or with one that is not an Ed25519 key', () => {
    const { LEEWAY_LOG_SIGNING_KEY: _, ...withoutKey } = strong;
    expect(() => loadConfig({ NODE_ENV: 'production', LEEWAY_DB_FILE: ':memory:', ...withoutKey })).toThrow(
      "Invalid configuration: LEEWAY_LOG_SIGNING_KEY is required in production, so the log's checkpoints are signed by a key kept away from the database: generate one with `openssl genpkey -algorithm ed25519` (or a seed with `openssl rand -hex 32`)",
    );
    expect(() => prod({ LEEWAY_LOG_SIGNING_KEY: 'ab'.repeat(32) })).toThrow(
      'LEEWAY_LOG_SIGNING_KEY repeats the same 2 characters, too weak for production',
    );
    expect(() => prod({ LEEWAY_LOG_SIGNING_KEY: randomBytes(32).toString('base64') })).toThrow(
      'LEEWAY_LOG_SIGNING_KEY is not an Ed25519 private key',
    );
    const pem = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }) as string;
    expect(prod({ LEEWAY_LOG_SIGNING_KEY: pem }).logSigningKey.keyId).toMatch(/^[0-9a-f]{16}$/);
  });
  it('refuses weak secrets, naming the variable, why, and how to generate one', () => {
    const weak: [Record<string, string>, string][] = [
      [
        { LEEWAY_JWT_SECRET: 'a'.repeat(48) },
        'LEEWAY_JWT_SECRET repeats the same 1 character, too weak for production: generate one with `openssl rand -base64 48`',
      ],
      [{ LEEWAY_JWT_SECRET: 'hunter2-'.repeat(6) }, 'LEEWAY_JWT_SECRET repeats the same 8 characters'],
      [
        { LEEWAY_JWT_SECRET: 'our-leeway-jwt-secret-for-the-prod-cluster' },
        'LEEWAY_JWT_SECRET looks like a placeholder or a word, not a generated secret',
      ],
      [
        { LEEWAY_JWT_SECRET: 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ' },
        'LEEWAY_JWT_SECRET is mostly a run of neighbouring characters',
      ],
      [
        { LEEWAY_JWT_SECRET: 'xqmdqxdmmxqdxqdmqmxddqxmmdxqqdmxxmqdqdxm' },
        'LEEWAY_JWT_SECRET uses too few different characters to be random',
      ],
      [
        { LEEWAY_MASTER_KEY: 'ab'.repeat(32) },
        'LEEWAY_MASTER_KEY repeats the same 2 characters, too weak for production: generate one with `openssl rand -hex 32`',
      ],
      [
        { LEEWAY_METRICS_TOKEN: 'metrics-token-123' },
        'LEEWAY_METRICS_TOKEN is shorter than 32 characters, too weak for production: generate one with `openssl rand -hex 32`',
      ],
      [{ LEEWAY_DOCS_TOKEN: 'x'.repeat(40) }, 'LEEWAY_DOCS_TOKEN repeats the same 1 character'],
    ];
    for (const [env, message] of weak) expect(() => prod(env), message).toThrow(message);
  });
  it('leaves development and tests as they were', () => {
    expect(
      loadConfig({ LEEWAY_DB_FILE: ':memory:', LEEWAY_MASTER_KEY: 'ab'.repeat(32), LEEWAY_METRICS_TOKEN: 'metrics-token-123' }),
    ).toMatchObject({ production: false, metricsToken: 'metrics-token-123', docsToken: null });
  });
});

describe('allowedOrigin', () => {
  const dev = { production: false, extensionIds: [], allowedOrigins: ['https://console.example.com'] };
  const prod = { production: true, extensionIds: ['abcdefghijklmnop'], allowedOrigins: [] };
  it('admits the extension and configured consoles, nothing else', () => {
    expect(allowedOrigin(dev, 'chrome-extension://anyid')).toBe(true);
    expect(allowedOrigin(dev, 'https://console.example.com')).toBe(true);
    expect(allowedOrigin(dev, 'https://evil.example')).toBe(false);
    expect(allowedOrigin(prod, 'chrome-extension://abcdefghijklmnop')).toBe(true);
    expect(allowedOrigin(prod, 'chrome-extension://otherid')).toBe(false);
  });
});
