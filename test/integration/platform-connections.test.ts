/**
 * An admin connects the tenant to a platform Leeway calls out to (issue 22): settings are checked
 * in words and read back; the secret is sealed at rest and never read back, nor written to the
 * audit log; keeping it takes no resend; another tenant sees none of it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const SECRET = 'genesys-client-secret-123';
const as = async (email: string, method: 'GET' | 'PUT' | 'DELETE', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: { authorization: `Bearer ${await t.token(email)}` }, ...(payload && { payload }) });

describe('platform connections', () => {
  it('are set by an admin, read back without the secret, and audited without it', async () => {
    const put = await as('admin@acme.test', 'PUT', '/v1/settings/platforms/genesys', {
      settings: { region: 'mypurecloud.ie', clientId: 'leeway' },
      secret: { clientSecret: SECRET },
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toMatchObject({ platform: 'genesys', settings: { region: 'mypurecloud.ie', clientId: 'leeway' }, secretSet: true });
    const list = await as('admin@acme.test', 'GET', '/v1/settings/platforms');
    expect(list.json().connections).toEqual([expect.objectContaining({ platform: 'genesys', secretSet: true })]);
    const raw = await t.raw();
    const row = await raw.one<{ secret: string }>('select secret from platform_connections where platform = ?', 'genesys');
    expect(row!.secret).toMatch(/^sealed:v1:/);
    const audit = JSON.stringify(await raw.all("select * from audit_log where action like 'platform.%'"));
    expect(audit).toContain('platform:genesys');
    for (const body of [put.body, list.body, audit]) expect(body).not.toContain(SECRET);

    // A change of settings alone keeps the secret.
    const moved = await as('admin@acme.test', 'PUT', '/v1/settings/platforms/genesys', {
      settings: { region: 'mypurecloud.de', clientId: 'leeway' },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect((await t.app.repos.platformConnections.get(t.seeded.acme.tenantId, 'genesys'))?.secret).toEqual({ clientSecret: SECRET });
    expect((await as('admin@globex.test', 'GET', '/v1/settings/platforms')).json()).toEqual({ connections: [] });
  });

  it('say what is wrong, and a first connection needs its secret', async () => {
    const bad = await as('admin@acme.test', 'PUT', '/v1/settings/platforms/genesys', {
      settings: { region: 'example.com', clientId: '' },
      secret: { clientSecret: 'short' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain("body.settings.region: must be one of Genesys Cloud's regions");
    expect(bad.json().message).toContain('body.settings.clientId: is required');
    const noSecret = await as('admin@acme.test', 'PUT', '/v1/settings/platforms/aircall', { settings: { apiId: 'x' } });
    expect(noSecret.json().message).toContain('body.secret: is required the first time aircall is connected');
    const unknown = await as('admin@acme.test', 'PUT', '/v1/settings/platforms/five9', { settings: {} });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().message).toContain('must be one of: genesys, aircall');
    expect((await as('agent@acme.test', 'GET', '/v1/settings/platforms')).statusCode).toBe(403);
  });

  it('are removed by an admin', async () => {
    expect((await as('admin@acme.test', 'DELETE', '/v1/settings/platforms/genesys')).statusCode).toBe(204);
    expect((await as('admin@acme.test', 'DELETE', '/v1/settings/platforms/genesys')).statusCode).toBe(404);
    expect(await t.app.repos.platformConnections.get(t.seeded.acme.tenantId, 'genesys')).toBeNull();
  });
});
