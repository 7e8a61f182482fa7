/**
 * Helpdesk instances (issue 15): rows from before instances are scoped by one rule (migration
 * 0010 and the tenant's first pinning of its hosts).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postEvent } from '../support/webhook';
import type { Response } from '@shared/events';
import { startTestApp, type TestApp } from '../support/app';
import { instanceHelpers, nameOf, open, opened, UNPINNED } from '../support/helpdesk-instances';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const { dana, call, agent } = instanceHelpers(() => t);

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
