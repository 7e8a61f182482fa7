/**
 * Production defaults that are not public: /metrics and /docs are served only with their bearer
 * tokens (or not at all), the demo is refused, and the process says why in one sentence.
 * Development keeps them public (metrics.test.ts, openapi.test.ts).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';
import { bundled } from '../support/bundled';

const ROOT = resolve(import.meta.dirname, '../..');
const secrets = () => ({
  NODE_ENV: 'production',
  LEEWAY_JWT_SECRET: randomBytes(48).toString('base64'),
  LEEWAY_MASTER_KEY: randomBytes(32).toString('hex'),
  LEEWAY_LOG_SIGNING_KEY: randomBytes(32).toString('hex'),
});
const METRICS_TOKEN = randomBytes(32).toString('hex');
const DOCS_TOKEN = randomBytes(32).toString('hex');
const DOCS = ['/docs', '/docs/json', '/docs/yaml', '/docs/static/index.html'];

let bare: TestApp;
let guarded: TestApp;
beforeAll(async () => {
  [bare, guarded] = await Promise.all([
    startTestApp(secrets()),
    startTestApp({ ...secrets(), LEEWAY_METRICS_TOKEN: METRICS_TOKEN, LEEWAY_DOCS_TOKEN: DOCS_TOKEN }),
  ]);
});
afterAll(() => Promise.all([bare?.close(), guarded?.close()]));

describe('production without operator tokens', () => {
  it('serves neither /metrics nor /docs, and answers in the API’s error shape', async () => {
    for (const url of ['/metrics', ...DOCS]) {
      const res = await bare.app.inject({ url });
      expect(res.statusCode, url).toBe(404);
      expect(res.json(), url).toMatchObject({ statusCode: 404, error: 'Not Found' });
    }
    // The API itself is unaffected.
    expect((await bare.app.inject({ url: '/health' })).statusCode).toBe(200);
  });
});

describe('production with LEEWAY_METRICS_TOKEN and LEEWAY_DOCS_TOKEN', () => {
  it('serves /metrics only with its bearer token', async () => {
    const none = await guarded.app.inject({ url: '/metrics' });
    expect(none.statusCode).toBe(401);
    expect(none.json().message).toBe('Metrics require "Authorization: Bearer <LEEWAY_METRICS_TOKEN>"');
    expect((await guarded.app.inject({ url: '/metrics', headers: { authorization: `Bearer ${DOCS_TOKEN}` } })).statusCode).toBe(401);
    const ok = await guarded.app.inject({ url: '/metrics', headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('leeway_connected_sockets');
  });

  it('serves /docs only with its bearer token', async () => {
    for (const url of DOCS) {
      const none = await guarded.app.inject({ url });
      expect(none.statusCode, url).toBe(401);
      expect(none.json(), url).toEqual({
        statusCode: 401,
        error: 'Unauthorized',
        message: 'The API documentation requires "Authorization: Bearer <LEEWAY_DOCS_TOKEN>"',
      });
      expect((await guarded.app.inject({ url, headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).statusCode, url).toBe(401);
      expect([200, 302], url).toContain((await guarded.app.inject({ url, headers: { authorization: `Bearer ${DOCS_TOKEN}` } })).statusCode);
    }
    const doc = await guarded.app.inject({ url: '/docs/json', headers: { authorization: `Bearer ${DOCS_TOKEN}` } });
    expect(doc.json().openapi).toMatch(/^3\./);
  });
});

describe('the server process in production', () => {
  /** Runs server/src/main.ts with `args` and `env` until it exits (or is stopped once it listens); its exit code and output. */
  const run = async (args: string[], env: Record<string, string>) => {
    const entry = await bundled('server/src/main.ts');
    return new Promise<{ code: number | null; output: string }>((done) => {
      const child = spawn(process.execPath, [entry, ...args], {
        cwd: ROOT,
        env: { ...process.env, LEEWAY_DB_FILE: ':memory:', LEEWAY_PORT: '0', LEEWAY_LOG_LEVEL: 'silent', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (d) => {
        output += d;
        // Started when it should have refused: stop it, and let the assertions say so.
        if (/listening on/.test(output)) child.kill('SIGKILL');
      });
      child.stderr.on('data', (d) => (output += d));
      child.once('exit', (code) => done({ code, output }));
    });
  };

  it('refuses --demo with one sentence, no stack trace', async () => {
    const { code, output } = await run(['--demo'], secrets());
    expect(code).toBe(1);
    expect(output.trim()).toBe(
      'Invalid configuration: --demo (LEEWAY_DEMO=1) is refused in production (NODE_ENV=production), since its accounts share a published password: start the server without it',
    );
  });

  it('refuses a weak secret, naming it and how to generate one', async () => {
    const { code, output } = await run([], { ...secrets(), LEEWAY_JWT_SECRET: 'a'.repeat(48) });
    expect(code).toBe(1);
    expect(output.trim()).toBe(
      'Invalid configuration: LEEWAY_JWT_SECRET repeats the same 1 character, too weak for production: generate one with `openssl rand -base64 48`',
    );
  });
});
