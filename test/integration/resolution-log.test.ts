/**
 * The resolution log: stored once per key, hash-chained, verified; any change, removal or
 * reordering of a stored entry is named; erasure and retention keep it verifiable. A process
 * killed mid-burst: resolution-log.kill-burst.test.ts.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';
import { storedKeyLike } from '../support/client-key';
import { resolutionLogHelpers } from '../support/resolution-log';
import { postEvent } from '../support/webhook';

let t: TestApp;
let agent: string;
let tenantId: string;
beforeAll(async () => {
  t = await startTestApp();
  agent = await t.token('agent@acme.test');
  tenantId = t.seeded.acme.tenantId;
});
afterAll(() => t.close());

const { dana, sql, one, all, reinsert, resolution, submit, verify } = resolutionLogHelpers(() => ({ t, agent, tenantId }));

describe('appending', () => {
  it('stores a record once however often, and however concurrently, it is sent', async () => {
    const body = resolution();
    const replies = await Promise.all(Array.from({ length: 20 }, () => submit(body)));
    expect(replies.map((r) => r.statusCode).sort()).toEqual([...Array(19).fill(200), 201]);
    expect(new Set(replies.map((r) => r.json().id)).size).toBe(1);
    expect(
      (
        await one<{ n: number }>(
          'select count(*) as n from resolution_log where idempotency_key like ?',
          storedKeyLike(body.idempotencyKey),
        )
      ).n,
    ).toBe(1);
  });

  it('marks actions within leeway or through an exception from the recorded grants, and refuses made-up ones', async () => {
    const g = await t.app.inject({
      method: 'POST',
      url: '/v1/grants',
      headers: { authorization: `Bearer ${agent}` },
      payload: { customerId: dana(), action: 'goodwill_gesture', amountCents: 500, idempotencyKey: randomUUID() },
    });
    const grantId = g.json().grant.id;
    const ok = await submit(resolution({ actions: [{ action: 'goodwill_gesture', amountCents: 500, grantId }] }));
    expect(ok.statusCode).toBe(201);
    const stored = (await t.app.repos.log.byId(tenantId, ok.json().id))!;
    expect(await t.app.repos.log.readPayload(tenantId, stored)).toMatchObject({
      actions: [{ action: 'goodwill_gesture', via: 'leeway' }],
      note: 'Refunded the double charge; Dana at 555-0100 was happy',
    });
    const bad = await submit(resolution({ actions: [{ action: 'refund', amountCents: 99_900, grantId }] }));
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toBe(`actions.0: grant ${grantId} was goodwill_gesture of 500 cents`);
  });

  it('stores personal fields sealed, never in clear', async () => {
    const res = await submit(resolution({ note: 'Secret phone 555-0199' }));
    const raw = (await one<{ payload: string }>('select payload from resolution_log where id = ?', res.json().id)).payload;
    expect(raw).not.toContain('555-0199');
    expect(JSON.parse(raw).note.enc).toMatch(/^[A-Za-z0-9+/=]+$/);
  });

  it('attaches a later survey answer to the resolution of the same ticket', async () => {
    const res = await submit(resolution({ ticketId: '777' }));
    const key = (await t.app.repos.tenants.ingestKey('acme-demo'))!;
    const ev = await postEvent(
      t.url,
      { id: key.id, secret: key.secret },
      {
        type: 'survey.answered',
        customer: { email: 'dana.whitfield@example.com' },
        data: { survey: 'csat', score: 5, comment: 'Great help', ticketRef: 'zendesk:777' },
      },
    );
    expect(ev.status).toBe(200);
    const survey = await one<{ refId: string }>(
      `select ref_id as "refId" from resolution_log where kind = 'survey' and ticket_ref = 'zendesk:777'`,
    );
    expect(survey.refId).toBe(res.json().id);
  });
});

describe('what attaches later', () => {
  it('a reopened ticket and a repeat contact within days attach to the resolution; a correction points at its original', async () => {
    const res = await submit(resolution({ ticketId: '888' }));
    const key = (await t.app.repos.tenants.ingestKey('acme-demo'))!;
    const send = (data: object) =>
      postEvent(
        t.url,
        { id: key.id, secret: key.secret },
        { type: 'contact.opened', customer: { email: 'dana.whitfield@example.com' }, data },
      );
    expect((await send({ channel: 'email', ticketRef: 'zendesk:888' })).status).toBe(200);
    expect((await send({ channel: 'chat', ticketRef: 'zendesk:889' })).status).toBe(200);
    const attached = await all('select kind, ticket_ref as "ticketRef" from resolution_log where ref_id = ? order by seq', res.json().id);
    expect(attached).toEqual([
      { kind: 'reopening', ticketRef: 'zendesk:888' },
      { kind: 'repeat_contact', ticketRef: 'zendesk:889' },
    ]);
    const fix = await t.app.inject({
      method: 'POST',
      url: `/v1/resolutions/${res.json().id}/corrections`,
      headers: { authorization: `Bearer ${agent}` },
      payload: { idempotencyKey: randomUUID(), outcome: 'unresolved', note: 'It came back the next day' },
    });
    expect(fix.statusCode).toBe(201);
    const other = await t.token('senior@acme.test');
    const notMine = await t.app.inject({
      method: 'POST',
      url: `/v1/resolutions/${res.json().id}/corrections`,
      headers: { authorization: `Bearer ${other}` },
      payload: { idempotencyKey: randomUUID(), note: 'x' },
    });
    expect(notMine.json().message).toBe('Agents correct only their own resolutions');
    expect((await verify()).ok).toBe(true);
  });
});

describe('verification', () => {
  it('verifies an untouched log', async () => {
    expect(await verify()).toMatchObject({ ok: true, problem: null });
  });

  const tamper: [string, () => Promise<() => Promise<unknown>>, RegExp][] = [
    [
      'a changed payload',
      async () => {
        const { payload } = await one<{ payload: string }>('select payload from resolution_log where tenant_id = ? and seq = 2', tenantId);
        await sql(
          'update resolution_log set payload = ? where tenant_id = ? and seq = 2',
          payload.replace('"resolved"', '"unresolved"'),
          tenantId,
        );
        return () => sql('update resolution_log set payload = ? where tenant_id = ? and seq = 2', payload, tenantId);
      },
      /^entry 2 was altered: its content no longer matches its digest$/,
    ],
    [
      'a changed field',
      async () => {
        await sql("update resolution_log set ticket_ref = 'zendesk:999' where tenant_id = ? and seq = 3", tenantId);
        return () => sql("update resolution_log set ticket_ref = 'zendesk:101' where tenant_id = ? and seq = 3", tenantId);
      },
      /^entry 3 was altered: its fields no longer match its hash$/,
    ],
    [
      'a removed entry',
      async () => {
        const row = await one<Record<string, unknown>>('select * from resolution_log where tenant_id = ? and seq = 2', tenantId);
        await sql('delete from resolution_log where tenant_id = ? and seq = 2', tenantId);
        return () => reinsert(row);
      },
      /^entry 2 is missing: removed$/,
    ],
    [
      'two entries swapped',
      async () => {
        const swap = async () => {
          await sql('update resolution_log set seq = -1 where tenant_id = ? and seq = 2', tenantId);
          await sql('update resolution_log set seq = 2 where tenant_id = ? and seq = 3', tenantId);
          return sql('update resolution_log set seq = 3 where tenant_id = ? and seq = -1', tenantId);
        };
        await swap();
        return swap;
      },
      /^entry 2 does not follow entry 1/,
    ],
    [
      'the newest entry removed',
      async () => {
        const { n } = await one<{ n: number }>('select max(seq) as n from resolution_log where tenant_id = ?', tenantId);
        const row = await one<Record<string, unknown>>('select * from resolution_log where tenant_id = ? and seq = ?', tenantId, n);
        await sql('delete from resolution_log where tenant_id = ? and seq = ?', tenantId, n);
        return () => reinsert(row);
      },
      /the newest entries were removed$/,
    ],
  ];
  for (const [what, apply, message] of tamper) {
    it(`names the entry after ${what}`, async () => {
      const undo = await apply();
      const r = await verify();
      expect(await undo()).toBe(1); // the tampering really touched a row, and is undone
      expect(r.ok).toBe(false);
      expect(r.problem!.message).toMatch(message);
      expect((await verify()).ok).toBe(true);
    });
  }
});

describe('erasure and retention', () => {
  it('erases a customer’s personal data; their log fields become unreadable; the log still verifies', async () => {
    const priya = t.seeded.acme.customers['priya@example.com']!;
    const res = await submit(resolution({ customerId: priya, ticketId: '555', note: 'Priya, card ending 4242' }));
    const admin = await t.token('admin@acme.test');
    const erase = await t.app.inject({
      method: 'POST',
      url: `/v1/customers/${priya}/erase`,
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(erase.statusCode).toBe(200);
    const entry = (await t.app.repos.log.byId(tenantId, res.json().id))!;
    expect((await t.app.repos.log.readPayload(tenantId, entry))!.note).toBe('[erased]');
    expect(await one('select name from customers where id = ?', priya)).toEqual({ name: 'Erased customer' });
    expect(await one('select count(*) as n from identities where customer_id = ?', priya)).toEqual({ n: 0 });
    expect(await one("select count(*) as n from resolution_log where kind = 'erasure' and customer_id = ?", priya)).toEqual({ n: 1 });
    expect((await verify()).ok).toBe(true);
    const again = await t.app.inject({
      method: 'POST',
      url: `/v1/customers/${priya}/erase`,
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(again.json().status).toBe('duplicate');
  });

  it('prunes payloads past the retention period and still verifies what remains', async () => {
    await t.app.repos.log.setRetention(tenantId, 365);
    const later = Date.now() + 400 * 86_400_000;
    expect(await t.app.repos.log.prune(tenantId, later)).toBeGreaterThan(0);
    expect(await t.app.repos.log.verify(tenantId, later)).toMatchObject({ ok: true });
    // Seen from today, those payloads vanished too early: that is reported.
    expect((await t.app.repos.log.verify(tenantId)).problem?.message).toMatch(/lost its content before its retention period ended/);
  });

  it('keeps to the floor the tenant’s policy sets: the API refuses less, and a period lowered in the database neither prunes sooner nor excuses it', async () => {
    const admin = await t.token('admin@acme.test');
    const call = (method: 'POST' | 'PUT', url: string, payload: object) =>
      t.app.inject({ method, url, payload, headers: { authorization: `Bearer ${admin}` } });
    const { document } = (await t.app.repos.policies.current(tenantId))!;
    expect((await call('POST', '/v1/policy/versions', { document: { ...document, logRetentionMinDays: 20 } })).json().message).toMatch(
      /logRetentionMinDays: must be at least 30 days/,
    );
    expect(
      (await call('POST', '/v1/policy/versions', { document: { ...document, logRetentionMinDays: 400 }, note: 'keep five quarters' }))
        .statusCode,
    ).toBe(201);

    const refused = await call('PUT', '/v1/log/retention', { days: 100 });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().message).toMatch(
      /^days: must be at least 400 days: the policy in force \(version \d+\) sets the log's minimum retention/,
    );
    expect((await call('PUT', '/v1/log/retention', { days: 400 })).statusCode).toBe(200);

    // Lowered behind the API's back; a fresh entry to prune.
    await t.app.repos.log.setRetention(tenantId, 30);
    await submit(resolution({ ticketId: 'floor-1' }));
    const day = 86_400_000;
    expect(await t.app.repos.log.prune(tenantId, Date.now() + 380 * day)).toBe(0);
    expect(await t.app.repos.log.prune(tenantId, Date.now() + 401 * day)).toBeGreaterThan(0);
    expect(await t.app.repos.log.verify(tenantId, Date.now() + 402 * day)).toMatchObject({ ok: true });
    // Entries blanked by the earlier test, judged 380 days on: within the floor, so reported, though the stored period says 30.
    expect((await t.app.repos.log.verify(tenantId, Date.now() + 380 * day)).problem?.message).toMatch(
      /lost its content before its retention period ended/,
    );
  });
});
