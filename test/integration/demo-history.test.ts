/**
 * The demo's weeks of history (server/src/demo/history): every kind of record the QA console
 * charts and queues read, spread over at least five weeks, seeded once however often the seed
 * runs, and appended through the product's log so the chain verifies.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../server/src/demo/seed';
import { seedDemoHistory, wantsDemoHistory } from '../../server/src/demo/history';
import { startTestApp, type TestApp } from '../support/app';

const WEEK = 7 * 86_400_000;
let t: TestApp;
let tenantId: string;
let logged: number;

beforeAll(async () => {
  t = await startTestApp();
  tenantId = t.seeded.acme.tenantId;
  const started = performance.now();
  logged = await seedDemoHistory(t.app.repos);
  // Reported, not asserted (no timing thresholds): the seed is meant to stay a few seconds.
  console.info(`demo history: ${logged} resolutions in ${Math.round(performance.now() - started)} ms`);
}, 120_000);
afterAll(() => t?.close());

async function rows(sql: string) {
  return (await t.raw()).all<Record<string, number | string>>(sql, tenantId);
}
/** How many of each kind, and in how many distinct weeks. */
async function perKind(table: string, kindColumn: string | null, atColumn: string) {
  const out = await rows(
    `select ${kindColumn ?? "'all'"} as kind, count(*) as n, count(distinct cast(${atColumn} / ${WEEK} as integer)) as weeks
       from ${table} where tenant_id = ? group by 1`,
  );
  return Object.fromEntries(out.map((r) => [r.kind, { n: Number(r.n), weeks: Number(r.weeks) }]));
}

describe('the demo history', () => {
  it('is off under test unless asked, on for a person starting the demo', () => {
    expect(wantsDemoHistory({ NODE_ENV: 'test' })).toBe(false);
    expect(wantsDemoHistory({ NODE_ENV: 'test', LEEWAY_DEMO_HISTORY: '1' })).toBe(true);
    expect(wantsDemoHistory({})).toBe(true);
    expect(wantsDemoHistory({ LEEWAY_DEMO_HISTORY: '0' })).toBe(false);
  });

  it('holds resolutions, surveys, grants and exceptions over at least five weeks', async () => {
    expect(logged).toBeGreaterThan(60);
    const log = await perKind('resolution_log', 'kind', 'created_at');
    expect(log.resolution!.n).toBe(logged);
    expect(log.resolution!.weeks).toBeGreaterThanOrEqual(5);
    expect(log.survey!.n).toBeGreaterThan(20);
    expect(log.survey!.weeks).toBeGreaterThanOrEqual(5);
    const grants = await perKind('grants', null, 'created_at');
    expect(grants.all!.weeks).toBeGreaterThanOrEqual(5);
    const exceptions = await perKind('exceptions', 'status', 'created_at');
    for (const status of ['approved', 'countered', 'denied', 'withdrawn']) expect(exceptions[status]?.n, status).toBeGreaterThan(0);
    expect(exceptions.pending).toBeUndefined();
  });

  it('holds weekly review queues, scored reviews, a decided and an open dispute, and a calibration', async () => {
    const reviews = await perKind('qa_reviews', null, 'created_at');
    expect(reviews.all!.n).toBeGreaterThan(10);
    expect(reviews.all!.weeks).toBeGreaterThanOrEqual(5);
    const queues = await perKind('qa_queues', null, 'created_at');
    expect(queues.all!.n).toBe(6);
    const disputes = await perKind('qa_disputes', 'status', 'created_at');
    expect(disputes.open?.n).toBe(1);
    expect(disputes.amended?.n).toBe(1);
    const calibrations = await perKind('qa_calibrations', null, 'created_at');
    expect(calibrations.all!.n).toBe(1);
    const [scores] = await rows(
      'select count(*) as n from qa_calibration_scores s join qa_calibrations c on c.id = s.calibration_id where c.tenant_id = ?',
    );
    expect(Number(scores!.n)).toBe(6);
  });

  it('holds suggested offers shown, marked and implied by grants, as the offer report reads them', async () => {
    const res = await t.app.inject({ url: '/v1/qa/offers', headers: { authorization: `Bearer ${await t.token('lead@acme.test')}` } });
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json() as { totals: { shown: number; accepted: number; declined: number; valueDeliveredCents: number } };
    expect(report.totals.shown).toBeGreaterThan(30);
    expect(report.totals.accepted).toBeGreaterThan(5);
    expect(report.totals.declined).toBeGreaterThan(5);
    expect(report.totals.valueDeliveredCents).toBeGreaterThan(0);
    // Some acceptances came from a grant the resolution cited, not from a mark.
    const outcomes = await perKind('offer_outcomes', 'source', 'occurred_at');
    expect(outcomes.resolution?.n).toBeGreaterThan(0);
    expect(outcomes.agent?.n).toBeGreaterThan(0);
  });

  it('leaves the four customers of the live demo untouched (their leeway today is as the demo shows it)', async () => {
    const ids = Object.values(t.seeded.acme.customers);
    const [g] = await rows(
      `select count(*) as n from grants where tenant_id = ? and customer_id in (${ids.map((i) => `'${i}'`).join(',')})`,
    );
    expect(Number(g!.n)).toBe(0);
  });

  it('is a chain the log verifies', async () => {
    const report = await t.app.repos.log.verify(tenantId);
    expect(report.problem).toBeNull();
    expect(report.ok).toBe(true);
    expect(report.entries).toBeGreaterThan(logged);
  });

  it('adds nothing when seeded again, either way in', async () => {
    const before = await rows('select (select count(*) from resolution_log where tenant_id = ?) as n');
    expect(await seedDemoHistory(t.app.repos)).toBe(0);
    expect(await t.app.db.tx(() => seedDemo(t.app.repos, Date.now(), true))).toBeNull();
    expect(await rows('select (select count(*) from resolution_log where tenant_id = ?) as n')).toEqual(before);
  });
});
