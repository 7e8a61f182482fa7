/**
 * Security headers: the API's answers may not be rendered, framed, sniffed or cached; HSTS
 * only over https (here: a trusted proxy's X-Forwarded-Proto); the docs UI gets a CSP that
 * lets its own scripts run and nothing from elsewhere.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HSTS } from '../../server/src/plugins/external/security-headers';
import { startTestApp, type TestApp } from '../support/app';

const API_CSP = "default-src 'none';frame-ancestors 'none'";

let t: TestApp;
let proxied: TestApp;
let token: string;
beforeAll(async () => {
  [t, proxied] = await Promise.all([startTestApp(), startTestApp({ LEEWAY_TRUST_PROXY: '1' })]);
  token = await t.token('agent@acme.test');
});
afterAll(() => Promise.all([t?.close(), proxied?.close()]));

function expectApiHeaders(headers: Record<string, unknown>) {
  expect(headers).toMatchObject({
    'content-security-policy': API_CSP,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cross-origin-resource-policy': 'same-origin',
    'cache-control': 'no-store',
  });
}

describe('JSON answers', () => {
  it('carry the strict headers on success, refusal and unknown routes alike', async () => {
    const ok = await t.app.inject({ url: '/v1/policy', headers: { authorization: `Bearer ${token}` } });
    expect(ok.statusCode).toBe(200);
    expectApiHeaders(ok.headers);
    const refused = await t.app.inject({ url: '/v1/policy' });
    expect(refused.statusCode).toBe(401);
    expectApiHeaders(refused.headers);
    const missing = await t.app.inject({ url: '/nothing-here' });
    expect(missing.statusCode).toBe(404);
    expectApiHeaders(missing.headers);
    expect(ok.headers['x-powered-by']).toBeUndefined();
  });

  it('send HSTS only over https', async () => {
    expect((await t.app.inject({ url: '/health' })).headers['strict-transport-security']).toBeUndefined();
    // Without a trusted proxy, anyone could claim https: ignored.
    expect(
      (await t.app.inject({ url: '/health', headers: { 'x-forwarded-proto': 'https' } })).headers['strict-transport-security'],
    ).toBeUndefined();
    expect(
      (await proxied.app.inject({ url: '/health', headers: { 'x-forwarded-proto': 'https' } })).headers['strict-transport-security'],
    ).toBe(HSTS);
    expect(
      (await proxied.app.inject({ url: '/health', headers: { 'x-forwarded-proto': 'http' } })).headers['strict-transport-security'],
    ).toBeUndefined();
  });

  it('reach a real HTTP client too', async () => {
    const res = await fetch(`${t.url}/health`);
    expect(res.headers.get('content-security-policy')).toBe(API_CSP);
    expect(res.headers.get('x-frame-options')).toBe('DENY');
  });
});

describe('the docs UI', () => {
  it('gets its own CSP: its scripts from this server only, no framing, nothing inline or remote', async () => {
    const page = await t.app.inject({ url: '/docs' });
    expect(page.statusCode).toBe(200);
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/unsafe-eval|https?:|\*/);
    expect(csp.match(/script-src [^;]*/)![0]).not.toContain('unsafe-inline');
    expect(page.headers['x-frame-options']).toBe('DENY');
    // Every script and stylesheet comes from this server (the package's own files), none from a CDN.
    const refs = [...page.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(2);
    for (const ref of refs) expect(ref).toMatch(/^(\.\/|\/docs\/)static\//);
    const bundle = await t.app.inject({ url: '/docs/static/swagger-ui-bundle.js' });
    expect(bundle.statusCode).toBe(200);
    expect(bundle.headers['content-type']).toMatch(/javascript/);
  });

  it('does not loosen the API routes', async () => {
    await t.app.inject({ url: '/docs' });
    expectApiHeaders((await t.app.inject({ url: '/health' })).headers);
  });
});
