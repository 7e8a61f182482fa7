/**
 * The QA console's CSV exports are streamed a page at a time and hold every row: more reviews
 * and disputes than one page (and than the lists the console shows), many in the same millisecond.
 */
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';

let t: TestApp;
const REVIEWS = 1_203;
const DISPUTES = 611;
beforeAll(async () => {
  t = await startTestApp();
  const { tenantId, users } = t.seeded.acme;
  const raw = await t.raw();
  const scores = JSON.stringify({
    followed_policy: { score: 4, comment: '' },
    resolved_problem: { score: 4, comment: '' },
    empathy: { score: 3, comment: '=cmd' },
    accurate_record: { score: 4, comment: '' },
  });
  const base = Date.UTC(2025, 5, 1);
  for (let i = 0; i < REVIEWS; i++) {
    // Seven to a millisecond: pages must neither skip nor repeat rows that share a time.
    const at = base + Math.floor(i / 7);
    const agent = i % 3 === 0 ? users.senior : users.agent;
    await raw.run(
      'insert into qa_reviews (id, tenant_id, resolution_id, agent_id, reviewer_id, scorecard_version, scores, quality, comment, status, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      `rv-${i}`,
      tenantId,
      `res-${i}`,
      agent,
      users.auditor,
      1,
      scores,
      80,
      '',
      i < DISPUTES ? 'disputed' : 'final',
      at,
      at,
    );
    if (i < DISPUTES)
      await raw.run(
        'insert into qa_disputes (id, tenant_id, review_id, agent_id, criteria, reason, status, created_at) values (?, ?, ?, ?, ?, ?, ?, ?)',
        `dp-${i}`,
        tenantId,
        `rv-${i}`,
        agent,
        JSON.stringify(['empathy']),
        'I was kind',
        'open',
        at,
      );
  }
}, 120_000);
afterAll(() => t.close());

async function csv(who: string, url: string) {
  const res = await t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${await t.token(who)}` } });
  expect(res.statusCode).toBe(200);
  return { headers: res.headers, rows: parse(res.body, { columns: true }) as Record<string, string>[] };
}

describe('QA exports stream every row', () => {
  it('reviews: all of them, once each, newest first, formulas defused; an agent gets their own only', async () => {
    const all = await csv('auditor@acme.test', '/v1/qa/export/reviews');
    // Streamed: no length known up front.
    expect(all.headers['content-length']).toBeUndefined();
    expect(all.rows).toHaveLength(REVIEWS);
    expect(new Set(all.rows.map((r) => r.review_id)).size).toBe(REVIEWS);
    expect(all.rows[0]).toMatchObject({
      review_id: `rv-${REVIEWS - 1}`,
      agent: 'Alex Agent',
      reviewer: 'Audrey Auditor',
      empathy: '3',
      empathy_comment: "'=cmd",
    });
    const mine = await csv('agent@acme.test', '/v1/qa/export/reviews');
    expect(mine.rows).toHaveLength(REVIEWS - Math.ceil(REVIEWS / 3));
    expect(new Set(mine.rows.map((r) => r.agent))).toEqual(new Set(['Alex Agent']));
  });

  it('disputes: all of them, each with its review’s resolution and reviewer', async () => {
    const all = await csv('admin@acme.test', '/v1/qa/export/disputes');
    expect(all.headers['content-length']).toBeUndefined();
    expect(all.rows).toHaveLength(DISPUTES);
    expect(new Set(all.rows.map((r) => r.dispute_id)).size).toBe(DISPUTES);
    expect(all.rows.at(-1)).toMatchObject({
      dispute_id: 'dp-0',
      resolution_id: 'res-0',
      agent: 'Sasha Senior',
      reviewer: 'Audrey Auditor',
      criteria: 'empathy',
      status: 'open',
      decided_by: '',
    });
  });
});
