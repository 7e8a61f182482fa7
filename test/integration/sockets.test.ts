/** The socket contract with real socket.io clients: handshake auth, validation, tenancy, rooms. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';

let t: TestApp;
beforeAll(async () => (t = await startTestApp()));
afterAll(() => t.close());

describe('socket handshake', () => {
  it('refuses a connection without a token', async () => {
    expect((await t.socket(undefined)).error).toMatch(/Sign-in required/);
  });
  it('refuses a forged token', async () => {
    const token = await t.token('agent@acme.test');
    const forged = token.slice(0, -4) + (token.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    expect((await t.socket(forged)).error).toMatch(/token is not valid/);
  });
  it('admits a signed-in agent', async () => {
    expect((await t.socket(await t.token('agent@acme.test'))).error).toBeUndefined();
  });
});

describe('interaction:open', () => {
  it('returns the customer’s context: profile, open tickets, recent events newest first', async () => {
    const { socket } = await t.socket(await t.token('agent@acme.test'));
    const res = await socket.emitWithAck('interaction:open', {
      helpdesk: 'zendesk',
      instance: 'acme.zendesk.com',
      ticketId: '101',
      requester: { email: 'dana.whitfield@example.com' },
    });
    if (!('data' in res) || res.data.status !== 'known') throw new Error(JSON.stringify(res));
    const { customer, openTickets, recentEvents } = res.data.context;
    expect(customer).toMatchObject({ name: 'Dana Whitfield', tier: 'gold', lifetimeValueCents: 482_000 });
    expect(openTickets.map((x) => x.ref)).toEqual(['zendesk@acme.zendesk.com:101']);
    expect(recentEvents.map((e) => e.type)).toEqual([
      'page.visited',
      'contact.opened',
      'survey.answered',
      'order.placed',
      'subscription.changed',
    ]);
  });

  it('finds a customer by the helpdesk’s requester id when the page shows no email', async () => {
    const { socket } = await t.socket(await t.token('agent@acme.test'));
    const res = await socket.emitWithAck('interaction:open', {
      helpdesk: 'zendesk',
      instance: 'acme.zendesk.com',
      ticketId: '102',
      requester: { helpdeskId: '9002' },
    });
    expect('data' in res && res.data.status === 'known' && res.data.context.customer.name).toBe('Marco Rossi');
  });

  it('says "unknown" with what it tried, in words and masked, rather than guessing', async () => {
    const { socket } = await t.socket(await t.token('agent@acme.test'));
    const res = await socket.emitWithAck('interaction:open', {
      helpdesk: 'zendesk',
      instance: 'acme.zendesk.com',
      ticketId: '103',
      requester: { email: 'someone.new@example.net', helpdeskId: '9003' },
    });
    expect(res).toMatchObject({
      data: { status: 'unknown', tried: ['s***@example.net', 'requester #9003 on acme.zendesk.com'] },
    });
  });

  it('never finds another tenant’s customer', async () => {
    const { socket } = await t.socket(await t.token('agent@acme.test'));
    const res = await socket.emitWithAck('interaction:open', {
      helpdesk: 'zendesk',
      instance: 'acme.zendesk.com',
      ticketId: '1',
      requester: { email: 'hank@globex.example' },
    });
    expect(res).toMatchObject({ data: { status: 'unknown' } });
  });

  it('answers an invalid payload with an error naming the field and the reason', async () => {
    const { socket } = await t.socket(await t.token('agent@acme.test'));
    const res = await socket.emitWithAck('interaction:open', {
      helpdesk: 'desk.com',
      ticketId: '',
      requester: { email: 'not-an-email' },
    } as never);
    expect(res).toMatchObject({ error: expect.stringMatching(/^Invalid interaction:open: /) });
    const paths = 'issues' in res ? res.issues!.map((i) => i.path) : [];
    expect(paths).toEqual(['helpdesk', 'instance', 'ticketId', 'requester.email']);
  });

  it('refuses a role that has no business with customer context', async () => {
    const { socket } = await t.socket(await t.token('auditor@acme.test'));
    const res = await socket.emitWithAck('interaction:open', {
      helpdesk: 'zendesk',
      instance: 'acme.zendesk.com',
      ticketId: '101',
      requester: { email: 'dana.whitfield@example.com' },
    });
    expect(res).toEqual({ error: 'Your role (auditor) may not interaction open' });
  });
});

describe('interaction:close', () => {
  it('closes only interactions this connection opened', async () => {
    const { socket } = await t.socket(await t.token('agent@acme.test'));
    const { socket: other } = await t.socket(await t.token('agent@acme.test'));
    const res = await socket.emitWithAck('interaction:open', {
      helpdesk: 'zendesk',
      instance: 'acme.zendesk.com',
      ticketId: '101',
      requester: { email: 'dana.whitfield@example.com' },
    });
    const interactionId = 'data' in res ? res.data.interactionId : '';
    expect(await other.emitWithAck('interaction:close', { interactionId })).toEqual({
      error: 'No such open interaction on this connection',
    });
    expect(await socket.emitWithAck('interaction:close', { interactionId })).toEqual({ data: { closed: true } });
  });
});
