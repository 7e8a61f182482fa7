import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentScorecard } from '../../server/src/qa/service';
import type { TestApp } from '../support/app';
import { startQaApp } from '../support/qa-console';

let t: TestApp;
let tok: Record<string, string>;
let ids: string[];
beforeAll(async () => {
  ({ t, tok, ids } = await startQaApp());
});
afterAll(() => t.close());

function call(who: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) {
  return t.app.inject({ method, url, headers: { authorization: `Bearer ${tok[who]}` }, ...(payload ? { payload } : {}) });
}
const window = () => ({ from: new Date(Date.now() - 3_600_000).toISOString(), to: new Date(Date.now() + 60_000).toISOString() });

describe('queue, review, dispute, settlement', () => {
  let queueId: string;
  let reviewId: string;
  let disputeId: string;

  it('builds a queue from sampling rules; each pick says why; the same resolution is not queued twice', async () => {
    const res = await call('auditor@acme.test', 'POST', '/v1/qa/queues', {
      name: 'This hour',
      ...window(),
      rules: { randomShare: 0, perAgentWeeklyMin: 0, longHandleSeconds: 1800, newAgentWeeks: null },
    });
    expect(res.statusCode).toBe(201);
    queueId = res.json().id;
    const q = (await call('auditor@acme.test', 'GET', `/v1/qa/queues/${queueId}`)).json();
    expect(q.picks).toEqual([
      expect.objectContaining({ resolutionId: ids[1], agentName: 'Alex Agent', why: ['long handle time (67 min)'] }),
    ]);
    const again = await call('auditor@acme.test', 'POST', '/v1/qa/queues', {
      name: 'Again',
      ...window(),
      rules: { randomShare: 1, perAgentWeeklyMin: 0 },
    });
    const q2 = (await call('auditor@acme.test', 'GET', `/v1/qa/queues/${again.json().id}`)).json();
    expect(q2.picks.map((p: { resolutionId: string }) => p.resolutionId)).not.toContain(ids[1]);
  });

  it('the review form is pre-filled by auto-checks; a review is stored once', async () => {
    const view = (await call('auditor@acme.test', 'GET', `/v1/qa/resolutions/${ids[2]}`)).json();
    expect(view).toMatchObject({ helpdesk: 'zendesk', ticketId: '9103', customerName: 'Dana Whitfield', scorecard: { version: 1 } });
    expect(view.checks.find((c: { check: string }) => c.check === 'record_complete')).toEqual({
      check: 'record_complete',
      pass: false,
      detail: 'missing: note',
    });
    expect(view.prefill.accurate_record).toEqual({ score: 2, comment: 'Auto-check: missing: note' });
    expect(view.prefill.followed_policy.score).toBe(5);

    const scores = {
      followed_policy: { score: 5, comment: '' },
      resolved_problem: { score: 4, comment: 'ok' },
      empathy: { score: 2, comment: 'curt' },
      accurate_record: { score: 2, comment: 'no note' },
    };
    const bad = await call('auditor@acme.test', 'POST', `/v1/qa/resolutions/${ids[1]}/review`, {
      scorecardVersion: 1,
      scores: { ...scores, empathy: { score: 9, comment: '' } },
    });
    expect(bad.json().message).toBe('scores.empathy.score: must be a whole number from 1 to 5');
    const res = await call('auditor@acme.test', 'POST', `/v1/qa/resolutions/${ids[1]}/review`, {
      scorecardVersion: 1,
      scores,
      comment: 'Needs warmth',
    });
    expect(res.statusCode).toBe(201);
    reviewId = res.json().id;
    // (3·1 + 3·0.75 + 2·0.25 + 2·0.25) / 10 = 6.25/10 → 62.5
    expect(res.json().quality).toBe(62.5);
    const twice = await call('admin@acme.test', 'POST', `/v1/qa/resolutions/${ids[1]}/review`, { scorecardVersion: 1, scores });
    expect(twice.statusCode).toBe(409);
    const q = (await call('auditor@acme.test', 'GET', `/v1/qa/queues/${queueId}`)).json();
    expect(q.picks[0].reviewId).toBe(reviewId);
    // The review form says who scored it: the resolution view carries the reviewer's name.
    const reviewed = (await call('auditor@acme.test', 'GET', `/v1/qa/resolutions/${ids[1]}`)).json();
    expect(reviewed.review).toMatchObject({ id: reviewId, reviewerName: 'Audrey Auditor' });
  });

  it('the agent sees reviews of their own work only, and disputes a score', async () => {
    await call('auditor@acme.test', 'POST', `/v1/qa/resolutions/${ids[3]}/review`, {
      scorecardVersion: 1,
      scores: {
        followed_policy: { score: 5, comment: '' },
        resolved_problem: { score: 5, comment: '' },
        empathy: { score: 5, comment: '' },
        accurate_record: { score: 5, comment: '' },
      },
    });
    const mine = (await call('agent@acme.test', 'GET', '/v1/qa/reviews')).json();
    expect(mine.map((r: { id: string }) => r.id)).toEqual([reviewId]);
    const seniors = (await call('senior@acme.test', 'GET', '/v1/qa/reviews')).json();
    expect(seniors).toHaveLength(1);
    expect(seniors[0].resolutionId).toBe(ids[3]);
    expect((await call('agent@acme.test', 'GET', `/v1/qa/resolutions/${ids[3]}`)).statusCode).toBe(403);
    expect(
      (await call('senior@acme.test', 'POST', `/v1/qa/reviews/${reviewId}/disputes`, { criteria: ['empathy'], reason: 'not mine' }))
        .statusCode,
    ).toBe(404);
    expect((await call('agent@acme.test', 'GET', '/v1/qa/queues')).statusCode).toBe(403);

    const res = await call('agent@acme.test', 'POST', `/v1/qa/reviews/${reviewId}/disputes`, {
      criteria: ['empathy'],
      reason: 'The customer thanked me twice',
    });
    expect(res.statusCode).toBe(201);
    disputeId = res.json().id;
    expect(
      (await call('agent@acme.test', 'POST', `/v1/qa/reviews/${reviewId}/disputes`, { criteria: ['empathy'], reason: 'again' })).json()
        .message,
    ).toBe('This review is already disputed');
    // The decider sees each disputed criterion by its label, with the score it had.
    const [open] = (await call('admin@acme.test', 'GET', '/v1/qa/disputes')).json();
    expect(open).toMatchObject({ labels: { empathy: 'Empathy' }, original: { empathy: { score: 2, comment: 'curt' } } });
  });

  it('a second reviewer settles it, not the original; the trail is kept', async () => {
    const self = await call('auditor@acme.test', 'POST', `/v1/qa/disputes/${disputeId}/decision`, {
      outcome: 'upheld',
      note: 'I stand by it',
    });
    expect(self.statusCode).toBe(403);
    expect(self.json().message).toBe('A second reviewer settles a dispute: not the one who scored it');
    expect(
      (await call('agent@acme.test', 'POST', `/v1/qa/disputes/${disputeId}/decision`, { outcome: 'upheld', note: 'x' })).statusCode,
    ).toBe(403);
    const ok = await call('admin@acme.test', 'POST', `/v1/qa/disputes/${disputeId}/decision`, {
      outcome: 'amended',
      note: 'Transcript shows empathy',
      scores: { empathy: { score: 4, comment: 'amended on dispute' } },
    });
    expect(ok.statusCode).toBe(200);
    expect(
      (await call('admin@acme.test', 'POST', `/v1/qa/disputes/${disputeId}/decision`, { outcome: 'upheld', note: 'late' })).json().message,
    ).toBe('This dispute was already amended');
    const [d] = (await call('agent@acme.test', 'GET', '/v1/qa/disputes')).json();
    expect(d).toMatchObject({ status: 'amended', decidedByName: 'Ada Admin', reviewerName: 'Audrey Auditor', quality: 72.5 });
    expect(d.trail.map((x: { kind: string; by: string }) => `${x.kind} by ${x.by}`)).toEqual([
      'raised by Alex Agent',
      'amended by Ada Admin',
    ]);
    expect(d.trail[1].detail.before.quality).toBe(62.5);
    // After the amendment, still the score that was disputed, not the new one.
    expect(d.original).toEqual({ empathy: { score: 2, comment: 'curt' } });
    const [review] = (await call('agent@acme.test', 'GET', '/v1/qa/reviews')).json();
    expect(review).toMatchObject({ status: 'amended', quality: 72.5 });
  });

  it('exports lists as CSV, quoted properly', async () => {
    const res = await call('auditor@acme.test', 'GET', `/v1/qa/export/queues/${queueId}`);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const rows = parse(res.body, { columns: true }) as Record<string, string>[];
    expect(rows).toEqual([expect.objectContaining({ resolution_id: ids[1], agent: 'Alex Agent', why: 'long handle time (67 min)' })]);
    const reviews = parse((await call('agent@acme.test', 'GET', '/v1/qa/export/reviews')).body, { columns: true }) as Record<
      string,
      string
    >[];
    expect(reviews).toHaveLength(1);
    expect(reviews[0]).toMatchObject({ empathy: '4', empathy_comment: 'amended on dispute', comment: 'Needs warmth' });
    const disputes = parse((await call('admin@acme.test', 'GET', '/v1/qa/export/disputes')).body, { columns: true }) as Record<
      string,
      string
    >[];
    expect(disputes[0]).toMatchObject({ status: 'amended', reason: 'The customer thanked me twice' });
  });
});

describe('calibration, charts, findings, integrity', () => {
  it('auditors score blind; the report appears once they scored everything', async () => {
    const c = (await call('auditor@acme.test', 'POST', '/v1/qa/calibrations', { name: 'Week 1', resolutionIds: [ids[0], ids[2]] })).json();
    const scores = (e: number) => ({ followed_policy: 5, resolved_problem: 4, empathy: e, accurate_record: 3 });
    const first = (await call('auditor@acme.test', 'PUT', `/v1/qa/calibrations/${c.id}/scores/${ids[0]}`, { scores: scores(1) })).json();
    expect(first.report).toBeNull();
    await call('admin@acme.test', 'PUT', `/v1/qa/calibrations/${c.id}/scores/${ids[0]}`, { scores: scores(2) });
    await call('admin@acme.test', 'PUT', `/v1/qa/calibrations/${c.id}/scores/${ids[2]}`, { scores: scores(4) });
    const done = (await call('auditor@acme.test', 'PUT', `/v1/qa/calibrations/${c.id}/scores/${ids[2]}`, { scores: scores(2) })).json();
    const empathy = done.report.find((r: { criterion: string }) => r.criterion === 'empathy');
    // empathy units [1, 2] and [2, 4]: values 1,2,2,4, n=4, mean 2.25; D_o = (2 + 8)/4 = 2.5;
    // Σ(v−mean)² = 1.5625 + 0.0625 + 0.0625 + 3.0625 = 4.75 → Σ_{i<j} = 4·4.75 = 19 → D_e = 38/12; α = 1 − 2.5·12/38 = 8/38
    expect(empathy.alpha).toBeCloseTo(8 / 38, 10);
    expect(empathy.diverging.map((d: { resolutionId: string }) => d.resolutionId)).toEqual([ids[2]]);
    expect(done.report.find((r: { criterion: string }) => r.criterion === 'followed_policy').alpha).toBe(1);
  });

  it('serves the charts and the integrity status with its date', async () => {
    const charts = (await call('auditor@acme.test', 'GET', '/v1/qa/charts')).json();
    expect(charts.quality.length).toBeGreaterThan(0);
    expect(charts.amountOverLimit).toHaveLength(21);
    // Every detector says how many agents it could judge and what it needs: "not enough data" is not "clean".
    expect(charts.detectors.map((c: { detector: string }) => c.detector)).toEqual([
      'boundary_hugging',
      'splitting',
      'close_reopen',
      'lenient_approver',
      'missing_surveys',
      'unusual_reveals',
    ]);
    expect(charts.detectors.find((c: { detector: string }) => c.detector === 'close_reopen')).toMatchObject({
      needs: 'at least 20 resolutions by one agent',
    });
    const fresh = (await call('auditor@acme.test', 'POST', '/v1/qa/integrity')).json();
    expect(fresh).toMatchObject({ ok: true, problem: null, checkedBy: 'Audrey Auditor' });
    expect(Date.parse(fresh.verifiedAt)).toBeGreaterThan(Date.now() - 60_000);
    expect((await call('admin@acme.test', 'GET', '/v1/qa/integrity')).json().verifiedAt).toBe(fresh.verifiedAt);
    expect((await call('agent@acme.test', 'GET', '/v1/qa/integrity')).statusCode).toBe(403);
    expect((await call('auditor@acme.test', 'GET', '/v1/qa/findings')).statusCode).toBe(200);
  });
});

describe('tenancy', () => {
  it("auditors of one tenant see nothing of another's", async () => {
    const g = 'auditor@globex.test';
    expect((await call(g, 'GET', '/v1/qa/reviews')).json()).toEqual([]);
    expect((await call(g, 'GET', '/v1/qa/disputes')).json()).toEqual([]);
    expect((await call(g, 'GET', '/v1/qa/queues')).json()).toEqual([]);
    expect((await call(g, 'GET', '/v1/qa/calibrations')).json()).toEqual([]);
    expect((await call(g, 'GET', `/v1/qa/resolutions/${ids[0]}`)).statusCode).toBe(404);
    expect((await call(g, 'POST', `/v1/qa/resolutions/${ids[0]}/review`, { scorecardVersion: 1, scores: {} })).statusCode).toBe(404);
    const acmeQueue = (await call('auditor@acme.test', 'GET', '/v1/qa/queues')).json()[0].id;
    expect((await call(g, 'GET', `/v1/qa/queues/${acmeQueue}`)).statusCode).toBe(404);
    expect((await call(g, 'GET', `/v1/qa/export/queues/${acmeQueue}`)).statusCode).toBe(404);
    const q = await call(g, 'POST', '/v1/qa/queues', { name: 'x', ...window(), rules: { randomShare: 1 } });
    expect(q.json().picks).toBe(0);
    expect((await call('lead@acme.test', 'GET', '/v1/qa/reviews')).statusCode).toBe(403);
  });
});

describe('races', () => {
  it('one review, two disputes at once: exactly one is opened; a settled review is not reopened', async () => {
    const { tenantId, users } = t.seeded.acme;
    const scores = {
      followed_policy: { score: 5, comment: '' },
      resolved_problem: { score: 4, comment: '' },
      empathy: { score: 3, comment: '' },
      accurate_record: { score: 4, comment: '' },
    };
    const reviewed = await call('auditor@acme.test', 'POST', `/v1/qa/resolutions/${ids[0]}/review`, {
      scorecardVersion: 1,
      scores,
      comment: '',
    });
    expect(reviewed.statusCode).toBe(201);
    // Both read the review while it was final (as two requests checking at once would), then both try.
    const stale = (await t.app.repos.qa.review(tenantId, reviewed.json().id))!;
    expect(stale.status).toBe('final');
    const tries = await Promise.allSettled(
      [1, 2].map((n) => t.app.repos.qa.openDispute(tenantId, stale, users.agent, ['empathy'], `try ${n}`)),
    );
    expect(tries.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(
      tries
        .filter((r) => r.status === 'rejected')
        .map((r) => [(r as PromiseRejectedResult).reason.statusCode, (r as PromiseRejectedResult).reason.message]),
    ).toEqual([[409, 'This review is already disputed']]);
    const disputes = async () => (await t.app.repos.qa.disputes(tenantId)).filter((d) => d.reviewId === stale.id);
    expect(await disputes()).toHaveLength(1);

    const [d] = await disputes();
    expect(
      (await call('admin@acme.test', 'POST', `/v1/qa/disputes/${d!.id}/decision`, { outcome: 'upheld', note: 'Fair score' })).statusCode,
    ).toBe(200);
    // A request that read the review before the decision does not reopen it.
    await expect(t.app.repos.qa.openDispute(tenantId, stale, users.agent, ['empathy'], 'late')).rejects.toMatchObject({
      statusCode: 409,
      message: 'This review was already decided after a dispute',
    });
    expect(await disputes()).toHaveLength(1);
    expect((await t.app.repos.qa.review(tenantId, stale.id))!.status).toBe('upheld');
  });

  it("a tenant's first QA uses at once make one scorecard version", async () => {
    const tenantId = await t.app.repos.tenants.create('qa-first-use', 'QA first use');
    // Every use finds none before any creates one (the interleaving that made one version each).
    const qa = t.app.repos.qa;
    const read = qa.scorecard;
    let reads = 0;
    let allRead!: () => void;
    const barrier = new Promise<void>((r) => (allRead = r));
    qa.scorecard = async (...args) => {
      const card = await read(...args);
      if (++reads === 3) allRead();
      await barrier;
      return card;
    };
    const cards = await Promise.all([1, 2, 3].map(() => currentScorecard(t.app, tenantId))).finally(() => (qa.scorecard = read));
    expect(cards.map((c) => c.version)).toEqual([1, 1, 1]);
    expect((await t.app.repos.qa.scorecards(tenantId)).map((c) => c.version)).toEqual([1]);
  });
});
