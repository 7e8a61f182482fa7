/**
 * The sampling seed decides which resolutions the random share picks: an auditor who chose it
 * could steer which work gets reviewed, so only an admin may (the console shows it to admins only).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/app';
import { startQaApp } from '../support/qa-console';

let t: TestApp;
let tok: Record<string, string>;
beforeAll(async () => {
  ({ t, tok } = await startQaApp());
});
afterAll(() => t.close());

function call(who: string, method: 'GET' | 'POST', url: string, payload?: object) {
  return t.app.inject({ method, url, headers: { authorization: `Bearer ${tok[who]}` }, ...(payload ? { payload } : {}) });
}
const window = () => ({ from: new Date(Date.now() - 3_600_000).toISOString(), to: new Date(Date.now() + 60_000).toISOString() });

describe('sampling seed', () => {
  it('only an admin chooses the seed; an auditor is refused and nothing is queued', async () => {
    const none = { randomShare: 0, perAgentWeeklyMin: 0, exceptions: false, lowSurveyBelow: null, repeatContactDays: null };
    const rules = { ...none, nearLimitPct: null, longHandleSeconds: null, newAgentWeeks: null, seed: 'chosen' };
    const before = (await call('auditor@acme.test', 'GET', '/v1/qa/queues')).json().length;
    const refused = await call('auditor@acme.test', 'POST', '/v1/qa/queues', { name: 'Seeded', ...window(), rules });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().message).toBe('Only an admin chooses the sampling seed: leave it out and the queue is sampled as usual');
    expect((await call('auditor@acme.test', 'GET', '/v1/qa/queues')).json()).toHaveLength(before);
    const admin = await call('admin@acme.test', 'POST', '/v1/qa/queues', { name: 'Seeded', ...window(), rules });
    expect(admin.statusCode).toBe(201);
  });

  it('an auditor building a queue without choosing one is sampled with the default seed', async () => {
    const res = await call('auditor@acme.test', 'POST', '/v1/qa/queues', { name: 'Usual', ...window(), rules: { randomShare: 1 } });
    expect(res.statusCode).toBe(201);
    expect((await call('auditor@acme.test', 'GET', `/v1/qa/queues/${res.json().id}`)).json().rules.seed).toBe('leeway');
  });
});
