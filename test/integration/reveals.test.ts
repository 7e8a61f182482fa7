/**
 * Reveals bound to real work (issue 16): a reveal rides on an interaction this connection opened
 * for that customer from a host the tenant still pins, and one agent reveals at most the tenant's
 * `reveals_per_hour` in an hour, told with a 429 when they can reveal again. Admins set the limit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Response } from '@shared/events';
import type { InteractionOpened } from '@shared/schemas/context';
import { ACME_HELPDESK_HOSTS } from '../../server/src/demo/hosts';
import { startTestApp, type ClientSocket, type TestApp } from '../support/app';

let t: TestApp;
/** Customers known only by their requester id on acme.zendesk.com, 7001…7006, as a walk would find them. */
const walk: string[] = [];
beforeAll(async () => {
  t = await startTestApp();
  for (let i = 1; i <= 6; i++)
    walk.push(
      await t.app.repos.customers.create(t.seeded.acme.tenantId, {
        name: `Walked ${i}`,
        tier: 'standard',
        lifetimeValueCents: 0,
        customerSince: 0,
        emails: [`walked${i}@example.com`],
        helpdeskIds: [`zendesk@acme.zendesk.com:700${i}`],
      }),
    );
});
afterAll(() => t.close());

const NOT_ON_SCREEN = 'Reveal is only for the customer on your screen';
const tenant = () => t.seeded.acme.tenantId;

async function call(email: string, method: 'GET' | 'PUT', url: string, payload?: object) {
  return t.app.inject({ method, url, headers: { authorization: `Bearer ${await t.token(email)}` }, ...(payload && { payload }) });
}
async function connect(email: string): Promise<ClientSocket> {
  const { socket, error } = await t.socket(await t.token(email));
  if (error) throw new Error(error);
  return socket;
}
/** Opens requester `helpdeskId`'s ticket as the page would name it, and returns the customer and interaction. */
async function open(s: ClientSocket, helpdeskId: string, ticketId = `t-${helpdeskId}`) {
  const res = (await s.emitWithAck('interaction:open', {
    helpdesk: 'zendesk',
    instance: 'acme.zendesk.com',
    ticketId,
    requester: { helpdeskId },
  })) as Response<InteractionOpened>;
  if (!('data' in res) || res.data.status !== 'known') throw new Error(`requester ${helpdeskId} should be known: ${JSON.stringify(res)}`);
  return { customerId: res.data.context.customer.id, interactionId: res.data.interactionId };
}
const reveal = (s: ClientSocket, customerId: string) => s.emitWithAck('customer:reveal', { customerId, field: 'email' });
const setLimit = async (perHour: number) =>
  expect((await call('admin@acme.test', 'PUT', '/v1/settings/reveals', { perHour })).statusCode).toBe(200);
const revealsBy = async (userId: string) =>
  (await t.app.repos.audit.list(tenant(), 10_000)).filter((e) => e.action === 'pii.reveal' && e.actorId === userId);

describe('a reveal is bound to an interaction the server saw opened', () => {
  it('the walk without opening: nothing open, or ticket A open, reveals nobody else', async () => {
    const s = await connect('agent@acme.test');
    for (const id of walk) expect(await reveal(s, id)).toEqual({ error: NOT_ON_SCREEN });
    const a = await open(s, '7001');
    expect(a.customerId).toBe(walk[0]);
    for (const id of walk.slice(1)) expect(await reveal(s, id)).toEqual({ error: NOT_ON_SCREEN });
    // Another connection of the same agent did not open it: need-to-know is per screen.
    expect(await reveal(await connect('agent@acme.test'), walk[0]!)).toEqual({ error: NOT_ON_SCREEN });
    expect(await revealsBy(t.seeded.acme.users.agent)).toEqual([]);
  });

  it('an interaction whose host was unpinned since it opened no longer carries reveals; reopened from a pinned host, it does', async () => {
    const s = await connect('agent@acme.test');
    const a = await open(s, '7002');
    const unpin = await call('admin@acme.test', 'PUT', '/v1/helpdesk-hosts', {
      hosts: ACME_HELPDESK_HOSTS.filter((h) => h !== 'acme.zendesk.com'),
    });
    expect(unpin.statusCode).toBe(200);
    try {
      const res = await reveal(s, a.customerId);
      expect(res).toEqual({
        error: `${NOT_ON_SCREEN}, on a ticket opened from one of your organisation's helpdesk addresses: reopen the ticket there to reveal`,
      });
    } finally {
      await call('admin@acme.test', 'PUT', '/v1/helpdesk-hosts', { hosts: [...ACME_HELPDESK_HOSTS] });
    }
    const again = await open(s, '7002');
    expect(await reveal(s, again.customerId)).toEqual({ data: { value: 'walked2@example.com' } });
    // The entry names the interaction it rode on: the newest open one for that customer.
    const [entry] = await revealsBy(t.seeded.acme.users.agent);
    expect(entry!.detail).toEqual({ field: 'email', interactionId: again.interactionId });
  });

  it('a closed interaction carries no reveal', async () => {
    const s = await connect('agent@acme.test');
    const a = await open(s, '7003');
    expect(await s.emitWithAck('interaction:close', { interactionId: a.interactionId })).toEqual({ data: { closed: true } });
    expect(await reveal(s, a.customerId)).toEqual({ error: NOT_ON_SCREEN });
  });
});

describe('reveals per agent per hour', () => {
  it("the walk through requester ids stops at the tenant's limit with a 429 that says when", async () => {
    await setLimit(3);
    const s = await connect('senior@acme.test');
    const answers = [];
    for (const helpdeskId of ['7001', '7002', '7003', '7004', '7005']) {
      const { customerId } = await open(s, helpdeskId);
      answers.push(await reveal(s, customerId));
    }
    expect(answers.slice(0, 3)).toEqual([1, 2, 3].map((i) => ({ data: { value: `walked${i}@example.com` } })));
    for (const refused of answers.slice(3)) {
      expect(refused).toMatchObject({ status: 429 });
      expect('error' in refused && refused.error).toMatch(
        /^You have revealed 3 personal fields in the last hour, and your organisation allows 3 an hour: you can reveal again at \d\d:\d\d UTC \(in \d+ minutes?\)\.$/,
      );
    }
    // Refused reveals are not recorded, and another agent's count is their own.
    expect(await revealsBy(t.seeded.acme.users.senior)).toHaveLength(3);
    const other = await connect('lead@acme.test');
    const { customerId } = await open(other, '7004');
    expect(await reveal(other, customerId)).toEqual({ data: { value: 'walked4@example.com' } });
    // Raised, the limit lets the first agent on at once.
    await setLimit(4);
    expect(await reveal(s, customerId)).toEqual({ data: { value: 'walked4@example.com' } });
  });

  it('reveals at once at the last slots: exactly the limit pass, the rest are told to wait', async () => {
    await setLimit(2);
    const s = await connect('lead2@acme.test');
    const { customerId } = await open(s, '7006');
    const answers = await Promise.all(Array.from({ length: 6 }, () => reveal(s, customerId)));
    expect(answers.filter((a) => 'data' in a)).toHaveLength(2);
    expect(answers.filter((a) => 'error' in a && a.status === 429)).toHaveLength(4);
    expect(await revealsBy(t.seeded.acme.users.lead2)).toHaveLength(2);
  });
});

describe('GET/PUT /v1/settings/reveals', () => {
  it('admins read and set the limit, audit-logged with what it was; others are refused; nonsense is refused in words', async () => {
    await setLimit(60);
    expect((await call('admin@acme.test', 'GET', '/v1/settings/reveals')).json()).toEqual({ perHour: 60 });
    for (const who of ['agent@acme.test', 'lead@acme.test', 'auditor@acme.test']) {
      expect((await call(who, 'GET', '/v1/settings/reveals')).statusCode).toBe(403);
      expect((await call(who, 'PUT', '/v1/settings/reveals', { perHour: 1000 })).statusCode).toBe(403);
    }
    const zero = await call('admin@acme.test', 'PUT', '/v1/settings/reveals', { perHour: 0 });
    expect(zero.statusCode).toBe(400);
    expect(zero.json().message).toBe('body.perHour: must be a whole number from 1 to 10000');
    const put = await call('admin@acme.test', 'PUT', '/v1/settings/reveals', { perHour: 25 });
    expect(put.json()).toEqual({ perHour: 25 });
    expect((await call('admin@acme.test', 'GET', '/v1/settings/reveals')).json()).toEqual({ perHour: 25 });
    const [entry] = (await t.app.repos.audit.list(tenant())).filter((e) => e.action === 'reveals.settings');
    expect([entry!.actorId, entry!.target, entry!.detail]).toEqual([
      t.seeded.acme.users.admin,
      'settings:reveals',
      { perHour: { from: 60, to: 25 } },
    ]);
    // Another tenant's limit is its own.
    expect((await call('admin@globex.test', 'GET', '/v1/settings/reveals')).json()).toEqual({ perHour: 60 });
  });
});
