/**
 * Who is calling (issue 22): the number a phone desktop shows, however it is written, finds the
 * customer who holds it in this tenant; a number two customers claim is a conflict naming both;
 * withheld and unreadable numbers are said as such; another tenant's customer is nobody here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const acme = () => t.seeded.acme.tenantId;
const who = (raw: string | null, tenantId = acme()) => t.app.repos.customers.whoIsCalling(tenantId, raw);
const customer = (tenantId: string, name: string, phones: string[]) =>
  t.app.repos.customers.create(tenantId, { name, tier: 'standard', lifetimeValueCents: 0, customerSince: Date.now(), phones });

describe('who is calling', () => {
  it('finds the customer holding the number, however the line writes it', async () => {
    const dana = t.seeded.acme.customers['dana.whitfield@example.com']!;
    for (const line of [
      '+14155550100',
      '(415) 555-0100',
      '415/555-0100',
      '1-415-555-0100',
      '011 1 415 555 0100',
      'tel:+14155550100',
      '415.555.0100 x12',
    ])
      expect(await who(line), line).toEqual({ status: 'known', customerId: dana, e164: '+14155550100' });
  });

  it('finds a customer known by nothing but a phone number', async () => {
    const id = await customer(acme(), 'Phone Only', ['+44 20 7946 0111']);
    expect(await who('0044 20 7946 0111')).toEqual({ status: 'known', customerId: id, e164: '+442079460111' });
  });

  it('names both customers of a number two of them claim, and picks neither', async () => {
    const first = await customer(acme(), 'Shared Line One', ['+1 212 555 0142']);
    const second = await customer(acme(), 'Shared Line Two', ['212-555-0142']);
    expect(await who('(212) 555-0142')).toEqual({ status: 'conflict', customerIds: [first, second].sort(), e164: '+12125550142' });
  });

  it('a call from a number two customers claim opens on neither: the panel names both', async () => {
    const first = await customer(acme(), 'Household One', ['+1 312 555 0177']);
    await customer(acme(), 'Household Two', ['312-555-0177']);
    const page = { helpdesk: 'amazon-connect', instance: 'acme.my.connect.aws' };
    const match = await t.app.repos.customers.resolveRequester(acme(), page, { phone: '+13125550177' });
    expect(match).toMatchObject({ status: 'conflict', customerId: null });
    expect(match.status === 'conflict' && match.message).toContain('is on the records of Household One and Household Two');
    // Once the dispute is settled, the holder is the caller again.
    await t.app.db.q.update(t.app.db.t.identityConflicts).set({ resolvedAt: Date.now() });
    expect(await t.app.repos.customers.resolveRequester(acme(), page, { phone: '+13125550177' })).toMatchObject({
      status: 'known',
      customerId: first,
    });
  });

  it('says withheld and unreadable numbers are so, and knows nobody of another tenant', async () => {
    expect(await who('anonymous')).toEqual({ status: 'withheld' });
    expect(await who(null)).toEqual({ status: 'withheld' });
    expect(await who('555-01')).toEqual({ status: 'unreadable' });
    expect(await who('+14155550100', t.seeded.globex.tenantId)).toEqual({ status: 'unknown', e164: '+14155550100' });
  });
});
