/**
 * The audit log through the real API, after the audited acts of audit-log.acts.test.ts: admins
 * read it with filters and stable cursor pages, and export it as CSV; nobody else reads it, and
 * no tenant sees another's.
 */
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AuditPage } from '@shared/schemas/audit';
import { startTestApp, type TestApp } from '../support/app';
import { recordAuditedActs } from '../support/audit-log/acts';
import { ADMIN, auditHelpers } from '../support/audit-log/api';

let t: TestApp;
const tok: Record<string, string> = {};
beforeAll(async () => {
  t = await startTestApp();
  for (const e of [ADMIN, 'agent@acme.test', 'lead@acme.test', 'auditor@acme.test', 'admin@globex.test']) tok[e] = await t.token(e);
  await recordAuditedActs(t, tok);
}, 60_000);
afterAll(() => t.close());

const { call, page, acme, admin, expectStatus } = auditHelpers(() => t, tok);

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
