/**
 * The audit listing names the person an entry is about (the console writes rows in words), and
 * only from the entry's own tenant: an id from another tenant names nobody.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

describe('audit entries name their target', () => {
  it('a user and a customer of the same tenant by name; another tenant’s by none', async () => {
    const { acme, globex } = t.seeded;
    const repos = t.app.repos;
    await t.app.db.tx(async () => {
      await repos.audit.record(acme.tenantId, acme.users.admin, 'user.deactivate', `user:${acme.users.senior}`);
      await repos.audit.record(acme.tenantId, acme.users.agent, 'pii.reveal', `customer:${acme.customers['marco.rossi@example.com']}`, {
        field: 'phone',
      });
      await repos.audit.record(acme.tenantId, acme.users.admin, 'user.deactivate', `user:${globex.users.senior}`);
      await repos.audit.record(acme.tenantId, acme.users.admin, 'customer.erase', `customer:${globex.customers['hank@globex.example']}`);
    });
    const { entries } = await repos.audit.page(acme.tenantId, {}, 4);
    expect(entries.map((e) => [e.action, e.targetName])).toEqual([
      ['customer.erase', null],
      ['user.deactivate', null],
      ['pii.reveal', 'Marco Rossi'],
      ['user.deactivate', 'Sasha Senior'],
    ]);
  });
});
