/**
 * POST /v1/customers and PATCH /v1/customers/:id (issue 20): admins create and update customers in
 * the import's format; an identity another customer holds refuses the request whole, in a sentence;
 * other roles get 403, another tenant's customer 404; every write is audited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';

let t: TestApp;
let admin: string;
beforeAll(async () => {
  t = await startTestApp();
  admin = await t.token('admin@acme.test');
});
afterAll(() => t.close());

const acme = () => t.seeded.acme;
const send = (token: string, method: 'POST' | 'PATCH', url: string, payload: unknown) =>
  t.app.inject({ method, url, payload: payload as object, headers: { authorization: `Bearer ${token}` } });
const carla = {
  externalId: 'crm-7001',
  name: 'Carla Mendes',
  email: 'carla.mendes@example.org',
  phone: '(415) 555-0142',
  tier: 'silver',
  lifetimeValueCents: 25900,
  customerSince: '2024-03-01',
  consentMarketing: true,
};
const entries = async (action: string) => (await t.app.repos.audit.list(acme().tenantId, 10_000)).filter((e) => e.action === action);

describe('customers over REST', () => {
  it('creates a customer findable by each identity, audited; the same externalId again updates it', async () => {
    const created = await send(admin, 'POST', '/v1/customers', carla);
    expect(created.statusCode, created.body).toBe(201);
    const { customerId, created: isNew } = created.json();
    expect(isNew).toBe(true);
    for (const ref of [{ email: 'Carla.Mendes@example.org' }, { phone: '+14155550142' }, { externalId: 'crm-7001' }])
      expect(await t.app.repos.customers.resolveRef(acme().tenantId, ref)).toBe(customerId);
    expect(await t.app.repos.customers.profile(acme().tenantId, customerId)).toMatchObject({
      name: 'Carla Mendes',
      tier: 'silver',
      customerSince: Date.parse('2024-03-01'),
      consent: { marketing: true },
    });
    const [entry] = await entries('customer.create');
    expect(entry).toMatchObject({ target: `customer:${customerId}` });
    // Masked: the audit log names what was set without holding the contact details.
    expect(JSON.stringify(entry!.detail)).not.toContain('carla.mendes@example.org');

    const again = await send(admin, 'POST', '/v1/customers', { ...carla, tier: 'gold' });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toEqual({ customerId, created: false });
    expect((await t.app.repos.customers.profile(acme().tenantId, customerId))?.tier).toBe('gold');
  });

  it('updates the fields given and adds identities, keeping the rest', async () => {
    const id = await t.app.repos.customers.resolveRef(acme().tenantId, { externalId: 'crm-7001' });
    const res = await send(admin, 'PATCH', `/v1/customers/${id}`, {
      tier: 'platinum',
      consentPersonalisation: false,
      email: 'carla@work.example',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(await t.app.repos.customers.profile(acme().tenantId, id!)).toMatchObject({
      name: 'Carla Mendes',
      tier: 'platinum',
      consent: { marketing: true, personalisation: false },
    });
    expect(await t.app.repos.customers.resolveRef(acme().tenantId, { email: 'carla@work.example' })).toBe(id);
    expect((await entries('customer.update')).some((e) => e.target === `customer:${id}`)).toBe(true);
  });

  it('refuses, in a sentence and writing nothing, an email another customer holds', async () => {
    const before = (await entries('customer.create')).length;
    const res = await send(admin, 'POST', '/v1/customers', {
      ...carla,
      externalId: 'crm-7002',
      name: 'Not Dana',
      email: 'dana.whitfield@example.com',
      phone: '',
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().message).toBe(
      'email d***@example.com already belongs to Dana Whitfield, so nothing was saved: an identity is never moved from one customer to another. ' +
        'If they are the same person, a supervisor merges the two records.',
    );
    expect(await t.app.repos.customers.resolveRef(acme().tenantId, { externalId: 'crm-7002' })).toBeNull();
    expect((await entries('customer.create')).length).toBe(before);

    const id = await t.app.repos.customers.resolveRef(acme().tenantId, { externalId: 'crm-7001' });
    const patch = await send(admin, 'PATCH', `/v1/customers/${id}`, { name: 'Renamed', email: 'marco.rossi@example.com' });
    expect(patch.statusCode).toBe(409);
    expect(patch.json().message).toMatch(/^email m\*\*\*@example\.com already belongs to Marco Rossi, so nothing was saved/);
    expect((await t.app.repos.customers.profile(acme().tenantId, id!))?.name).toBe('Carla Mendes');
  });

  it('lets only admins write, and only their own tenant’s customers', async () => {
    const dana = acme().customers['dana.whitfield@example.com']!;
    for (const email of ['agent@acme.test', 'lead@acme.test', 'auditor@acme.test']) {
      const token = await t.token(email);
      expect((await send(token, 'POST', '/v1/customers', { ...carla, externalId: 'crm-role' })).statusCode).toBe(403);
      expect((await send(token, 'PATCH', `/v1/customers/${dana}`, { tier: 'gold' })).statusCode).toBe(403);
    }
    const globexAdmin = await t.token('admin@globex.test');
    const res = await send(globexAdmin, 'PATCH', `/v1/customers/${dana}`, { name: 'Taken Over' });
    expect(res.statusCode).toBe(404);
    expect((await t.app.repos.customers.profile(acme().tenantId, dana))?.name).toBe('Dana Whitfield');
  });

  it('names the field and the format expected in a bad body', async () => {
    const res = await send(admin, 'POST', '/v1/customers', {
      ...carla,
      externalId: 'crm-7003',
      customerSince: '01/03/2024',
      tier: 'diamond',
    });
    expect(res.statusCode).toBe(400);
    const { message } = res.json();
    expect(message).toContain('body.customerSince: must be an ISO 8601 date like 2024-03-01, or a date-time like 2024-03-01T09:30:00Z');
    expect(message).toContain('body.tier:');
    const unknown = await send(admin, 'PATCH', `/v1/customers/${acme().customers['dana.whitfield@example.com']}`, {
      customer_since: '2024-03-01',
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().message).toContain('unknown field customer_since');
    const phone = await send(admin, 'POST', '/v1/customers', { ...carla, externalId: 'crm-7004', phone: 'call me' });
    expect(phone.json().message).toContain('body.phone: “call me” is not a phone number: write it in E.164, like +14155550100');
  });
});
