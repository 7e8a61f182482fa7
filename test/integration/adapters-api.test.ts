/** Declarative helpdesk adapters over REST: who may read and write them, tenancy, and errors that name the field. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';

let t: TestApp;
let tokens: Record<string, string>;
beforeAll(async () => {
  t = await startTestApp();
  const who = ['admin@acme.test', 'agent@acme.test', 'lead@acme.test', 'auditor@acme.test'];
  tokens = Object.fromEntries(await Promise.all(who.map(async (e) => [e, await t.token(e)] as const)));
  const globexAdmin = await t.app.inject({
    method: 'POST',
    url: '/v1/auth/sign-in',
    payload: { email: 'admin@globex.test', password: 'leeway-demo' },
  });
  if (globexAdmin.statusCode === 200) tokens['admin@globex.test'] = globexAdmin.json().token;
});
afterAll(() => t.close());

const acme = {
  name: 'Acme Helpdesk',
  matches: ['https://support.acme-helpdesk.test/*'],
  ticketUrl: '/tickets/(\\d+)',
  selectors: { email: '.requester a[href^="mailto:"]', name: '.requester .name' },
};
const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, as: string, payload?: unknown) =>
  t.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${tokens[as]}` },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });

describe('/v1/adapters', () => {
  it('lets an admin create, list, update and delete; every role of the tenant reads', async () => {
    const created = await call('POST', '/v1/adapters', 'admin@acme.test', acme);
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    expect(created.json()).toMatchObject({ definition: acme });

    for (const who of ['agent@acme.test', 'lead@acme.test', 'auditor@acme.test']) {
      const list = await call('GET', '/v1/adapters', who);
      expect(list.statusCode, who).toBe(200);
      expect(list.json().map((a: { id: string }) => a.id)).toEqual([id]);
    }

    const urlOnly = { name: 'Acme Helpdesk', matches: acme.matches, ticketUrl: '/tickets/(?<id>\\d+)\\?customer=(?<email>[^&]+)' };
    const updated = await call('PUT', `/v1/adapters/${id}`, 'admin@acme.test', urlOnly);
    expect(updated.statusCode).toBe(200);
    expect(updated.json().definition).toEqual(urlOnly);

    expect((await call('DELETE', `/v1/adapters/${id}`, 'admin@acme.test')).statusCode).toBe(204);
    expect((await call('GET', '/v1/adapters', 'agent@acme.test')).json()).toEqual([]);
    expect((await call('DELETE', `/v1/adapters/${id}`, 'admin@acme.test')).statusCode).toBe(404);
  });

  it('refuses writes by anyone but an admin, and reads without a token', async () => {
    for (const who of ['agent@acme.test', 'lead@acme.test', 'auditor@acme.test']) {
      expect((await call('POST', '/v1/adapters', who, acme)).statusCode, who).toBe(403);
    }
    expect((await t.app.inject({ url: '/v1/adapters' })).statusCode).toBe(401);
  });

  it('keeps tenants apart', async () => {
    const created = await call('POST', '/v1/adapters', 'admin@acme.test', { ...acme, name: 'Tenant test' });
    expect(created.statusCode).toBe(201);
    {
      expect((await call('GET', '/v1/adapters', 'admin@globex.test')).json()).toEqual([]);
      expect((await call('PUT', `/v1/adapters/${created.json().id}`, 'admin@globex.test', acme)).statusCode).toBe(404);
      expect((await call('DELETE', `/v1/adapters/${created.json().id}`, 'admin@globex.test')).statusCode).toBe(404);
    }
    expect((await call('POST', '/v1/adapters', 'admin@acme.test', { ...acme, name: 'Tenant test' })).json().message).toMatch(
      /^name: an adapter named "Tenant test" already exists/,
    );
    await call('DELETE', `/v1/adapters/${created.json().id}`, 'admin@acme.test');
  });

  it('names the field and the reason of each invalid part', async () => {
    const res = await call('POST', '/v1/adapters', 'admin@acme.test', {
      name: '',
      matches: ['https://*/*', 'support.example.com'],
      ticketUrl: '/tickets/\\d+',
      selectors: { email: 'a[href', name: '.x { color: red }' },
    });
    expect(res.statusCode).toBe(400);
    const issues = res.json().issues as { path: string; message: string }[];
    const at = (path: string) => issues.find((i) => i.path === path)?.message;
    expect(at('body.name')).toBe('must not be empty');
    expect(at('body.matches.0')).toMatch(/must name a site/);
    expect(at('body.matches.1')).toMatch(/must be a match pattern/);
    expect(at('body.ticketUrl')).toMatch(/must have a capture group for the ticket id/);
    expect(at('body.selectors.email')).toMatch(/unclosed "\["/);
    expect(at('body.selectors.name')).toMatch(/not a style rule/);
  });

  it('refuses wildcard hosts, routes in match patterns, regexes that can hang a tab, and selectors no browser reads, saying what to write', async () => {
    const res = await call('POST', '/v1/adapters', 'admin@acme.test', {
      name: 'Too wide',
      matches: [
        'https://*.com/*',
        'https://*.co.uk/*',
        'https://*.zendesk.com/*',
        'https://support.acme-helpdesk.test/#/tickets/*',
        'https://support.acme-helpdesk.test/app?view=*',
      ],
      ticketUrl: '/tickets/(\\d+)/((a+)+)$',
      selectors: { email: 'x-card >>> .email', name: 'x-card /deep/ .name', activeScope: 'x-app >> inside >> .pane' },
    });
    expect(res.statusCode).toBe(400);
    const issues = res.json().issues as { path: string; message: string }[];
    const at = (path: string) => issues.find((i) => i.path === path)?.message;
    expect(at('body.matches.0')).toMatch(/^must name exact hosts: "\*\.com" .*list each of your helpdesk's hosts/);
    expect(at('body.matches.1')).toMatch(/^must name exact hosts: "\*\.co\.uk"/);
    expect(at('body.matches.2')).toMatch(/^must name exact hosts: "\*\.zendesk\.com" .*e\.g\. https:\/\/support\.zendesk\.com\/\*/);
    expect(at('body.matches.3')).toMatch(/hash route.*never see them.*put the route in ticketUrl/);
    expect(at('body.matches.4')).toMatch(/query.*never see them.*put the route in ticketUrl/);
    expect(at('body.ticketUrl')).toMatch(/may backtrack catastrophically/);
    expect(at('body.selectors.email')).toMatch(/">>>".*write "host-selector >> shadow >> inner-selector"/);
    expect(at('body.selectors.name')).toMatch(/"\/deep\/".*write "host-selector >> shadow >> inner-selector"/);
    expect(at('body.selectors.activeScope')).toMatch(/"inside" after ">>", where only frame or shadow may stand/);
    expect((await call('GET', '/v1/adapters', 'admin@acme.test')).json()).toEqual([]);
  });

  it('accepts selectors that enter frames and shadow roots, and a ticket-keyed scope', async () => {
    const deep = {
      ...acme,
      name: 'Deep',
      selectors: { activeScope: 'iframe#desk >> frame >> .pane[data-ticket="{id}"]', email: 'x-card >> shadow >> a[href^="mailto:"]' },
    };
    const created = await call('POST', '/v1/adapters', 'admin@acme.test', deep);
    expect(created.statusCode).toBe(201);
    expect(created.json().definition).toEqual(deep);
    await call('DELETE', `/v1/adapters/${created.json().id}`, 'admin@acme.test');
  });

  it('requires a way to read the requester', async () => {
    const res = await call('POST', '/v1/adapters', 'admin@acme.test', { name: 'X', matches: acme.matches, ticketUrl: '/t/(\\d+)' });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues).toEqual([{ path: 'body.selectors', message: expect.stringMatching(/at least one requester selector/) }]);
  });
});
