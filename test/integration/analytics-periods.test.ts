/**
 * Analytics routes read a bounded period: at most a year, ending after it starts, refused in a
 * sentence otherwise (every route that takes from/to over history: QA findings, charts, their
 * export, queueing a finding, the policy what-if).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';

let t: TestApp;
let policy: unknown;
beforeAll(async () => {
  t = await startTestApp();
  policy = (await call('admin@acme.test', 'GET', '/v1/policy')).json().document;
});
afterAll(() => t.close());

async function call(who: string, method: 'GET' | 'POST', url: string, opts: { query?: Record<string, string>; payload?: object } = {}) {
  return t.app.inject({
    method,
    url,
    query: opts.query,
    headers: { authorization: `Bearer ${await t.token(who)}` },
    ...(opts.payload && { payload: opts.payload }),
  });
}
const TWO_YEARS = { from: '2024-01-01T00:00:00.000Z', to: '2026-01-01T00:00:00.000Z' };
const BACKWARDS = { from: '2026-01-02T00:00:00.000Z', to: '2026-01-01T00:00:00.000Z' };
const YEAR = { from: '2024-01-01T00:00:00.000Z', to: '2025-01-01T00:00:00.000Z' }; // 366 days: a leap year is a year
const tooLong = (where: string) =>
  `${where}to: a period covers at most a year (366 days), and this one is 731 days: ask for a year or less at a time`;

const QUERY_ROUTES = ['/v1/qa/findings', '/v1/qa/charts', '/v1/qa/export/findings'];

describe('bounded periods', () => {
  it('query routes refuse more than a year, and a period that ends before it starts, in words', async () => {
    for (const url of QUERY_ROUTES) {
      const long = await call('auditor@acme.test', 'GET', url, { query: TWO_YEARS });
      expect([url, long.statusCode, long.json().message]).toEqual([url, 400, tooLong('')]);
      const back = await call('auditor@acme.test', 'GET', url, { query: BACKWARDS });
      expect([url, back.statusCode, back.json().message]).toEqual([url, 400, 'to: must be after from']);
      // A `from` alone two years back is the same long period, up to now.
      const open = await call('auditor@acme.test', 'GET', url, { query: { from: '2020-01-01T00:00:00.000Z' } });
      expect([url, open.statusCode]).toEqual([url, 400]);
      expect([url, (await call('auditor@acme.test', 'GET', url, { query: YEAR })).statusCode]).toEqual([url, 200]);
    }
  });

  it('body routes say which field: queueing a finding, the policy what-if', async () => {
    const agentId = t.seeded.acme.users.agent;
    const queue = await call('auditor@acme.test', 'POST', '/v1/qa/findings/queue', {
      payload: { ...TWO_YEARS, detector: 'splitting', agentId },
    });
    expect([queue.statusCode, queue.json().message]).toEqual([400, tooLong('body.')]);
    const whatIf = await call('admin@acme.test', 'POST', '/v1/policy/what-if', { payload: { document: policy, ...TWO_YEARS } });
    expect([whatIf.statusCode, whatIf.json().message]).toEqual([400, tooLong('body.')]);
    const back = await call('admin@acme.test', 'POST', '/v1/policy/what-if', { payload: { document: policy, ...BACKWARDS } });
    expect([back.statusCode, back.json().message]).toEqual([400, 'body.to: must be after body.from']);
    expect((await call('admin@acme.test', 'POST', '/v1/policy/what-if', { payload: { document: policy, ...YEAR } })).statusCode).toBe(200);
  });
});
