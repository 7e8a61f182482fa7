/**
 * An unknown requester is a start (issue 19): an agent searches the tenant's customers (masked,
 * at most 8, this tenant only) and links the page's requester to one. The identities are added,
 * audited with the ticket; one another customer holds is refused, never moved.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Response } from '@shared/events';
import type { InteractionOpened } from '@shared/schemas/context';
import type { CustomerLinked, CustomerSearchHit } from '@shared/schemas/customer-link';
import type { ResolutionBody } from '@shared/schemas/resolutions';
import { startTestApp, type ClientSocket, type TestApp } from '../support/app';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  // Ten more "Walker"s: a search answers with 8 at most.
  for (let i = 0; i < 10; i++)
    await t.app.repos.customers.create(t.seeded.acme.tenantId, {
      name: `Walker ${i}`,
      tier: 'standard',
      lifetimeValueCents: 0,
      customerSince: 0,
      emails: [`walker${i}@example.org`],
    });
});
afterAll(() => t.close());

const acme = () => t.seeded.acme;
async function connect(email: string): Promise<ClientSocket> {
  const { socket, error } = await t.socket(await t.token(email));
  if (error) throw new Error(error);
  return socket;
}
const search = (s: ClientSocket, query: string) => s.emitWithAck('customer:search', { query }) as Promise<Response<CustomerSearchHit[]>>;
const hits = async (s: ClientSocket, query: string) => {
  const res = await search(s, query);
  if (!('data' in res)) throw new Error(res.error);
  return res.data;
};
type Requester = { email?: string; helpdeskId?: string };
async function openUnknown(s: ClientSocket, requester: Requester, ticketId: string) {
  const res = (await s.emitWithAck('interaction:open', {
    helpdesk: 'zendesk',
    instance: 'acme.zendesk.com',
    ticketId,
    requester,
  })) as Response<InteractionOpened>;
  if (!('data' in res) || res.data.status !== 'unknown') throw new Error(`should be unknown: ${JSON.stringify(res)}`);
  return res.data.interactionId;
}
const link = (s: ClientSocket, interactionId: string, customerId: string) =>
  s.emitWithAck('customer:link', { interactionId, customerId }) as Promise<Response<CustomerLinked>>;
const links = async () => (await t.app.repos.audit.list(acme().tenantId, 10_000)).filter((e) => e.action === 'customer.link-identity');

describe('customer:search', () => {
  it('finds by part of a name, or by a whole email or phone number written any way, contacts masked', async () => {
    const s = await connect('agent@acme.test');
    const dana = acme().customers['dana.whitfield@example.com'];
    expect(await hits(s, 'whitf')).toEqual([
      { id: dana, name: 'Dana Whitfield', tier: 'gold', contact: { email: 'd***@example.com', phone: '+1 *** *** 0100' } },
    ]);
    expect((await hits(s, ' Sam.Okafor@Example.COM ')).map((h) => h.name)).toEqual(['Sam Okafor']);
    expect((await hits(s, '(415) 555-0123')).map((h) => h.name)).toEqual(['Sam Okafor']);
    expect((await hits(s, '+1 415 555 0100')).map((h) => h.name)).toEqual(['Dana Whitfield']);
  });

  it('never matches part of an email or a phone number: growing a part one character at a time would spell out the masked contact', async () => {
    const s = await connect('agent@acme.test');
    // What the masked answer shows, and one character more each way: nothing.
    for (const part of [
      '0100',
      '50100',
      '5550100',
      '155550100',
      '@example.com',
      'a.whitfield@example.com',
      'dana.whitfield@',
      'example.com',
    ])
      expect(await hits(s, part), part).toEqual([]);
  });

  it('answers with 8 at most, and wildcards in the query are plain characters', async () => {
    const s = await connect('agent@acme.test');
    expect(await hits(s, 'walker')).toHaveLength(8);
    expect(await hits(s, '%%')).toEqual([]);
    expect(await hits(s, '__')).toEqual([]);
  });

  it('refuses a query under 2 characters with a sentence', async () => {
    const s = await connect('agent@acme.test');
    expect(await search(s, ' d ')).toMatchObject({ error: expect.stringMatching(/at least 2 characters/) });
  });

  it("never finds another tenant's customers", async () => {
    const globex = await connect('agent@globex.test');
    expect(await hits(globex, 'Dana')).toEqual([]);
    expect((await hits(globex, 'hank')).map((h) => h.name)).toEqual(['Hank Scorpio']);
    expect(await hits(await connect('agent@acme.test'), 'hank')).toEqual([]);
  });

  it('is refused to roles that may not open interactions', async () => {
    const auditor = await connect('auditor@acme.test');
    expect(await search(auditor, 'Dana')).toEqual({ error: 'Your role (auditor) may not interaction open' });
  });
});

describe('customer:link', () => {
  it("adds the page's email and requester id to the customer, audited with the ticket; the ticket then opens known", async () => {
    const s = await connect('agent@acme.test');
    const priya = acme().customers['priya@example.com']!;
    const requester = { email: 'priya.n@work.example', helpdeskId: '9101' };
    const interactionId = await openUnknown(s, requester, '501');
    expect(await link(s, interactionId, priya)).toEqual({
      data: { customerId: priya, name: 'Priya Natarajan', linked: ['p***@work.example', 'requester #9101 on acme.zendesk.com'] },
    });
    const [entry] = await links();
    expect(entry).toMatchObject({
      actorId: acme().users.agent,
      target: `customer:${priya}`,
      detail: {
        identities: ['p***@work.example', 'requester #9101 on acme.zendesk.com'],
        ticket: 'zendesk@acme.zendesk.com:501',
        interactionId,
      },
    });
    const again = (await s.emitWithAck('interaction:open', {
      helpdesk: 'zendesk',
      instance: 'acme.zendesk.com',
      ticketId: '501',
      requester,
    })) as Response<InteractionOpened>;
    expect('data' in again && again.data.status === 'known' && again.data.context.customer.name).toBe('Priya Natarajan');
  });

  it('refuses an identity another customer holds, with a sentence, and moves nothing', async () => {
    const s = await connect('agent@acme.test');
    const sam = acme().customers['sam.okafor@example.com']!;
    const before = (await links()).length;
    // The email is nobody's, the requester id is Dana's: the open is a conflict, which the panel shows as unknown.
    const opened = (await s.emitWithAck('interaction:open', {
      helpdesk: 'zendesk',
      instance: 'acme.zendesk.com',
      ticketId: '502',
      requester: { email: 'new.person@example.net', helpdeskId: '9001' },
    })) as Response<InteractionOpened>;
    if (!('data' in opened)) throw new Error(opened.error);
    const res = await link(s, opened.data.interactionId, sam);
    expect(res).toEqual({
      error:
        'requester #9001 on acme.zendesk.com already belongs to Dana Whitfield, so nothing was linked: an identity is never moved ' +
        'from one customer to another. If they are the same person, ask a supervisor to merge the records.',
    });
    expect(await t.app.repos.customers.resolveRef(acme().tenantId, { email: 'new.person@example.net' })).toBeNull();
    const held = await t.app.repos.customers.heldBy(acme().tenantId, [{ kind: 'helpdesk', value: 'zendesk@acme.zendesk.com:9001' }]);
    expect(held.map((h) => h.name)).toEqual(['Dana Whitfield']);
    expect((await links()).length).toBe(before);
  });

  it('links only what the open carried: a link naming identities of its own is refused, and adds nothing', async () => {
    const s = await connect('agent@acme.test');
    const priya = acme().customers['priya@example.com']!;
    const interactionId = await openUnknown(s, { helpdeskId: '9105' }, '507');
    const forged = (await s.emitWithAck('customer:link', {
      interactionId,
      customerId: priya,
      requester: { email: 'dana.whitfield@example.com' },
    } as never)) as Response<CustomerLinked>;
    expect('error' in forged && forged.error).toMatch(/requester/);
    expect(await link(s, interactionId, priya)).toMatchObject({ data: { linked: ['requester #9105 on acme.zendesk.com'] } });
  });

  it("refuses another tenant's customer as not found", async () => {
    const s = await connect('agent@acme.test');
    const hank = t.seeded.globex.customers['hank@globex.example']!;
    const interactionId = await openUnknown(s, { helpdeskId: '9102' }, '503');
    expect(await link(s, interactionId, hank)).toEqual({
      error: 'No such customer in your organisation: search again and pick one from the list',
    });
    const id = { kind: 'helpdesk' as const, value: 'zendesk@acme.zendesk.com:9102' };
    expect(await t.app.repos.customers.heldBy(acme().tenantId, [id])).toEqual([]);
    expect(await t.app.repos.customers.heldBy(t.seeded.globex.tenantId, [id])).toEqual([]);
  });

  it('only from an unknown ticket open on this connection, and only for roles that open interactions', async () => {
    const s = await connect('agent@acme.test');
    const dana = acme().customers['dana.whitfield@example.com']!;
    const interactionId = await openUnknown(s, { helpdeskId: '9103' }, '504');
    const other = await connect('agent@acme.test');
    expect(await link(other, interactionId, dana)).toMatchObject({
      error: expect.stringMatching(/not open in your panel on this connection/),
    });
    expect(await link(await connect('auditor@acme.test'), interactionId, dana)).toEqual({
      error: 'Your role (auditor) may not interaction open',
    });
    const known = (await s.emitWithAck('interaction:open', {
      helpdesk: 'zendesk',
      instance: 'acme.zendesk.com',
      ticketId: '505',
      requester: { helpdeskId: '9002' },
    })) as Response<InteractionOpened>;
    if (!('data' in known)) throw new Error(known.error);
    expect(await link(s, known.data.interactionId, dana)).toEqual({
      error: 'This ticket already shows a customer: nothing was linked.',
    });
  });
});

describe('resolving a contact without a customer', () => {
  const record = (over: object): ResolutionBody => ({
    idempotencyKey: crypto.randomUUID(),
    helpdesk: 'zendesk',
    instance: 'acme.zendesk.com',
    ticketId: '506',
    outcome: 'resolved' as const,
    category: 'other' as const,
    handleTimeSeconds: 60,
    ...over,
  });

  it('drafts and stores a record with no customer and no grants', async () => {
    const s = await connect('agent@acme.test');
    await openUnknown(s, { helpdeskId: '9104' }, '506');
    const draft = await s.emitWithAck('resolution:draft', { helpdesk: 'zendesk', instance: 'acme.zendesk.com', ticketId: '506' });
    expect(draft).toMatchObject({ data: { customerId: null, actions: [] } });
    expect(await s.emitWithAck('resolution:submit', record({ note: 'Answered a question' }))).toMatchObject({ data: { status: 'stored' } });
  });

  it('refuses grant lines without a customer, with a sentence', async () => {
    const s = await connect('agent@acme.test');
    const res = await s.emitWithAck(
      'resolution:submit',
      record({ actions: [{ action: 'account_credit', amountCents: 500, grantId: 'some-grant' }] }),
    );
    expect(res).toEqual({ error: 'actions: a resolution without a customer cannot cite grants; grants are recorded for a customer' });
  });
});
