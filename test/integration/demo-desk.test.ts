/**
 * The demo desk on the server: served in demo mode only, as static files under a strict CSP; the
 * demo tenant (and only it) pins the desk's host once the server listens, so an interaction from
 * the desk is taken for acme and refused, as from any host, where the tenant did not pin it.
 */
import { unpinnedHostMessage } from '@shared/schemas/helpdesk-hosts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deskInstance } from '../../server/src/demo/desk/pin-host';
import { DESK_CSP, demoDeskUrl } from '../../server/src/routes/demo-desk';
import { startTestApp, type TestApp } from '../support/app';

let demo: TestApp;
let plain: TestApp;
let desk: string;

const hostsOf = async (t: TestApp, email: string) =>
  (await t.app.inject({ method: 'GET', url: '/v1/helpdesk-hosts', headers: { authorization: `Bearer ${await t.token(email)}` } })).json()
    .hosts as string[];

beforeAll(async () => {
  [demo, plain] = await Promise.all([startTestApp({ LEEWAY_DEMO: '1' }), startTestApp()]);
  desk = new URL(demo.url).host;
  // Pinned once the server listens, in the background of its start.
  for (const until = Date.now() + 10_000; !(await hostsOf(demo, 'agent@acme.test')).includes(desk); ) {
    if (Date.now() > until) throw new Error(`the demo tenant does not pin ${desk}`);
    await new Promise((r) => setTimeout(r, 50));
  }
});
afterAll(async () => {
  await Promise.all([demo?.close(), plain?.close()]);
});

describe('the demo desk', () => {
  it('is not served without demo mode, and pins nothing there', async () => {
    for (const url of ['/demo/desk', '/demo/desk/tickets/101', '/demo/desk/assets/desk.js'])
      expect((await plain.app.inject({ method: 'GET', url })).statusCode, url).toBe(404);
    expect((await hostsOf(plain, 'agent@acme.test')).filter((h) => h.startsWith('127.0.0.1'))).toEqual([]);
  });

  it('serves every ticket address the same page, under a CSP that admits only its own files', async () => {
    const res = await demo.app.inject({ method: 'GET', url: '/demo/desk/tickets/104' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-security-policy']).toBe(DESK_CSP);
    expect(DESK_CSP).toMatch(/default-src 'none'; script-src 'self'; style-src 'self'/);
    expect(res.body).toContain('<body data-leeway-demo-desk>');
    const page = res.body;
    expect((await demo.app.inject({ method: 'GET', url: '/demo/desk/tickets/101' })).body).toBe(page);

    const redirect = await demo.app.inject({ method: 'GET', url: '/demo/desk' });
    expect(redirect.statusCode).toBe(302);
    expect(redirect.headers.location).toBe('/demo/desk/tickets/101');
  });

  it('loads nothing from elsewhere: no inline script or style, no other origin', async () => {
    const files = await Promise.all(
      ['/demo/desk/tickets/101', '/demo/desk/assets/desk.js', '/demo/desk/assets/tickets.js', '/demo/desk/assets/desk.css'].map(
        async (url) => {
          const res = await demo.app.inject({ method: 'GET', url });
          expect(res.statusCode, url).toBe(200);
          expect(res.headers['content-security-policy'], url).toBe(DESK_CSP);
          return res.body;
        },
      ),
    );
    const [html, js, tickets, css] = files as [string, string, string, string];
    expect(html.match(/<script[^>]*>/g)).toEqual(['<script type="module" src="/demo/desk/assets/desk.js">']);
    expect(html).not.toMatch(/<style|style=|\son[a-z]+=/i);
    for (const text of files) expect(text).not.toMatch(/(?:src|href)=["']?(?:https?:)?\/\/|url\(|@import/i);
    expect(js).toContain("from './tickets.js'");
    expect(tickets).toContain('dana.whitfield@example.com');
    expect(css).toContain('.requester-card');
  });

  it('refuses a file it does not have, and an address that is not a ticket number, in words', async () => {
    const missing = await demo.app.inject({ method: 'GET', url: '/demo/desk/assets/server.ts' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().message).toBe('The demo desk has no file server.ts');
    expect((await demo.app.inject({ method: 'GET', url: '/demo/desk/assets/..%2Fpin-host.ts' })).statusCode).toBe(404);
    const bad = await demo.app.inject({ method: 'GET', url: '/demo/desk/tickets/abc' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toBe('params.id: must be a ticket number, like 101');
  });

  it('is pinned for the demo tenant only', async () => {
    expect(await hostsOf(demo, 'agent@globex.test')).toEqual(['globex.zendesk.com']);
  });

  it('an interaction from the desk is taken for acme, and refused for a tenant or a port not pinned', async () => {
    const open = async (email: string, instance: string) => {
      const { socket, error } = await demo.socket(await demo.token(email));
      expect(error).toBeUndefined();
      return socket.emitWithAck('interaction:open', {
        helpdesk: 'demo-desk',
        instance,
        ticketId: '101',
        requester: { email: 'dana.whitfield@example.com', name: 'Dana Whitfield', helpdeskId: '9001' },
      }) as Promise<{ data?: { status: string; context?: { customer: { id: string } } }; error?: string }>;
    };
    const known = await open('agent@acme.test', desk);
    expect(known.data?.status).toBe('known');
    expect(known.data?.context?.customer.id).toBe(demo.seeded.acme.customers['dana.whitfield@example.com']);
    expect(await open('agent@globex.test', desk)).toEqual({ error: unpinnedHostMessage(desk) });
    expect(await open('agent@acme.test', '127.0.0.1:1')).toEqual({ error: unpinnedHostMessage('127.0.0.1:1') });
  });

  it('names the URL to open and the host a browser reaches it at', () => {
    expect(demoDeskUrl('http://127.0.0.1:4000')).toBe('http://127.0.0.1:4000/demo/desk/tickets/101');
    expect(demoDeskUrl('http://127.0.0.1:4000/')).toBe('http://127.0.0.1:4000/demo/desk/tickets/101');
    expect(deskInstance({ address: '127.0.0.1', family: 'IPv4', port: 4000 })).toBe('127.0.0.1:4000');
    expect(deskInstance({ address: '0.0.0.0', family: 'IPv4', port: 4000 })).toBe('127.0.0.1:4000');
    expect(deskInstance({ address: '::', family: 'IPv6', port: 4000 })).toBe('127.0.0.1:4000');
    expect(deskInstance({ address: '::1', family: 'IPv6', port: 4000 })).toBe('localhost:4000');
    expect(deskInstance({ address: 'fe80::1', family: 'IPv6', port: 4000 })).toBeNull();
    expect(deskInstance('/tmp/leeway.sock')).toBeNull();
  });
});
