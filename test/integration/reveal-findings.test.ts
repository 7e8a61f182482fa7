/**
 * The unusual-reveal-volume detector through the QA console's Findings: reveals counted from the
 * audit log per agent for the period asked, an agent far above their team flagged in words.
 */
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';

let t: TestApp;
const week = { from: '2025-03-03T00:00:00.000Z', to: '2025-03-10T00:00:00.000Z' };
beforeAll(async () => {
  t = await startTestApp();
  const { tenantId, users } = t.seeded.acme;
  const raw = await t.raw();
  // A past week of reveals, as the audit log holds them: Alex 45 (over 15 customers), the rest of billing 3 to 5.
  const start = Date.parse(week.from) + 3_600_000;
  const plan: [string, number][] = [
    [users.agent, 45],
    [users.senior, 3],
    [users.supervisor, 4],
    [users.lead2, 5],
  ];
  for (const [actor, n] of plan)
    for (let i = 0; i < n; i++)
      await raw.run(
        'insert into audit_log (tenant_id, actor_id, action, target, at) values (?, ?, ?, ?, ?)',
        tenantId,
        actor,
        'pii.reveal',
        `customer:c-${i % 15}`,
        start + i * 60_000,
      );
  // Outside the week: not counted.
  await raw.run(
    'insert into audit_log (tenant_id, actor_id, action, target, at) values (?, ?, ?, ?, ?)',
    tenantId,
    users.senior,
    'pii.reveal',
    'customer:c-1',
    Date.parse(week.to) + 1,
  );
});
afterAll(() => t.close());

async function get(who: string, url: string, query: Record<string, string>) {
  return t.app.inject({ method: 'GET', url, query, headers: { authorization: `Bearer ${await t.token(who)}` } });
}
const SUMMARY = "Alex Agent revealed 45 personal fields in a week (15 customers), 11× the team's median of 4";

describe('unusual reveal volume in Findings', () => {
  it('flags the agent far above the team, with the evidence and where to read the reveals', async () => {
    const res = await get('auditor@acme.test', '/v1/qa/findings', week);
    expect(res.statusCode).toBe(200);
    const found = res.json().filter((f: { detector: string }) => f.detector === 'unusual_reveals');
    expect(found).toEqual([
      expect.objectContaining({
        agentId: t.seeded.acme.users.agent,
        agentName: 'Alex Agent',
        summary: SUMMARY,
        evidence: expect.objectContaining({
          reveals: 45,
          customers: 15,
          peerMedian: 4,
          peers: 3,
          comparedWith: 'team',
          auditFilter: { action: 'pii.reveal', actorId: t.seeded.acme.users.agent, ...week },
        }),
      }),
    ]);
  });

  it('is in the CSV export, and nowhere else: another week, another tenant, agents', async () => {
    const csv = parse((await get('admin@acme.test', '/v1/qa/export/findings', week)).body, { columns: true }) as {
      detector: string;
      agent: string;
      summary: string;
    }[];
    expect(csv.filter((r) => r.detector === 'unusual_reveals').map((r) => [r.agent, r.summary])).toEqual([['Alex Agent', SUMMARY]]);
    const later = await get('auditor@acme.test', '/v1/qa/findings', { from: '2025-03-10T00:00:00.000Z', to: '2025-03-17T00:00:00.000Z' });
    expect(later.json().filter((f: { detector: string }) => f.detector === 'unusual_reveals')).toEqual([]);
    const globex = await get('auditor@globex.test', '/v1/qa/findings', week);
    expect(globex.json()).toEqual([]);
    expect((await get('agent@acme.test', '/v1/qa/findings', week)).statusCode).toBe(403);
  });
});
