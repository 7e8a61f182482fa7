/**
 * An admin sets the tenant's offers for next best action (issue 23): each save is a new version,
 * audited with it; mistakes come back in words, an offer naming an action the policy does not
 * have is refused; supervisors and QA read them, agents do not, and another tenant sees none.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OfferInput } from '@shared/nba/offer';
import { DEMO_OFFERS } from '../../server/src/demo/offers';
import { DEMO_PASSWORD } from '../../server/src/demo/seed';
import { startTestApp, type TestApp } from '../support/app';
import { ADMIN, auditHelpers } from '../support/audit-log/api';

let t: TestApp;
const tok: Record<string, string> = {};
beforeAll(async () => {
  t = await startTestApp();
  for (const e of [ADMIN, 'agent@acme.test', 'lead@acme.test', 'auditor@acme.test', 'admin@globex.test']) tok[e] = await t.token(e);
});
afterAll(() => t.close());

const { call, during, admin, expectStatus } = auditHelpers(() => t, tok);
const URL = '/v1/settings/offers';

const credit: OfferInput = {
  id: 'winback-credit',
  name: 'Win-back credit',
  kind: { type: 'action', action: 'account_credit', reasonCode: 'goodwill' },
  amount: { rule: 'fixed', cents: 1_500 },
  eligibility: { churnAtLeast: 'medium' },
  businessValueCents: 9_000,
};
const callBack: OfferInput = { id: 'call-back', name: 'Call back', kind: { type: 'step', step: 'call_back' }, businessValueCents: 800 };

describe('offer settings', () => {
  it('start from the demo offers, and an admin saves a new version, read back as saved and audited', async () => {
    const demo = expectStatus(await call(ADMIN, 'GET', URL), 200);
    expect(demo).toMatchObject({ version: 1, note: 'Demo offers', createdBy: t.seeded.acme.users.admin });
    expect(demo.offers.map((o: { id: string }) => o.id)).toEqual(DEMO_OFFERS.map((o) => o.id));

    let saved: Record<string, unknown> = {};
    const entries = await during(
      async () => (saved = expectStatus(await call(ADMIN, 'PUT', URL, { offers: [credit, callBack], note: 'Fewer, bolder' }), 200)),
    );
    expect(saved).toMatchObject({ version: 2, note: 'Fewer, bolder', createdBy: t.seeded.acme.users.admin });
    // Stored as the schema reads them: defaults filled in.
    expect(saved.offers).toEqual([
      { ...credit, leverWeight: 1, prior: { alpha: 1, beta: 1 } },
      { ...callBack, eligibility: {}, leverWeight: 1, prior: { alpha: 1, beta: 1 } },
    ]);
    expect(expectStatus(await call('lead@acme.test', 'GET', URL), 200)).toEqual(saved);
    expect(expectStatus(await call('auditor@acme.test', 'GET', URL), 200)).toEqual(saved);

    const versions = expectStatus(await call(ADMIN, 'GET', `${URL}/versions`), 200) as { version: number; note: string }[];
    expect(versions.map((v) => [v.version, v.note])).toEqual([
      [2, 'Fewer, bolder'],
      [1, 'Demo offers'],
    ]);

    // call-back stays under its id with other terms: changed, not removed and added.
    const removed = DEMO_OFFERS.map((o) => o.id).filter((id) => id !== 'call-back');
    expect(entries).toEqual([
      {
        id: expect.any(Number),
        at: expect.any(String),
        action: 'offers.update',
        target: 'offers:v2',
        targetName: null,
        actor: admin(),
        detail: {
          version: 2,
          previousVersion: 1,
          offers: 2,
          added: { ids: ['winback-credit'] },
          changed: { ids: ['call-back'] },
          removed: { ids: removed },
        },
      },
    ]);
  });

  it('say what is wrong with an offer, in words, and keep the version as it was', async () => {
    const bad = await call(ADMIN, 'PUT', URL, {
      offers: [{ ...credit, amount: undefined }, { ...callBack, amount: { rule: 'fixed', cents: 100 } }, callBack],
    });
    expect(bad.statusCode).toBe(400);
    const message = bad.json().message as string;
    expect(message).toContain('body.offers.0.amount: is required for an action: fixed, percent or range');
    expect(message).toContain('body.offers.1.amount: must be left out for a step: a step grants no money');
    expect(message).toContain('body.offers.2.id: “call-back” is used by another offer: ids must be unique');

    const shape = await call(ADMIN, 'PUT', URL, { offers: [{ ...credit, businessValueCents: -1, kind: { type: 'gift' } }] });
    expect(shape.statusCode).toBe(400);
    expect(shape.json().message).toContain('body.offers.0.businessValueCents: must not be negative');
    expect(shape.json().message).toContain('type must be action (something the policy grants) or step');
    expect((await call(ADMIN, 'PUT', URL, { offers: [], extra: 1 })).statusCode).toBe(400);
    expect(expectStatus(await call(ADMIN, 'GET', URL), 200).version).toBe(2);
  });

  it("refuse an action the policy in force does not have, or a reason it does not know, naming the policy's own", async () => {
    const res = await call(ADMIN, 'PUT', URL, {
      offers: [
        callBack,
        { ...credit, kind: { type: 'action', action: 'teleport' } },
        { ...credit, id: 'no-reason', kind: { type: 'action', action: 'account_credit' } },
        { ...credit, id: 'odd-reason', kind: { type: 'action', action: 'account_credit', reasonCode: 'birthday' } },
      ],
    });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.message).toMatch(/^The offers have 3 problems: /);
    expect(body.issues).toEqual([
      {
        path: 'body.offers.1.kind.action',
        message:
          '“teleport” is not an action of your policy: use one of refund, account_credit, discount, fee_waiver, free_replacement, expedited_shipping, goodwill_gesture',
      },
      {
        path: 'body.offers.2.kind.reasonCode',
        message: 'is required: Account credit needs a reason, one of service_outage, billing_error, goodwill',
      },
      {
        path: 'body.offers.3.kind.reasonCode',
        message: '“birthday” is not a reason for Account credit: use one of service_outage, billing_error, goodwill',
      },
    ]);
    expect(expectStatus(await call(ADMIN, 'GET', URL), 200).version).toBe(2);
  });

  it('are changed by admins only, read by supervisors and QA, and never by an agent', async () => {
    for (const who of ['lead@acme.test', 'auditor@acme.test', 'agent@acme.test'])
      expect((await call(who, 'PUT', URL, { offers: [callBack] })).statusCode, who).toBe(403);
    expect((await call('agent@acme.test', 'GET', URL)).statusCode).toBe(403);
    expect((await call('agent@acme.test', 'GET', `${URL}/versions`)).statusCode).toBe(403);
    expect(expectStatus(await call(ADMIN, 'GET', URL), 200).version).toBe(2);
  });

  it("are the tenant's own: another tenant neither sees nor changes them", async () => {
    const theirs = expectStatus(await call('admin@globex.test', 'GET', URL), 200);
    expect(theirs).toMatchObject({ version: 1, note: 'Demo offers' });
    expect(JSON.stringify(theirs)).not.toContain('winback-credit');
    expect(JSON.stringify(expectStatus(await call('admin@globex.test', 'GET', `${URL}/versions`), 200))).not.toContain('Fewer, bolder');
    expect(expectStatus(await call('admin@globex.test', 'PUT', URL, { offers: [callBack] }), 200).version).toBe(2);
    expect(expectStatus(await call(ADMIN, 'GET', URL), 200)).toMatchObject({ version: 2, note: 'Fewer, bolder' });
  });

  it('are version 0 and empty for a tenant that has none, whose first save is version 1', async () => {
    const tenantId = await t.app.repos.tenants.create('offers-first', 'Offers First');
    const email = 'admin@offers-first.test';
    await t.app.repos.users.create({ tenantId, email, name: 'First Admin', role: 'admin', password: DEMO_PASSWORD });
    tok[email] = await t.token(email);
    expect(expectStatus(await call(email, 'GET', URL), 200)).toEqual({
      version: 0,
      offers: [],
      createdAt: null,
      createdBy: null,
      note: null,
    });
    expect(expectStatus(await call(email, 'GET', `${URL}/versions`), 200)).toEqual([]);
    // No policy in force: a step may be offered, an action may not.
    const refused = await call(email, 'PUT', URL, { offers: [credit] });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().message).toContain(
      'body.offers.0.kind.action: no policy is in force yet: publish one before offering its actions',
    );
    expect(expectStatus(await call(email, 'PUT', URL, { offers: [callBack] }), 200)).toMatchObject({ version: 1, note: null });
  });

  it('saved again unchanged make a version of their own, whose audit entry names no change', async () => {
    // The stored copy is read back (on PostgreSQL with its keys reordered) and compared with the new one.
    const entries = await during(async () => expectStatus(await call(ADMIN, 'PUT', URL, { offers: [callBack, credit] }), 200));
    expect(entries.map((e) => [e.target, e.detail])).toEqual([
      ['offers:v3', { version: 3, previousVersion: 2, offers: 2, added: { ids: [] }, changed: { ids: [] }, removed: { ids: [] } }],
    ]);
  });
});
