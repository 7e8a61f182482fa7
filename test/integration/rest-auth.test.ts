/** Sign-in and token checks on REST routes. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';

let t: TestApp;
beforeAll(async () => (t = await startTestApp()));
afterAll(() => t.close());

describe('POST /v1/auth/sign-in', () => {
  it('returns a signed token carrying tenant, user and role', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/auth/sign-in',
      payload: { email: 'Agent@Acme.test', password: 'leeway-demo' },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.user).toMatchObject({ email: 'agent@acme.test', role: 'agent', tenantName: 'Acme' });
    expect(await t.app.verifyToken(body.token)).toEqual({
      userId: body.user.id,
      tenantId: t.seeded.acme.tenantId,
      role: 'agent',
      sessionId: expect.any(String),
    });
  });
  it('gives one answer for a wrong password and an unknown email', async () => {
    const wrong = await t.app.inject({ method: 'POST', url: '/v1/auth/sign-in', payload: { email: 'agent@acme.test', password: 'nope' } });
    const unknown = await t.app.inject({ method: 'POST', url: '/v1/auth/sign-in', payload: { email: 'who@acme.test', password: 'nope' } });
    expect([wrong.statusCode, unknown.statusCode]).toEqual([401, 401]);
    expect(wrong.json().message).toBe('Email or password is wrong');
    expect(unknown.json().message).toBe('Email or password is wrong');
  });
  it('names each invalid field', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/v1/auth/sign-in', payload: { email: 'x', extra: 1 } });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues).toEqual([
      { path: 'body.email', message: 'must be a valid email address' },
      { path: 'body.password', message: expect.stringMatching(/expected string/i) },
    ]);
  });
});

describe('GET /v1/customers/:id/context', () => {
  const dana = () => t.seeded.acme.customers['dana.whitfield@example.com']!;
  it('refuses a request without a token', async () => {
    const res = await t.app.inject({ url: `/v1/customers/${dana()}/context` });
    expect(res.statusCode).toBe(401);
    expect(res.json().message).toMatch(/Authorization: Bearer/);
  });
  it('refuses a bad token', async () => {
    const res = await t.app.inject({ url: `/v1/customers/${dana()}/context`, headers: { authorization: 'Bearer abc.def.ghi' } });
    expect(res.statusCode).toBe(401);
    expect(res.json().message).toBe('The token is not valid: sign in again');
  });
  it('serves a customer of the caller’s tenant', async () => {
    const res = await t.app.inject({
      url: `/v1/customers/${dana()}/context`,
      headers: { authorization: `Bearer ${await t.token('agent@acme.test')}` },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().customer.name).toBe('Dana Whitfield');
  });
  it('does not serve another tenant’s customer', async () => {
    const res = await t.app.inject({
      url: `/v1/customers/${dana()}/context`,
      headers: { authorization: `Bearer ${await t.token('agent@globex.test')}` },
    });
    expect(res.statusCode).toBe(404);
  });
  it('refuses a role without need', async () => {
    const res = await t.app.inject({
      url: `/v1/customers/${dana()}/context`,
      headers: { authorization: `Bearer ${await t.token('auditor@acme.test')}` },
    });
    expect(res.statusCode).toBe(403);
  });
});
