/**
 * Helpdesk instances and pinned hosts (issue 15): requester ids and ticket refs count only on
 * their own instance, identities that disagree are a conflict shown to the agent, interactions
 * come only from the tenant's pinned hosts, and rows from before instances are scoped by one rule.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Response } from '../../shared/events';
import type { InteractionOpened } from '../../shared/schemas/context';
import { ACME_HELPDESK_HOSTS, GLOBEX_HELPDESK_HOSTS } from '../../server/src/demo/hosts';
import { startTestApp, type ClientSocket, type TestApp } from '../support/app';
import { postEvent } from '../support/webhook';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const UNPINNED = (host: string) =>
  `${host} is not one of your organisation's helpdesk addresses. An admin can add it in Leeway's options, under Helpdesk hosts.`;
const acme = () => t.seeded.acme;
const globex = () => t.seeded.globex;
const dana = () => acme().customers['dana.whitfield@example.com']!;

async function call(email: string, method: 'GET' | 'PUT', url: string, payload?: object) {
  return t.app.inject({ method, url, headers: { authorization: `Bearer ${await t.token(email)}` }, ...(payload && { payload }) });
}
const setHosts = async (tenant: 'acme' | 'globex', hosts: readonly string[]) => {
  const res = await call(`admin@${tenant}.test`, 'PUT', '/v1/helpdesk-hosts', { hosts: [...hosts] });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { hosts: string[] };
};
async function agent(email = 'agent@acme.test'): Promise<ClientSocket> {
  const { socket, error } = await t.socket(await t.token(email));
  if (error) throw new Error(error);
  return socket;
}
type Requester = { email?: string; phone?: string; helpdeskId?: string };
const open = (s: ClientSocket, instance: string, ticketId: string, requester: Requester, helpdesk = 'zendesk') =>
  s.emitWithAck('interaction:open', { helpdesk, instance, ticketId, requester }) as Promise<Response<InteractionOpened>>;
const opened = (res: Response<InteractionOpened>) => {
  if (!('data' in res)) throw new Error(res.error);
  return res.data;
};
const nameOf = (o: InteractionOpened) => (o.status === 'known' ? o.context.customer.name : null);

describe('identities scoped by instance', () => {
  it("the issue's case: requester 9001 with hank@globex.example on globex.zendesk.com is not Acme's Dana Whitfield", async () => {
    // A tenant that works two Zendesk accounts (or an outsourced agent): both pinned.
    await setHosts('acme', [...ACME_HELPDESK_HOSTS, 'globex.zendesk.com']);
    const s = await agent();
    const res = opened(await open(s, 'globex.zendesk.com', '101', { email: 'hank@globex.example', helpdeskId: '9001' }));
    expect(res.status).toBe('unknown');
    expect(nameOf(res)).toBeNull();
    expect(JSON.stringify(res)).not.toContain('Dana');
    // The requester id alone on the other account matches nobody either.
    expect(opened(await open(s, 'globex.zendesk.com', '102', { helpdeskId: '9001' })).status).toBe('unknown');
    // On Acme's own account it is still Dana.
    expect(nameOf(opened(await open(s, 'acme.zendesk.com', '101', { helpdeskId: '9001' })))).toBe('Dana Whitfield');
  });

  it('the same requester id on two instances is two customers', async () => {
    const other = await t.app.repos.customers.create(acme().tenantId, {
      name: 'Gil Globex-Side',
      tier: 'standard',
      lifetimeValueCents: 0,
      customerSince: 0,
      helpdeskIds: ['zendesk@globex.zendesk.com:9001'],
    });
    const s = await agent();
    const onGlobex = opened(await open(s, 'globex.zendesk.com', '201', { helpdeskId: '9001' }));
    expect(onGlobex.status === 'known' && onGlobex.context.customer.id).toBe(other);
    const onAcme = opened(await open(s, 'acme.zendesk.com', '202', { helpdeskId: '9001' }));
    expect(onAcme.status === 'known' && onAcme.context.customer.id).toBe(dana());
  });

  it('ticket refs are scoped too: the open ticket and its SLA clock are found on their instance only', async () => {
    const s = await agent();
    const mine = opened(await open(s, 'acme.zendesk.com', '101', { email: 'dana.whitfield@example.com' }));
    if (mine.status !== 'known') throw new Error(mine.status);
    expect(mine.context.openTickets.map((x) => x.ref)).toContain('zendesk@acme.zendesk.com:101');
    expect(mine.context.signals.sla).not.toBeNull();
    const elsewhere = opened(await open(s, 'globex.zendesk.com', '101', { email: 'dana.whitfield@example.com' }));
    if (elsewhere.status !== 'known') throw new Error(elsewhere.status);
    expect(elsewhere.context.signals.sla).toBeNull();
  });
});

describe('identities that disagree are a conflict, never a match', () => {
  it("requester id is Dana's but the page's email is nobody's: conflict, no customer, nothing to act on", async () => {
    const s = await agent();
    const res = opened(await open(s, 'acme.zendesk.com', '301', { email: 'hank@globex.example', helpdeskId: '9001' }));
    expect(res).toMatchObject({
      status: 'conflict',
      identities: [
        { kind: 'email', value: 'h***@globex.example', customer: null },
        { kind: 'helpdesk', value: '9001 on acme.zendesk.com', customer: 'Dana Whitfield' },
      ],
    });
    if (res.status !== 'conflict') throw new Error(res.status);
    expect(res.message).toMatch(/does not add up.*No customer is shown/);
    expect(res).not.toHaveProperty('context');
    // Not Dana's interaction: the agent may not reveal her details from it.
    expect(await s.emitWithAck('customer:reveal', { customerId: dana(), field: 'email' })).toEqual({
      error: 'Reveal is only for the customer on your screen',
    });
    const raw = await t.raw();
    expect(await raw.one('select customer_id as "customerId", instance from interactions where id = ?', res.interactionId)).toEqual({
      customerId: null,
      instance: 'acme.zendesk.com',
    });
  });

  it("requester id is Dana's, the email is Marco's: conflict naming both", async () => {
    const res = opened(await open(await agent(), 'acme.zendesk.com', '302', { email: 'marco.rossi@example.com', helpdeskId: '9001' }));
    expect(res.status).toBe('conflict');
    if (res.status !== 'conflict') return;
    expect(res.identities.map((i) => i.customer)).toEqual(['Marco Rossi', 'Dana Whitfield']);
  });

  it('identities that agree, or an unknown requester id beside a known email, still match', async () => {
    const s = await agent();
    expect(nameOf(opened(await open(s, 'acme.zendesk.com', '303', { email: 'dana.whitfield@example.com', helpdeskId: '9001' })))).toBe(
      'Dana Whitfield',
    );
    expect(nameOf(opened(await open(s, 'acme.zendesk.com', '304', { email: 'dana.whitfield@example.com', helpdeskId: '123456' })))).toBe(
      'Dana Whitfield',
    );
  });
});

describe('pinned helpdesk hosts', () => {
  it('every signed-in role reads its own tenant’s hosts; another tenant’s stay apart', async () => {
    await setHosts('acme', ACME_HELPDESK_HOSTS);
    for (const who of ['agent', 'lead', 'auditor', 'admin']) {
      const res = await call(`${who}@acme.test`, 'GET', '/v1/helpdesk-hosts');
      expect(res.statusCode).toBe(200);
      expect(res.json().hosts).toEqual([...ACME_HELPDESK_HOSTS].sort());
    }
    expect((await call('agent@globex.test', 'GET', '/v1/helpdesk-hosts')).json()).toEqual({ hosts: [...GLOBEX_HELPDESK_HOSTS] });
  });

  it('refuses interaction:open and resolution:draft from an unlisted instance with the sentence to act on', async () => {
    const s = await agent();
    expect(await open(s, 'evil.zendesk.com', '101', { email: 'dana.whitfield@example.com' })).toEqual({
      error: UNPINNED('evil.zendesk.com'),
    });
    expect(await s.emitWithAck('resolution:draft', { helpdesk: 'zendesk', instance: 'evil.zendesk.com', ticketId: '101' })).toEqual({
      error: UNPINNED('evil.zendesk.com'),
    });
    // Nothing was recorded for the refused page.
    expect(await (await t.raw()).one('select count(*) as n from interactions where instance = ?', 'evil.zendesk.com')).toEqual({ n: 0 });
    // Another tenant's host is not this tenant's.
    const g = await agent('agent@globex.test');
    expect(await open(g, 'acme.zendesk.com', '101', { email: 'dana.whitfield@example.com' })).toEqual({
      error: UNPINNED('acme.zendesk.com'),
    });
  });

  it('accepts a listed instance, and the draft is for that instance’s ticket only', async () => {
    const s = await agent();
    expect(opened(await open(s, 'acme.zendesk.com', '401', { email: 'dana.whitfield@example.com' })).status).toBe('known');
    const draft = await s.emitWithAck('resolution:draft', { helpdesk: 'zendesk', instance: 'acme.zendesk.com', ticketId: '401' });
    expect(draft).toMatchObject({ data: { helpdesk: 'zendesk', instance: 'acme.zendesk.com', ticketId: '401', customerId: dana() } });
    // The same ticket number on another pinned instance was not opened: no draft from this one's interaction.
    await setHosts('acme', [...ACME_HELPDESK_HOSTS, 'globex.zendesk.com']);
    try {
      expect(await s.emitWithAck('resolution:draft', { helpdesk: 'zendesk', instance: 'globex.zendesk.com', ticketId: '401' })).toEqual({
        error: 'This ticket was not opened in your panel today',
      });
    } finally {
      await setHosts('acme', ACME_HELPDESK_HOSTS);
    }
  });

  it('an instance is required on open and draft (a payload without one is invalid)', async () => {
    const s = await agent();
    const res = await s.emitWithAck('interaction:open', { helpdesk: 'zendesk', ticketId: '1', requester: {} } as never);
    expect(res).toMatchObject({ error: expect.stringMatching(/^Invalid interaction:open: instance: /) });
    expect(await s.emitWithAck('resolution:draft', { helpdesk: 'zendesk', ticketId: '1' } as never)).toMatchObject({
      error: expect.stringMatching(/^Invalid resolution:draft: instance: /),
    });
  });

  it('PUT takes exact hosts only, each refusal saying what to write instead', async () => {
    const put = (hosts: unknown) => call('admin@acme.test', 'PUT', '/v1/helpdesk-hosts', { hosts });
    const wildcard = await put(['*.zendesk.com']);
    expect(wildcard.statusCode).toBe(400);
    expect(wildcard.json().message).toBe(
      `body.hosts.0: must be an exact host: "*.zendesk.com" would trust every host under zendesk.com, anyone's included; list each of your helpdesk's hosts instead, e.g. acme.zendesk.com`,
    );
    const url = await put(['acme.zendesk.com', 'https://acme.freshdesk.com/a/tickets']);
    expect(url.statusCode).toBe(400);
    expect(url.json().message).toBe(
      'body.hosts.1: must be the host alone, without a scheme (https://) or a path: write "acme.freshdesk.com"',
    );
    expect((await put(['Acme.Zendesk.com'])).json().message).toBe('body.hosts.0: must be lowercase: write "acme.zendesk.com"');
    expect((await put(['acme.zendesk.com', 'acme.zendesk.com'])).json().message).toBe('body.hosts: must list each host once');
    expect((await put('acme.zendesk.com')).statusCode).toBe(400);
    // Nothing changed by the refused writes.
    expect((await call('agent@acme.test', 'GET', '/v1/helpdesk-hosts')).json().hosts).toEqual([...ACME_HELPDESK_HOSTS].sort());
  });

  it('only admins set them (403 for every other role), and the change is audit-logged', async () => {
    for (const who of ['agent', 'lead', 'auditor'])
      expect((await call(`${who}@acme.test`, 'PUT', '/v1/helpdesk-hosts', { hosts: ['acme.zendesk.com'] })).statusCode).toBe(403);
    await setHosts('acme', [...ACME_HELPDESK_HOSTS, 'acme2.zendesk.com']);
    await setHosts('acme', ACME_HELPDESK_HOSTS);
    const entries = await t.app.repos.audit.list(acme().tenantId);
    const changes = entries.filter((e) => e.action === 'helpdesk-hosts.update').slice(0, 2);
    expect(changes.map((e) => e.detail)).toMatchObject([
      { added: [], removed: ['acme2.zendesk.com'] },
      { added: ['acme2.zendesk.com'], removed: [] },
    ]);
    expect(changes[0]!.actorId).toBe(acme().users.admin);
  });

  it("one tenant's admin changes only their own tenant's hosts", async () => {
    await setHosts('globex', ['globex.zendesk.com', 'acme.zendesk.com']);
    try {
      expect((await call('agent@acme.test', 'GET', '/v1/helpdesk-hosts')).json().hosts).toEqual([...ACME_HELPDESK_HOSTS].sort());
      // Globex listing Acme's host lets Globex's agents open there, and they still never see Acme's customers.
      const g = await agent('agent@globex.test');
      const res = opened(await open(g, 'acme.zendesk.com', '101', { email: 'dana.whitfield@example.com', helpdeskId: '9001' }));
      expect(res.status).toBe('unknown');
    } finally {
      await setHosts('globex', GLOBEX_HELPDESK_HOSTS);
    }
  });
});

describe('rows from before instances (migration 0010 and the pinning rule)', () => {
  /** A tenant as an upgrade leaves it: users, no pinned hosts yet, its legacy rows not settled. */
  async function upgradedTenant(slug: string) {
    const repos = t.app.repos;
    const tenantId = await repos.tenants.create(slug, slug);
    const admin = await repos.users.create({ tenantId, email: `admin@${slug}.test`, name: 'Ada', role: 'admin', password: 'leeway-demo' });
    const agentId = await repos.users.create({
      tenantId,
      email: `agent@${slug}.test`,
      name: 'Alex',
      role: 'agent',
      password: 'leeway-demo',
    });
    return { tenantId, admin, agentId, put: (hosts: string[]) => call(`admin@${slug}.test`, 'PUT', '/v1/helpdesk-hosts', { hosts }) };
  }

  it("a legacy requester id never matches until the tenant's first pinning scopes it to its single host for that helpdesk", async () => {
    const u = await upgradedTenant('initech');
    const customerId = await t.app.repos.customers.create(u.tenantId, {
      name: 'Lena Legacy',
      tier: 'silver',
      lifetimeValueCents: 0,
      customerSince: 0,
      helpdeskIds: ['zendesk:7777'],
    });
    const raw = await t.raw();
    // An interaction and a sentiment score as the server wrote them before instances.
    const legacyInteraction = randomUUID();
    await raw.run(
      'insert into interactions (id, tenant_id, user_id, customer_id, helpdesk, ticket_id, opened_at) values (?, ?, ?, ?, ?, ?, ?)',
      legacyInteraction,
      u.tenantId,
      u.agentId,
      customerId,
      'zendesk',
      '55',
      Date.now(),
    );
    await raw.run(
      'insert into conversation_scores (tenant_id, customer_id, ticket_ref, message_hash, at, score) values (?, ?, ?, ?, ?, ?)',
      u.tenantId,
      customerId,
      'zendesk:55',
      'h1',
      Date.now(),
      -0.5,
    );
    const s = await agent('agent@initech.test');
    // No hosts yet: every page is refused, and the legacy id matches no scoped lookup anyway.
    expect(await open(s, 'initech.zendesk.com', '56', { helpdeskId: '7777' })).toEqual({ error: UNPINNED('initech.zendesk.com') });
    expect(
      (
        await t.app.repos.customers.resolveRequester(
          u.tenantId,
          { helpdesk: 'zendesk', instance: 'initech.zendesk.com' },
          { helpdeskId: '7777' },
        )
      ).status,
    ).toBe('unknown');

    expect((await u.put(['initech.zendesk.com', 'initech.freshdesk.com'])).statusCode).toBe(200); // one Zendesk host: the rule applies
    expect(await raw.all('select value from identities where customer_id = ?', customerId)).toEqual([
      { value: 'zendesk@initech.zendesk.com:7777' },
    ]);
    expect(await raw.one('select instance from interactions where id = ?', legacyInteraction)).toEqual({ instance: 'initech.zendesk.com' });
    expect(
      await raw.one('select ticket_ref as "ticketRef" from conversation_scores where tenant_id = ? and message_hash = ?', u.tenantId, 'h1'),
    ).toEqual({ ticketRef: 'zendesk@initech.zendesk.com:55' });
    expect(nameOf(opened(await open(s, 'initech.zendesk.com', '56', { helpdeskId: '7777' })))).toBe('Lena Legacy');
    const audit = (await t.app.repos.audit.list(u.tenantId)).find((e) => e.action === 'helpdesk-hosts.update');
    expect(audit?.detail).toMatchObject({
      added: ['initech.freshdesk.com', 'initech.zendesk.com'],
      removed: [],
      scoped: { identities: 1, interactions: 1, conversationScores: 1 },
    });
  });

  it('with two hosts of that helpdesk pinned first, a legacy id cannot be told apart: unscoped for good, matching neither', async () => {
    const u = await upgradedTenant('hooli');
    const customerId = await t.app.repos.customers.create(u.tenantId, {
      name: 'Otto Ambiguous',
      tier: 'silver',
      lifetimeValueCents: 0,
      customerSince: 0,
      helpdeskIds: ['zendesk:8888'],
    });
    expect((await u.put(['hooli.zendesk.com', 'hooli-eu.zendesk.com'])).statusCode).toBe(200);
    const stored = () => t.raw().then((raw) => raw.all('select value from identities where customer_id = ?', customerId));
    expect(await stored()).toEqual([{ value: 'zendesk:8888' }]);
    const s = await agent('agent@hooli.test');
    for (const host of ['hooli.zendesk.com', 'hooli-eu.zendesk.com'])
      expect(opened(await open(s, host, '57', { helpdeskId: '8888' })).status).toBe('unknown');
    // Dropping one host later does not make the old rows the other's: they were settled on the first pinning.
    expect((await u.put(['hooli.zendesk.com'])).statusCode).toBe(200);
    expect(await stored()).toEqual([{ value: 'zendesk:8888' }]);
    expect(opened(await open(s, 'hooli.zendesk.com', '58', { helpdeskId: '8888' })).status).toBe('unknown');
  });

  it('a self-hosted helpdesk’s legacy ids are never guessed', async () => {
    const u = await upgradedTenant('piedpiper');
    const customerId = await t.app.repos.customers.create(u.tenantId, {
      name: 'Fred Freescout',
      tier: 'silver',
      lifetimeValueCents: 0,
      customerSince: 0,
      helpdeskIds: ['freescout:31'],
    });
    expect((await u.put(['help.piedpiper.test'])).statusCode).toBe(200);
    expect(await (await t.raw()).all('select value from identities where customer_id = ?', customerId)).toEqual([
      { value: 'freescout:31' },
    ]);
  });

  it('an old outbox record without an instance is still stored: scoped from its interaction, else under the legacy ref', async () => {
    const s = await agent();
    const o = opened(await open(s, 'acme.zendesk.com', '501', { email: 'dana.whitfield@example.com' }));
    const body = (over: object) => ({
      idempotencyKey: randomUUID(),
      customerId: dana(),
      helpdesk: 'zendesk',
      ticketId: '501',
      outcome: 'resolved',
      category: 'billing',
      handleTimeSeconds: 60,
      ...over,
    });
    const fromInteraction = await s.emitWithAck('resolution:submit', body({ interactionId: o.interactionId }) as never);
    const bare = await s.emitWithAck('resolution:submit', body({ ticketId: '502' }) as never);
    const withInstance = await s.emitWithAck('resolution:submit', body({ ticketId: '503', instance: 'acme.zendesk.com' }) as never);
    const refOf = async (res: Response<{ id: string }>) => {
      if (!('data' in res)) throw new Error(res.error);
      return (await (await t.raw()).one<{ ref: string }>('select ticket_ref as ref from resolution_log where id = ?', res.data.id))!.ref;
    };
    expect(await refOf(fromInteraction)).toBe('zendesk@acme.zendesk.com:501');
    expect(await refOf(bare)).toBe('zendesk:502');
    expect(await refOf(withInstance)).toBe('zendesk@acme.zendesk.com:503');
  });

  it("a business system's unscoped ticket ref finds the scoped resolution by the same rule (survey attached)", async () => {
    const s = await agent();
    const stored = await s.emitWithAck('resolution:submit', {
      idempotencyKey: randomUUID(),
      customerId: dana(),
      helpdesk: 'zendesk',
      instance: 'acme.zendesk.com',
      ticketId: '601',
      outcome: 'resolved',
      category: 'billing',
      handleTimeSeconds: 60,
    } as never);
    if (!('data' in stored)) throw new Error(stored.error);
    const key = (await t.app.repos.tenants.ingestKey('acme-demo'))!;
    const ev = await postEvent(t.url, key, {
      id: randomUUID(),
      type: 'survey.answered',
      customer: { email: 'dana.whitfield@example.com' },
      data: { survey: 'csat', score: 5, ticketRef: 'zendesk:601' },
    });
    expect(ev.status).toBe(200);
    const raw = await t.raw();
    expect(await raw.one("select ref_id as \"refId\" from resolution_log where kind = 'survey' and ticket_ref = 'zendesk:601'")).toEqual({
      refId: (stored.data as { id: string }).id,
    });
  });
});
