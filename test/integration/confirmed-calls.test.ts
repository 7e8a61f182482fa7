/**
 * Calls the platform confirms (PUT /v1/settings/calls): on an Amazon Connect or Twilio Flex desktop
 * whose platform sends its call events, the panel's caller is the platform's, never what the page
 * posts; a call is opened for its own agent (or while nobody's yet), never another agent's; an
 * opening waits a moment for an event that trails the page; without the setting the page's reading
 * stands, as before. Every refusal says what to do.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';
import { emit } from '../support/user-admin';
import { postCall } from '../support/webhook';

let t: TestApp;
let key: { id: string; secret: string };
beforeAll(async () => {
  t = await startTestApp();
  key = { id: 'acme-demo', secret: (await t.app.repos.tenants.ingestKey('acme-demo'))!.secret };
});
afterAll(() => t.close());

const DANA = '+14155550100';
const SAM = '+14155550123';

const confirm = async (confirmedBy: string[], as = 'admin@acme.test') =>
  t.app.inject({
    method: 'PUT',
    url: '/v1/settings/calls',
    headers: { authorization: `Bearer ${await t.token(as)}` },
    payload: { confirmedBy },
  });
const callEvent = (contactId: string, body: Record<string, unknown>) =>
  postCall(t.url, key, { platform: 'amazon-connect', contactId, state: 'ringing', ...body });
/** The page's reading: Dana's number, whoever is really calling. */
const open = async (email: string, contactId: string, desktop = 'amazon-connect', phone = DANA) => {
  const { socket } = await t.socket(await t.token(email));
  const instance = desktop === 'amazon-connect' ? 'acme.my.connect.aws' : 'flex.twilio.com';
  return emit(socket, 'interaction:open', { helpdesk: desktop, instance, ticketId: contactId, requester: { phone } });
};
const nameOf = (res: unknown) => (res as { data?: { context?: { customer: { name: string } } } }).data?.context?.customer.name;

describe('calls the platform confirms', () => {
  it('without the setting, the page’s reading stands (the desktops as before)', async () => {
    expect(nameOf(await open('agent@acme.test', randomUUID()))).toBe('Dana Whitfield');
  });

  it('with it, shows the platform’s caller, not the page’s, to the agent on the call', async () => {
    expect((await confirm(['amazon-connect'])).statusCode).toBe(200);
    const id = randomUUID();
    expect((await callEvent(id, { caller: SAM, agent: 'agent@acme.test' })).status).toBe(200);
    expect(nameOf(await open('agent@acme.test', id))).toBe('Sam Okafor');
    // Flex is not confirmed here: its page's reading still stands.
    expect(nameOf(await open('agent@acme.test', randomUUID(), 'twilio-flex'))).toBe('Dana Whitfield');
  });

  it('waits for an event that trails the page’s ringing', async () => {
    await confirm(['amazon-connect']);
    const id = randomUUID();
    const opening = open('agent@acme.test', id);
    await new Promise((r) => setTimeout(r, 400));
    await callEvent(id, { caller: SAM });
    expect(nameOf(await opening)).toBe('Sam Okafor');
  });

  it('refuses a call the platform never told of, another agent’s call, and one that ended unanswered', async () => {
    await confirm(['amazon-connect']);
    const refused = (why: string) => ({ error: expect.stringContaining(why) });
    expect(await open('agent@acme.test', `made-up-${randomUUID()}`)).toEqual(refused('has not told Leeway of this call yet'));
    const seniors = randomUUID();
    await callEvent(seniors, { caller: SAM, agent: 'senior@acme.test' });
    expect(await open('agent@acme.test', seniors)).toEqual(refused('is with another agent'));
    const abandoned = randomUUID();
    await callEvent(abandoned, { caller: SAM, state: 'ended' });
    expect(await open('agent@acme.test', abandoned)).toEqual(refused('ended before it reached an agent'));
  }, 15_000);

  it('a withheld number is nobody, whatever the page reads', async () => {
    await confirm(['amazon-connect']);
    const id = randomUUID();
    await callEvent(id, { agent: 'agent@acme.test' });
    expect(await open('agent@acme.test', id)).toMatchObject({ data: { status: 'unknown' } });
  });

  it('is an admin’s setting, audited, validated in words', async () => {
    expect((await confirm(['amazon-connect'], 'agent@acme.test')).statusCode).toBe(403);
    const bad = await confirm(['amazon-connect', 'amazon-connect']);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/body.confirmedBy: must name each desktop once/);
    expect((await confirm(['avaya'])).json().message).toMatch(/body.confirmedBy.0: must be a desktop Leeway follows calls on/);
    await confirm([]);
    const read = await t.app.inject({
      method: 'GET',
      url: '/v1/settings/calls',
      headers: { authorization: `Bearer ${await t.token('admin@acme.test')}` },
    });
    expect(read.json()).toEqual({ confirmedBy: [] });
    const [entry] = (await t.app.repos.audit.list(t.seeded.acme.tenantId)).filter((e) => e.action === 'calls.settings');
    expect([entry!.actorId, entry!.target, entry!.detail]).toEqual([
      t.seeded.acme.users.admin,
      'settings:calls',
      { confirmedBy: { from: ['amazon-connect'], to: [] } },
    ]);
  });
});
