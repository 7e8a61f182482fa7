/**
 * Migration 0010 (helpdesk instances) on a database written before it, on the engine under test:
 * legacy rows survive unchanged and unscoped (a scoped lookup never matches them), and pinning
 * the tenant's hosts scopes them by the one rule (shared/helpdesk-instance.ts legacyInstanceFor).
 */
import { describe, expect, it } from 'vitest';
import { upgradedFrom } from '../support/migrate-before';
import { engine } from '../support/test-database';

const T = 'legacy-tenant';
const U = 'legacy-agent';
const C = 'legacy-customer';
const now = Date.now();

// What a deployment held before instances: a helpdesk identity, an interaction, a sentiment score.
const app = upgradedFrom('0010_helpdesk_instances', async (raw) => {
  await raw.run('insert into tenants (id, slug, name, created_at) values (?, ?, ?, ?)', T, 'legacy', 'Legacy', now);
  await raw.run(
    "insert into users (id, tenant_id, email, name, role, password_hash, created_at) values (?, ?, ?, ?, 'agent', 'x', ?)",
    U,
    T,
    'agent@legacy.test',
    'Lee Legacy',
    now,
  );
  await raw.run(
    "insert into customers (id, tenant_id, name, tier, customer_since, created_at) values (?, ?, ?, 'gold', 0, ?)",
    C,
    T,
    'Lena Legacy',
    now,
  );
  await raw.run("insert into identities (tenant_id, kind, value, customer_id) values (?, 'helpdesk', 'zendesk:9001', ?)", T, C);
  await raw.run("insert into identities (tenant_id, kind, value, customer_id) values (?, 'helpdesk', 'freescout:12', ?)", T, C);
  await raw.run(
    "insert into interactions (id, tenant_id, user_id, customer_id, helpdesk, ticket_id, opened_at) values ('legacy-i', ?, ?, ?, 'zendesk', '101', ?)",
    T,
    U,
    C,
    now,
  );
  await raw.run(
    "insert into conversation_scores (tenant_id, customer_id, ticket_ref, message_hash, at, score) values (?, ?, 'zendesk:101', 'm1', ?, 0.5)",
    T,
    C,
    now,
  );
});

const resolve9001 = (instance: string) =>
  app().app.repos.customers.resolveRequester(T, { helpdesk: 'zendesk', instance }, { helpdeskId: '9001' });

describe(`migration 0010 on ${engine}`, () => {
  it('keeps legacy rows as they were: unscoped, interactions without an instance', async () => {
    const raw = await app().raw();
    expect(await raw.all('select value from identities where tenant_id = ? order by value', T)).toEqual([
      { value: 'freescout:12' },
      { value: 'zendesk:9001' },
    ]);
    expect(await raw.one('select instance, ticket_id as "ticketId" from interactions where id = \'legacy-i\'')).toEqual({
      instance: null,
      ticketId: '101',
    });
    expect(await raw.one('select count(*) as n from helpdesk_hosts where tenant_id = ?', T)).toEqual({ n: 0 });
  });

  it('a legacy requester id matches no scoped lookup', async () => {
    expect((await resolve9001('acme.zendesk.com')).status).toBe('unknown');
  });

  it("pinning the tenant's single Zendesk host scopes its legacy Zendesk rows there; the self-hosted one stays unscoped", async () => {
    const change = await app().app.repos.helpdeskHosts.replace(T, U, ['legacy.zendesk.com', 'help.legacy.test']);
    expect(change.scoped).toEqual({ identities: 1, interactions: 1, conversationScores: 1 });
    const raw = await app().raw();
    expect(await raw.all('select value from identities where tenant_id = ? order by value', T)).toEqual([
      { value: 'freescout:12' },
      { value: 'zendesk@legacy.zendesk.com:9001' },
    ]);
    expect(await raw.one("select instance from interactions where id = 'legacy-i'")).toEqual({ instance: 'legacy.zendesk.com' });
    expect(await raw.one('select ticket_ref as "ticketRef" from conversation_scores where tenant_id = ?', T)).toEqual({
      ticketRef: 'zendesk@legacy.zendesk.com:101',
    });
    expect(await resolve9001('legacy.zendesk.com')).toMatchObject({ status: 'known', customerId: C });
    expect((await resolve9001('other.zendesk.com')).status).toBe('unknown');
  });
});
