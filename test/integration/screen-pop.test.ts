/**
 * The signed screen-pop link (issue 22): GET /pop says in words what is wrong with a link that is
 * incomplete, changed, stale or signed with no active key, and names no customer on a good one;
 * opening the call from it takes the caller from the verified link only, for the agent it names,
 * in the tenant whose key signed it, about that very call.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { popUrl } from '@shared/pop-signature';
import { startTestApp, type TestApp } from '../support/app';
import { emit } from '../support/user-admin';

let t: TestApp;
let key: { id: string; secret: string };
beforeAll(async () => {
  t = await startTestApp();
  key = { id: 'acme-demo', secret: (await t.app.repos.tenants.ingestKey('acme-demo'))!.secret };
});
afterAll(() => t.close());

const SAM = { ani: '(415) 555-0123', agent: 'agent@acme.test', contact: 'call-1' };
/** As a browser opens it. */
const get = (url: string) =>
  t.app.inject({ method: 'GET', url: new URL(url).pathname + new URL(url).search, headers: { accept: 'text/html' } });

describe('GET /pop', () => {
  it('a good link: an incoming call, masked, for the agent; no customer named; no script', async () => {
    const res = await get(popUrl(t.url, key, SAM));
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<body data-leeway-pop>');
    expect(res.body).toContain('Incoming call from +1 *** *** 0123');
    expect(res.body).not.toMatch(/Sam Okafor|<script/);
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
  });

  it('says what is wrong with an incomplete, changed, stale or unknown-key link', async () => {
    const incomplete = await get(`${t.url}/pop?ani=1&agent=nobody`);
    expect(incomplete.statusCode).toBe(400);
    expect(incomplete.body).toContain('agent: must be a valid email address');
    expect(incomplete.body).toContain('sig: is required: the link’s signature');
    expect(incomplete.body).toContain('contact: is required: the call’s id on your platform');
    const changed = new URL(popUrl(t.url, key, SAM));
    changed.searchParams.set('ani', '+14155550100');
    expect((await get(changed.href)).statusCode).toBe(401);
    const stale = await get(popUrl(t.url, key, SAM, Date.now() - 6 * 60_000));
    expect(stale.statusCode).toBe(410);
    expect(stale.body).toContain('valid for 5 minutes');
    const unknown = await get(popUrl(t.url, { id: 'no-such-key', secret: 'x' }, SAM));
    expect(unknown.statusCode).toBe(401);
    expect(unknown.body).not.toContain('data-leeway-pop');
  });

  it('answers JSON to anything but a browser', async () => {
    const ok = await t.app.inject({ url: new URL(popUrl(t.url, key, SAM)).search.replace(/^/, '/pop') });
    expect(ok.json()).toEqual({ caller: '+1 *** *** 0123', agent: 'agent@acme.test', contact: 'call-1' });
    const bad = await t.app.inject({ url: '/pop?ani=1' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain('agent: ');
  });
});

describe('opening the call from a pop', () => {
  const open = async (email: string, pop: Record<string, unknown> | undefined, ticketId = 'call-1', instance = 'acme.zendesk.com') => {
    const { socket } = await t.socket(await t.token(email));
    const payload = { helpdesk: 'screen-pop', instance, ticketId, requester: { email: 'dana.whitfield@example.com' }, pop };
    return emit(socket, 'interaction:open', payload);
  };
  const query = (url: string) => {
    const q = Object.fromEntries(new URL(url).searchParams) as Record<string, unknown>;
    return { ...q, ts: Number(q.ts) };
  };

  it('takes the caller from the verified link, never the requester sent beside it', async () => {
    const res = await open('agent@acme.test', query(popUrl(t.url, key, SAM)));
    expect(res).toMatchObject({ data: { status: 'known', context: { customer: { name: 'Sam Okafor' } } } });
  });

  it('refuses a pop for another agent, another tenant, another call, or none', async () => {
    const refused = (why: string) => ({ error: expect.stringContaining(why) });
    expect(await open('senior@acme.test', query(popUrl(t.url, key, SAM)))).toEqual(refused('for another agent'));
    // Signed with acme's key, for a globex agent of the same email form: acme's pop opens nobody in globex.
    const globex = await open(
      'agent@globex.test',
      query(popUrl(t.url, key, { ...SAM, agent: 'agent@globex.test' })),
      'call-1',
      'globex.zendesk.com',
    );
    expect(globex).toEqual(refused('for another agent'));
    expect(await open('agent@acme.test', query(popUrl(t.url, key, SAM)), 'call-2')).toEqual(refused('ticketId must be the pop’s contact'));
    expect(await open('agent@acme.test', undefined)).toEqual(refused('pop is required'));
    const changed = { ...query(popUrl(t.url, key, SAM)), ani: '+14155550100' };
    expect(await open('agent@acme.test', changed)).toEqual(refused('signature does not match'));
  });
});

describe('the record of a call', () => {
  it('says voice; a ticket’s record keeps its shape', async () => {
    const submit = async (extra: Record<string, unknown>) => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/v1/resolutions',
        headers: { authorization: `Bearer ${await t.token('agent@acme.test')}` },
        payload: {
          idempotencyKey: crypto.randomUUID(),
          helpdesk: 'amazon-connect',
          instance: 'acme.my.connect.aws',
          ticketId: crypto.randomUUID(),
          outcome: 'resolved',
          category: 'billing',
          handleTimeSeconds: 240,
          ...extra,
        },
      });
      expect(res.statusCode, res.body).toBeLessThan(300);
      return res.json() as { id: string };
    };
    const view = async (id: string) =>
      (
        await t.app.inject({ url: `/v1/qa/resolutions/${id}`, headers: { authorization: `Bearer ${await t.token('auditor@acme.test')}` } })
      ).json() as { payload: Record<string, unknown> };
    const call = await submit({ channel: 'voice' });
    expect((await view(call.id)).payload.channel).toBe('voice');
    const ticket = await submit({ helpdesk: 'zendesk', instance: 'acme.zendesk.com' });
    expect((await view(ticket.id)).payload).not.toHaveProperty('channel');
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/v1/resolutions',
      headers: { authorization: `Bearer ${await t.token('agent@acme.test')}` },
      payload: {
        idempotencyKey: 'k',
        helpdesk: 'zendesk',
        ticketId: '1',
        outcome: 'resolved',
        category: 'billing',
        handleTimeSeconds: 1,
        channel: 'fax',
      },
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().message).toContain('channel: must be voice or chat');
  });
});
