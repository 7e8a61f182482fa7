/**
 * Helpdesk instances and pinned hosts (issue 15): requester ids and ticket refs count only on
 * their own instance, identities that disagree are a conflict shown to the agent, and
 * interactions come only from the tenant's pinned hosts. Rows from before instances:
 * helpdesk-instances.legacy-rows.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACME_HELPDESK_HOSTS, GLOBEX_HELPDESK_HOSTS } from '../../server/src/demo/hosts';
import { startTestApp, type TestApp } from '../support/app';
import { instanceHelpers, nameOf, open, opened, UNPINNED } from '../support/helpdesk-instances';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const { acme, dana, call, setHosts, agent } = instanceHelpers(() => t);

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
