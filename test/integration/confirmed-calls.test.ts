/**
 * Calls the platform confirms (PUT /v1/settings/calls): on an Amazon Connect or Twilio Flex desktop
 * whose platform sends its call events, the panel's caller is the platform's, never what the page
 * posts; a call opens for its own agent (or while it rings for nobody yet), never another agent's,
 * an earlier one, or one answered by nobody Leeway knows; a desktop's host opens only as that
 * desktop; an opening waits a moment for an event that trails the page, and leaves nothing open
 * when its connection goes meanwhile. Without the setting the page's reading stands, as before.
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
const MIN = 60_000;
const HOST = { 'amazon-connect': 'acme.my.connect.aws', 'twilio-flex': 'flex.twilio.com', zendesk: 'acme.my.connect.aws' };

const confirm = async (confirmedBy: string[], as = 'admin@acme.test') =>
  t.app.inject({
    method: 'PUT',
    url: '/v1/settings/calls',
    headers: { authorization: `Bearer ${await t.token(as)}` },
    payload: { confirmedBy },
  });
/** What the platform says: ringing now, unless `state` or `ago` (ms before now) say otherwise. */
const callEvent = (contactId: string, body: Record<string, unknown> & { ago?: number }, platform = 'amazon-connect') => {
  const { ago = 0, ...rest } = body;
  return postCall(t.url, key, { platform, contactId, state: 'ringing', occurredAt: new Date(Date.now() - ago).toISOString(), ...rest });
};
/** The page's reading: Dana's number, whoever is really calling. */
const open = async (email: string, contactId: string, desktop: keyof typeof HOST = 'amazon-connect', instance = HOST[desktop]) => {
  const { socket } = await t.socket(await t.token(email));
  return emit(socket, 'interaction:open', { helpdesk: desktop, instance, ticketId: contactId, requester: { phone: DANA } });
};
const nameOf = (res: unknown) => (res as { data?: { context?: { customer: { name: string } } } }).data?.context?.customer.name;
const refused = (why: string) => ({ error: expect.stringContaining(why) });

describe('calls the platform confirms', () => {
  it('without the setting, the page’s reading stands (the desktops as before)', async () => {
    await confirm([]);
    expect(nameOf(await open('agent@acme.test', randomUUID()))).toBe('Dana Whitfield');
  });

  it('with it, shows the platform’s caller, not the page’s, to the agent on the call; Flex only once it is confirmed too', async () => {
    expect((await confirm(['amazon-connect'])).statusCode).toBe(200);
    const id = randomUUID();
    expect((await callEvent(id, { caller: SAM, agent: 'agent@acme.test' })).status).toBe(200);
    expect(nameOf(await open('agent@acme.test', id))).toBe('Sam Okafor');
    const task = `WT${randomUUID().replaceAll('-', '')}`;
    expect(nameOf(await open('agent@acme.test', task, 'twilio-flex'))).toBe('Dana Whitfield');
    await confirm(['amazon-connect', 'twilio-flex']);
    await callEvent(task, { caller: SAM, agent: 'agent@acme.test' }, 'twilio-flex');
    expect(nameOf(await open('agent@acme.test', task, 'twilio-flex'))).toBe('Sam Okafor');
    // Another tenant's desktops are its own business.
    expect(await t.app.repos.calls.confirmedBy(t.seeded.globex.tenantId)).toEqual([]);
  });

  it('waits for an event that trails the page’s ringing', async () => {
    await confirm(['amazon-connect']);
    const id = randomUUID();
    const opening = open('agent@acme.test', id);
    await new Promise((r) => setTimeout(r, 400));
    await callEvent(id, { caller: SAM });
    expect(nameOf(await opening)).toBe('Sam Okafor');
  });

  it('refuses a call the platform never told of (to try again), another agent’s, and one nobody answered', async () => {
    await confirm(['amazon-connect']);
    expect(await open('agent@acme.test', `made-up-${randomUUID()}`)).toEqual({
      error: expect.stringContaining('has not told Leeway of this call yet'),
      retry: true,
    });
    const seniors = randomUUID();
    await callEvent(seniors, { caller: SAM, agent: 'senior@acme.test' });
    expect(await open('agent@acme.test', seniors)).toEqual(refused('is with another agent'));
    const abandoned = randomUUID();
    await callEvent(abandoned, { caller: SAM, state: 'ended' });
    expect(await open('agent@acme.test', abandoned)).toEqual(refused('names no Leeway agent'));
  }, 15_000);

  it('a call nobody Leeway knows has answered opens for nobody; one ringing for nobody opens only for a while', async () => {
    await confirm(['amazon-connect']);
    const answeredByStranger = randomUUID();
    await callEvent(answeredByStranger, { caller: SAM, state: 'connected', agent: 'not-a-user@acme.test' });
    expect(await open('agent@acme.test', answeredByStranger)).toEqual(refused('names no Leeway agent'));
    const queued = randomUUID();
    await callEvent(queued, { caller: SAM });
    expect(nameOf(await open('senior@acme.test', queued))).toBe('Sam Okafor');
    const longAgo = randomUUID();
    await callEvent(longAgo, { caller: SAM, ago: 31 * MIN });
    expect(await open('agent@acme.test', longAgo)).toEqual(refused('rung for more than 30 minutes'));
  });

  it('an earlier call of the agent’s opens during its after-call time only, never once a newer call began', async () => {
    await confirm(['amazon-connect']);
    // A lead taking calls, who has no other call in this file: any newer call of theirs would count.
    const agent = { agent: 'lead2@acme.test' };
    const old = randomUUID();
    await callEvent(old, { caller: DANA, state: 'ended', ago: 20 * MIN, ...agent });
    expect(await open('lead2@acme.test', old)).toEqual(refused('this call is over'));
    const justEnded = randomUUID();
    await callEvent(justEnded, { caller: SAM, ago: 6 * MIN, ...agent });
    await callEvent(justEnded, { state: 'ended', ago: 2 * MIN, ...agent });
    expect(nameOf(await open('lead2@acme.test', justEnded))).toBe('Sam Okafor');
    await callEvent(randomUUID(), { caller: DANA, ago: MIN, ...agent });
    expect(await open('lead2@acme.test', justEnded)).toEqual(refused('this call is over'));
  });

  it('an earlier caller never opens while the agent is on a newer call, even one that queued before; nor a call the platform never ended', async () => {
    await confirm(['amazon-connect']);
    const agent = { agent: 'lead@acme.test' };
    const old = randomUUID();
    await callEvent(old, { caller: SAM, state: 'connected', ago: 8 * MIN, ...agent });
    await callEvent(old, { state: 'ended', ago: 3 * MIN, ...agent });
    const queued = randomUUID();
    await callEvent(queued, { caller: DANA, ago: 6 * MIN }); // in the queue before the old call ended
    await callEvent(queued, { state: 'connected', ago: MIN, ...agent }); // answered after
    expect(await open('lead@acme.test', old)).toEqual(refused('this call is over'));
    expect(nameOf(await open('lead@acme.test', queued))).toBe('Dana Whitfield');
    // Answered before the queued one and never told ended: not the agent's latest voice call any more.
    const unended = randomUUID();
    await callEvent(unended, { caller: SAM, state: 'connected', ago: 7 * MIN, ...agent });
    expect(await open('lead@acme.test', unended)).toEqual(refused('this call is over'));
    // Never told ended: open while it is the agent's latest voice call, for hours at most.
    const stale = randomUUID();
    await callEvent(stale, { caller: SAM, state: 'connected', ago: 5 * 60 * MIN, agent: 'returns-lead@acme.test' });
    expect(await open('returns-lead@acme.test', stale)).toEqual(refused('more than 4 hours ago and never said it ended'));
  }, 15_000);

  it('a clock running ahead stretches no window; a transfer to someone Leeway does not know leaves the call to nobody', async () => {
    await confirm(['amazon-connect']);
    const agent = { agent: 'lead2@acme.test' };
    const future = randomUUID();
    await callEvent(future, { caller: SAM, state: 'connected', ago: -59 * MIN, ...agent });
    await callEvent(future, { state: 'ended', ago: -60 * MIN, ...agent }); // stored as now: over in 15 minutes, not 75
    const row = await t.app.repos.calls.get(t.seeded.acme.tenantId, 'amazon-connect', future);
    expect(row!.endedAt).toBeLessThanOrEqual(Date.now());
    const moved = randomUUID();
    await callEvent(moved, { caller: SAM, state: 'connected', ago: 5 * MIN, agent: 'agent@acme.test' });
    await callEvent(moved, { state: 'connected', ago: MIN, agent: 'contractor@outsourcer.test' });
    expect(await open('agent@acme.test', moved)).toEqual(refused('names no Leeway agent'));
  });

  it('a chat takes the page’s customer, under the same rules', async () => {
    await confirm(['amazon-connect']);
    const mine = randomUUID();
    await callEvent(mine, { channel: 'chat', state: 'connected', agent: 'agent@acme.test' });
    expect(nameOf(await open('agent@acme.test', mine))).toBe('Dana Whitfield');
    const old = randomUUID();
    await callEvent(old, { channel: 'chat', state: 'ended', ago: 20 * MIN, agent: 'agent@acme.test' });
    expect(await open('agent@acme.test', old)).toEqual(refused('this call is over'));
  });

  it('a desktop’s host opens only as that desktop, and a desktop’s contact only on its host', async () => {
    await confirm(['amazon-connect']);
    const id = randomUUID();
    await callEvent(id, { caller: SAM, agent: 'agent@acme.test' });
    expect(await open('agent@acme.test', id, 'zendesk')).toEqual(refused('its contacts open only as amazon-connect'));
    expect(await open('agent@acme.test', id, 'amazon-connect', 'acme.zendesk.com')).toEqual(
      refused('contacts open only on its own desktop'),
    );
  });

  it('leaves nothing open when the connection goes while it waits', async () => {
    await confirm(['amazon-connect']);
    const id = randomUUID();
    const { socket } = await t.socket(await t.token('agent@acme.test'));
    socket.emit(
      'interaction:open',
      { helpdesk: 'amazon-connect', instance: HOST['amazon-connect'], ticketId: id, requester: {} },
      () => {},
    );
    await new Promise((r) => setTimeout(r, 300));
    socket.disconnect();
    await callEvent(id, { caller: SAM, agent: 'agent@acme.test' });
    await new Promise((r) => setTimeout(r, 1500));
    expect(await (await t.raw()).all('select id from interactions where ticket_id = ? and closed_at is null', id)).toEqual([]);
  });

  it('is an admin’s setting, audited, validated in words', async () => {
    expect((await confirm(['amazon-connect'], 'agent@acme.test')).statusCode).toBe(403);
    const bad = await confirm(['amazon-connect', 'amazon-connect']);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/body.confirmedBy: must name each desktop once/);
    expect((await confirm(['avaya'])).json().message).toMatch(/body.confirmedBy.0: must be a desktop Leeway follows calls on/);
    await confirm(['amazon-connect']);
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
