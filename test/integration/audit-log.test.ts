/**
 * The audit log through the real API: each audited act writes exactly one entry naming its
 * actor, target and what changed (never personal values); admins read it with filters and
 * stable cursor pages, and export it as CSV; nobody else reads it, and no tenant sees
 * another's.
 */
import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AuditEntry, AuditPage } from '../../shared/schemas/audit';
import { startTestApp, type TestApp } from '../support/app';

let t: TestApp;
const tok: Record<string, string> = {};
const ADMIN = 'admin@acme.test';
beforeAll(async () => {
  t = await startTestApp();
  for (const e of [ADMIN, 'agent@acme.test', 'lead@acme.test', 'auditor@acme.test', 'admin@globex.test']) tok[e] = await t.token(e);
});
afterAll(() => t.close());

function call(who: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) {
  return t.app.inject({ method, url, headers: { authorization: `Bearer ${tok[who]}` }, ...(payload ? { payload } : {}) });
}
async function page(query: Record<string, string | number> = {}, who = ADMIN): Promise<AuditPage> {
  const res = await t.app.inject({
    method: 'GET',
    url: '/v1/audit',
    query: Object.fromEntries(Object.entries(query).map(([k, v]) => [k, String(v)])),
    headers: { authorization: `Bearer ${tok[who]}` },
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}
const newest = async () => (await page({ limit: 1 })).entries[0]?.id ?? 0;
/** The entries `act` wrote, read back through the API. */
async function during(act: () => Promise<unknown>): Promise<AuditEntry[]> {
  const before = await newest();
  await act();
  return (await page({ limit: 500 })).entries.filter((e) => e.id > before);
}
const acme = () => t.seeded.acme;
const admin = () => ({ id: acme().users.admin, name: 'Ada Admin', email: ADMIN, role: 'admin' });
const adapterDef = (name: string) => ({
  name,
  matches: ['https://support.audit-helpdesk.test/*'],
  ticketUrl: '/tickets/(\\d+)',
  selectors: { email: '.requester a[href^="mailto:"]' },
});
function expectStatus(res: { statusCode: number; body: string; json: () => any }, status: number) {
  expect(res.statusCode, res.body).toBe(status);
  return res.json();
}

describe('each audited act writes exactly one entry', () => {
  it('policy version published: version, previous version and the names of the rules changed', async () => {
    const current = expectStatus(await call(ADMIN, 'GET', '/v1/policy'), 200);
    const document = structuredClone(current.document);
    const limit = document.limits.find((l: { id: string }) => l.id === 'credit');
    limit.maxAmountCents = 4_000;
    document.escalation = document.escalation.slice(1);
    let version = 0;
    const entries = await during(
      async () =>
        (version = expectStatus(await call(ADMIN, 'POST', '/v1/policy/versions', { document, note: 'Raise credit' }), 201).version),
    );
    expect(entries).toEqual([
      {
        id: expect.any(Number),
        at: expect.any(String),
        action: 'policy.publish',
        target: `policy:v${version}`,
        actor: admin(),
        detail: {
          version,
          effectiveFrom: expect.any(String),
          previousVersion: version - 1,
          changes: {
            added: 0,
            removed: 1,
            changed: 1,
            rules: ['changed limits/credit: maxAmountCents', `removed escalation/${current.document.escalation[0].id}`],
          },
        },
      },
    ]);
  });

  it('helpdesk adapters created, updated and deleted: id and name', async () => {
    let id = '';
    const created = await during(
      async () => (id = expectStatus(await call(ADMIN, 'POST', '/v1/adapters', adapterDef('Audit Desk')), 201).id),
    );
    expect(created.map((e) => [e.action, e.target, e.detail, e.actor.id])).toEqual([
      ['adapter.create', `adapter:${id}`, { name: 'Audit Desk' }, acme().users.admin],
    ]);
    const updated = await during(async () => expectStatus(await call(ADMIN, 'PUT', `/v1/adapters/${id}`, adapterDef('Audit Desk 2')), 200));
    expect(updated.map((e) => [e.action, e.target, e.detail])).toEqual([['adapter.update', `adapter:${id}`, { name: 'Audit Desk 2' }]]);
    const deleted = await during(async () => expect((await call(ADMIN, 'DELETE', `/v1/adapters/${id}`)).statusCode).toBe(204));
    expect(deleted.map((e) => [e.action, e.target, e.detail])).toEqual([['adapter.delete', `adapter:${id}`, { name: 'Audit Desk 2' }]]);
    // A refused act is no act: nothing written.
    expect(await during(async () => expect((await call(ADMIN, 'DELETE', `/v1/adapters/${id}`)).statusCode).toBe(404))).toEqual([]);
  });

  it('custom event type declared: its type and fields', async () => {
    const fields = [{ name: 'plan', kind: 'string', required: true }];
    const entries = await during(async () =>
      expectStatus(await call(ADMIN, 'POST', '/v1/event-types', { type: 'custom.plan_viewed', label: 'Plan viewed', fields }), 201),
    );
    expect(entries.map((e) => [e.action, e.target, e.detail, e.actor.id])).toEqual([
      ['event-type.declare', 'event-type:custom.plan_viewed', { type: 'custom.plan_viewed', fields }, acme().users.admin],
    ]);
  });

  it('log retention changed: the period and how many payloads it pruned', async () => {
    const entries = await during(async () => expectStatus(await call(ADMIN, 'PUT', '/v1/log/retention', { days: 365 }), 200));
    expect(entries.map((e) => [e.action, e.target, e.detail])).toEqual([['log.retention', 'log:retention', { days: 365, pruned: 0 }]]);
  });

  it('customer erased: the customer id and the log entry, none of their data', async () => {
    const priya = acme().customers['priya@example.com']!;
    const entries = await during(async () => expectStatus(await call(ADMIN, 'POST', `/v1/customers/${priya}/erase`), 200));
    expect(entries.map((e) => [e.action, e.target, e.actor.id])).toEqual([['customer.erase', `customer:${priya}`, acme().users.admin]]);
    expect(entries[0]!.detail).toEqual({ logEntryId: expect.any(String), seq: expect.any(Number) });
    expect(JSON.stringify(entries[0])).not.toMatch(/priya/i);
  });

  it('QA scorecard version created: version and criterion ids', async () => {
    const criteria = [
      { id: 'followed_policy', label: 'Followed policy', weight: 3 },
      { id: 'tone', label: 'Tone', weight: 1 },
    ];
    const entries = await during(async () =>
      expectStatus(await call('auditor@acme.test', 'POST', '/v1/qa/scorecards', { criteria, note: 'Shorter' }), 201),
    );
    expect(entries).toEqual([
      expect.objectContaining({
        action: 'qa.scorecard.create',
        target: 'scorecard:v2',
        detail: { version: 2, criteria: ['followed_policy', 'tone'] },
        actor: { id: acme().users.auditor, name: 'Audrey Auditor', email: 'auditor@acme.test', role: 'auditor' },
      }),
    ]);
  });

  it('dispute decided: outcome and amended criteria, not the note', async () => {
    const dana = acme().customers['dana.whitfield@example.com']!;
    const resolution = expectStatus(
      await call('agent@acme.test', 'POST', '/v1/resolutions', {
        idempotencyKey: randomUUID(),
        customerId: dana,
        helpdesk: 'zendesk',
        ticketId: 'audit-1',
        outcome: 'resolved',
        category: 'billing',
        note: 'ok',
        handleTimeSeconds: 100,
      }),
      201,
    );
    const card = (
      expectStatus(await call('auditor@acme.test', 'GET', '/v1/qa/scorecards'), 200) as { version: number; criteria: { id: string }[] }[]
    ).sort((a, b) => b.version - a.version)[0]!;
    const scores = Object.fromEntries(card.criteria.map((c) => [c.id, { score: 3, comment: '' }]));
    const review = expectStatus(
      await call('auditor@acme.test', 'POST', `/v1/qa/resolutions/${resolution.id}/review`, { scorecardVersion: card.version, scores }),
      201,
    );
    const dispute = expectStatus(
      await call('agent@acme.test', 'POST', `/v1/qa/reviews/${review.id}/disputes`, { criteria: ['tone'], reason: 'I was kind' }),
      201,
    );
    const entries = await during(async () =>
      expectStatus(
        await call(ADMIN, 'POST', `/v1/qa/disputes/${dispute.id}/decision`, {
          outcome: 'amended',
          note: 'Transcript shows warmth',
          scores: { tone: { score: 5, comment: '' } },
        }),
        200,
      ),
    );
    expect(entries.map((e) => [e.action, e.target, e.detail, e.actor.id])).toEqual([
      ['qa.dispute.decide', `dispute:${dispute.id}`, { reviewId: review.id, outcome: 'amended', amended: ['tone'] }, acme().users.admin],
    ]);
  });

  it('masked field revealed: which field, never the value', async () => {
    const { socket } = await t.socket(tok['agent@acme.test']);
    const opened = await socket.emitWithAck('interaction:open', {
      helpdesk: 'zendesk',
      instance: 'acme.zendesk.com',
      ticketId: '104',
      requester: { email: 'sam.okafor@example.com' },
    });
    if (!('data' in opened) || opened.data.status !== 'known') throw new Error('Sam should be known');
    const sam = opened.data.context.customer.id;
    let value: string | null = null;
    const entries = await during(async () => {
      const res = await socket.emitWithAck('customer:reveal', { customerId: sam, field: 'phone' });
      value = 'data' in res ? res.data.value : null;
    });
    expect(value).toBe('+14155550123');
    expect(entries.map((e) => [e.action, e.target, e.detail, e.actor.id])).toEqual([
      ['pii.reveal', `customer:${sam}`, { field: 'phone', interactionId: opened.data.interactionId }, acme().users.agent],
    ]);
    expect(JSON.stringify(entries)).not.toContain('4155550123');
  });

  it('customers merged and the merge undone: ids, not the free-text reason', async () => {
    const a = await t.app.repos.customers.create(acme().tenantId, {
      name: 'Old CRM record',
      tier: 'standard',
      lifetimeValueCents: 0,
      customerSince: 0,
      externalIds: ['audit-crm-1'],
    });
    const marco = acme().customers['marco.rossi@example.com']!;
    let mergeId = '';
    const merged = await during(
      async () =>
        (mergeId = expectStatus(
          await call('lead@acme.test', 'POST', `/v1/customers/${a}/merge`, { into: marco, reason: 'Same phone as Marco' }),
          201,
        ).mergeId),
    );
    expect(merged.map((e) => [e.action, e.target, e.detail, e.actor.role])).toEqual([
      ['customer.merge', `customer:${a}`, { into: marco, mergeId }, 'supervisor'],
    ]);
    const undone = await during(async () => expectStatus(await call(ADMIN, 'POST', `/v1/merges/${mergeId}/undo`), 200));
    expect(undone.map((e) => [e.action, e.target, e.detail])).toEqual([['customer.unmerge', `merge:${mergeId}`, null]]);
  });
});

describe('GET /v1/audit', () => {
  it('filters by exact action, by a family prefix, by actor and by period', async () => {
    const exact = await page({ action: 'adapter.update' });
    expect(exact.entries.map((e) => e.action)).toEqual(['adapter.update']);
    const family = await page({ action: 'adapter.' });
    expect(family.entries.map((e) => e.action)).toEqual(['adapter.delete', 'adapter.update', 'adapter.create']);
    expect((await page({ action: 'adapter' })).entries).toEqual([]);

    const byAuditor = await page({ actorId: acme().users.auditor });
    expect(new Set(byAuditor.entries.map((e) => e.actor.email))).toEqual(new Set(['auditor@acme.test']));
    expect(byAuditor.entries.map((e) => e.action)).toContain('qa.scorecard.create');

    const all = (await page({ limit: 500 })).entries;
    const pivot = all.find((e) => e.action === 'log.retention')!;
    const fromPivot = await page({ from: pivot.at, limit: 500 });
    expect(fromPivot.entries.every((e) => e.at >= pivot.at)).toBe(true);
    expect(fromPivot.entries.map((e) => e.id)).toContain(pivot.id);
    const beforePivot = await page({ to: pivot.at, limit: 500 });
    expect(beforePivot.entries.every((e) => e.at < pivot.at)).toBe(true);
    expect(beforePivot.entries.length + fromPivot.entries.length).toBe(all.length);
    expect((await page({ from: '2000-01-01T00:00:00Z', to: '2000-01-02T00:00:00Z' })).entries).toEqual([]);
  });

  it('pages newest first with a stable cursor: every entry once, none skipped, even with entries written meanwhile', async () => {
    // Seven entries in one millisecond, so page boundaries fall inside the tie: the id breaks it.
    const now = vi.spyOn(Date, 'now').mockReturnValue(Date.now());
    for (let i = 0; i < 7; i++)
      await t.app.db.tx(() => t.app.repos.audit.record(acme().tenantId, acme().users.admin, 'test.burst', `burst:${i}`));
    now.mockRestore();
    const all = (await page({ limit: 500 })).entries;
    expect(all.length).toBeGreaterThan(12);
    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const p: AuditPage = await page({ limit: 3, ...(cursor ? { cursor } : {}) });
      expect(p.entries.length).toBeLessThanOrEqual(3);
      seen.push(...p.entries.map((e) => e.id));
      cursor = p.nextCursor;
      // Written between pages: newer than the walk's start, so never in a later page.
      if (pages++ === 0) await t.app.db.tx(() => t.app.repos.audit.record(acme().tenantId, acme().users.admin, 'test.meanwhile', 'x'));
    } while (cursor);
    expect(seen).toEqual(all.map((e) => e.id));
    expect(new Set(seen).size).toBe(seen.length);
    const ats = all.map((e) => Date.parse(e.at));
    for (let i = 1; i < ats.length; i++) expect(ats[i]).toBeLessThanOrEqual(ats[i - 1]!);
    const last = await page({ limit: all.length + 1 });
    expect(last.nextCursor).toBeNull();
  });

  it('refuses bad query parameters, naming which and why', async () => {
    const bad = async (query: Record<string, string>) => {
      const res = await t.app.inject({ method: 'GET', url: '/v1/audit', query, headers: { authorization: `Bearer ${tok[ADMIN]}` } });
      expect(res.statusCode, res.body).toBe(400);
      return res.json().message as string;
    };
    expect(await bad({ from: 'yesterday' })).toBe('querystring.from: must be an ISO 8601 date-time, like 2026-11-23T10:00:00Z');
    expect(await bad({ to: '2026-13-01' })).toBe('querystring.to: must be an ISO 8601 date-time, like 2026-11-23T10:00:00Z');
    expect(await bad({ from: '2026-02-01T00:00:00Z', to: '2026-01-01T00:00:00Z' })).toBe('to: must be after from');
    expect(await bad({ limit: '501' })).toBe('querystring.limit: must be a whole number from 1 to 500');
    expect(await bad({ limit: 'lots' })).toBe('querystring.limit: must be a whole number from 1 to 500');
    expect(await bad({ limit: '0' })).toBe('querystring.limit: must be a whole number from 1 to 500');
    expect(await bad({ cursor: 'abc' })).toBe('querystring.cursor: must be the nextCursor of a previous page');
    expect(await bad({ action: 'Policy Publish' })).toBe(
      'querystring.action: must be an action like "policy.publish", or a prefix ending in a dot, like "auth."',
    );
    expect(await bad({ actor: 'me' })).toMatch(/^querystring: Unrecognized key: "actor"/);
  });
});

describe('GET /v1/audit/export', () => {
  it('is CSV with a file name; it parses back to the same rows the list shows; the export itself is audited', async () => {
    const listed = (await page({ limit: 500 })).entries;
    const res = await call(ADMIN, 'GET', '/v1/audit/export');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="audit-log-\d{4}-\d{2}-\d{2}\.csv"$/);
    const rows = parse(res.body, { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual([
      'id',
      'at',
      'action',
      'actor_id',
      'actor_name',
      'actor_email',
      'actor_role',
      'target',
      'detail',
    ]);
    expect(rows).toEqual(
      listed.map((e) => ({
        id: String(e.id),
        at: e.at,
        action: e.action,
        actor_id: e.actor.id,
        actor_name: e.actor.name ?? '',
        actor_email: e.actor.email ?? '',
        actor_role: e.actor.role ?? '',
        target: e.target,
        detail: e.detail ? JSON.stringify(e.detail) : '',
      })),
    );
    expect(rows.find((r) => r.action === 'policy.publish')!.detail).toContain('"changed limits/credit: maxAmountCents"');
    const [exported] = (await page({ action: 'audit.export' })).entries;
    expect(exported).toMatchObject({ target: 'audit-log', detail: { filters: {} }, actor: admin() });
  });

  it('takes the same filters, and refuses bad ones', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/v1/audit/export',
      query: { action: 'adapter.' },
      headers: { authorization: `Bearer ${tok[ADMIN]}` },
    });
    expect((parse(res.body, { columns: true }) as { action: string }[]).map((r) => r.action)).toEqual([
      'adapter.delete',
      'adapter.update',
      'adapter.create',
    ]);
    const bad = await t.app.inject({
      method: 'GET',
      url: '/v1/audit/export',
      query: { from: 'last week' },
      headers: { authorization: `Bearer ${tok[ADMIN]}` },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toBe('querystring.from: must be an ISO 8601 date-time, like 2026-11-23T10:00:00Z');
    const page2 = await t.app.inject({
      method: 'GET',
      url: '/v1/audit/export',
      query: { limit: '5' },
      headers: { authorization: `Bearer ${tok[ADMIN]}` },
    });
    expect(page2.json().message).toMatch(/^querystring: Unrecognized key: "limit"/);
  });
});

describe('who may read it', () => {
  it('refuses agents, supervisors and auditors, and anyone without a token', async () => {
    for (const [who, role] of [
      ['agent@acme.test', 'agent'],
      ['lead@acme.test', 'supervisor'],
      ['auditor@acme.test', 'auditor'],
    ] as const) {
      for (const url of ['/v1/audit', '/v1/audit/export']) {
        const res = await call(who, 'GET', url);
        expect(res.statusCode, `${who} ${url}`).toBe(403);
        expect(res.json().message).toBe(`Your role (${role}) may not audit read`);
      }
    }
    expect((await t.app.inject({ method: 'GET', url: '/v1/audit' })).statusCode).toBe(401);
  });

  it("another tenant's admin sees none of this tenant's entries, even asking for this tenant's actor", async () => {
    const acmeIds = new Set((await page({ limit: 500 })).entries.map((e) => e.id));
    expect(acmeIds.size).toBeGreaterThan(10);
    await expectStatus(await call('admin@globex.test', 'PUT', '/v1/log/retention', { days: 400 }), 200);
    const globex = await page({ limit: 500 }, 'admin@globex.test');
    expect(globex.entries.filter((e) => acmeIds.has(e.id))).toEqual([]);
    expect(globex.entries.filter((e) => e.action === 'log.retention').map((e) => [e.detail, e.actor.email])).toEqual([
      [{ days: 400, pruned: 0 }, 'admin@globex.test'],
    ]);
    expect((await page({ actorId: acme().users.admin }, 'admin@globex.test')).entries).toEqual([]);
    const csv = await call('admin@globex.test', 'GET', '/v1/audit/export');
    const rows = parse(csv.body, { columns: true }) as { id: string; actor_email: string }[];
    expect(rows.filter((r) => acmeIds.has(Number(r.id)))).toEqual([]);
    expect(rows.some((r) => r.actor_email.endsWith('@acme.test'))).toBe(false);
  });
});
