/**
 * Genesys Cloud's interaction widget (issue 22): the panel opened from Leeway's widget page takes
 * its caller from Genesys, asked with the tenant's own OAuth client, never from the page; only an
 * agent on the conversation opens it; every refusal says what to do; the widget page carries no
 * data and may be framed by Genesys Cloud only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeGenesys, startFakeGenesys } from '../support/genesys-api';
import { startTestApp, type TestApp } from '../support/app';
import { emit } from '../support/user-admin';

let t: TestApp;
let genesys: FakeGenesys;
beforeAll(async () => {
  genesys = await startFakeGenesys();
  t = await startTestApp({ LEEWAY_PLATFORM_HOSTS: genesys.hostsFor('mypurecloud.com') });
  const res = await connect(genesys.credentials.clientSecret);
  expect(res.statusCode, res.body).toBe(200);
});
afterAll(async () => {
  await t?.close();
  await genesys?.close();
});

const connect = async (clientSecret: string) =>
  t.app.inject({
    method: 'PUT',
    url: '/v1/settings/platforms/genesys',
    headers: { authorization: `Bearer ${await t.token('admin@acme.test')}` },
    payload: { settings: { region: 'mypurecloud.com', clientId: genesys.credentials.clientId }, secret: { clientSecret } },
  });
const open = async (email: string, conversationId: string, instance = 'acme.zendesk.com') => {
  const { socket } = await t.socket(await t.token(email));
  // The page's requester is Dana's: it must count for nothing.
  return emit(socket, 'interaction:open', {
    helpdesk: 'genesys',
    instance,
    ticketId: conversationId,
    requester: { email: 'dana.whitfield@example.com' },
  });
};

describe('opening a Genesys Cloud conversation from the widget', () => {
  it('names the caller Genesys gives, not the page’s requester, reusing one token', async () => {
    const tokensBefore = genesys.requests.filter((r) => r.path === '/oauth/token').length;
    for (const ani of ['tel:+14155550123', 'tel:+14155550123']) {
      const res = await open('agent@acme.test', genesys.ring(ani, 'agent@acme.test'));
      expect(res).toMatchObject({ data: { status: 'known', context: { customer: { name: 'Sam Okafor' } } } });
    }
    expect(genesys.requests.filter((r) => r.path === '/oauth/token').length - tokensBefore).toBeLessThanOrEqual(1);
  });

  it('a withheld caller is nobody, whatever the page says', async () => {
    expect(await open('agent@acme.test', genesys.ring(null, 'agent@acme.test'))).toMatchObject({ data: { status: 'unknown' } });
  });

  it('refuses another agent’s conversation, one not in the organisation, and another tenant', async () => {
    const refused = (why: string) => ({ error: expect.stringContaining(why) });
    const sams = genesys.ring('tel:+14155550123', 'agent@acme.test');
    expect(await open('senior@acme.test', sams)).toEqual(refused('is not yours'));
    expect(await open('agent@acme.test', '6f1c2d9e-0000-4000-8000-000000000000')).toEqual(
      refused('not in your Genesys Cloud organisation'),
    );
    // Globex has not connected Genesys: acme's conversation opens nothing there.
    expect(await open('agent@globex.test', sams, 'globex.zendesk.com')).toEqual(refused('has not connected Genesys Cloud'));
  });

  it('says so when Genesys refuses the client or does not answer', async () => {
    genesys.failWith = 503;
    try {
      expect(await open('agent@acme.test', genesys.ring('tel:+14155550123', 'agent@acme.test'))).toEqual({
        error: expect.stringContaining('Genesys Cloud answered 503'),
        retry: true,
      });
    } finally {
      genesys.failWith = null;
    }
    expect((await connect('a-wrong-client-secret')).statusCode).toBe(200);
    try {
      expect(await open('agent@acme.test', genesys.ring('tel:+14155550123', 'agent@acme.test'))).toEqual({
        error: expect.stringContaining('Genesys Cloud refused Leeway’s OAuth client'),
      });
    } finally {
      await connect(genesys.credentials.clientSecret);
    }
  });
});

describe('GET /widgets/genesys', () => {
  it('is a page without data that Genesys Cloud alone may frame; an unfilled template says how to fix it', async () => {
    const html = { accept: 'text/html,application/xhtml+xml' };
    const ok = await t.app.inject({ url: '/widgets/genesys?conversation=6f1c2d9e-1111-4000-8000-000000000000', headers: html });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('<body data-leeway-widget>');
    expect(ok.body).not.toMatch(/<script|Sam Okafor/);
    expect(ok.headers['content-security-policy']).toContain(
      'frame-ancestors https://apps.mypurecloud.com https://apps.use2.us-gov-pure.cloud',
    );
    const unfilled = await t.app.inject({ url: '/widgets/genesys?conversation={{pcConversationId}}', headers: html });
    expect(unfilled.statusCode).toBe(400);
    expect(unfilled.body).toContain('put {{pcConversationId}} in the widget’s URL template');
    expect(unfilled.body).not.toContain('data-leeway-widget');
    // Anything but a browser gets JSON.
    const json = await t.app.inject({ url: '/widgets/genesys?conversation=nope' });
    expect(json.statusCode).toBe(400);
    expect(json.json().message).toContain('conversation: must be the conversation’s id');
  });
});
