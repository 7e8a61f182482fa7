/**
 * A tenant setting's audit entry says what the change replaced, even when several admins save at
 * once: on PostgreSQL (read committed) each change read its "before" while another was still
 * uncommitted, so two entries said "from 60" and the chain of changes had a hole. Every setting
 * with a from/to entry goes through `repos.inSettingChange`; this saves each one concurrently and
 * checks that the entries, in order, each start where the one before ended.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';

let t: TestApp;
let admin: string;
beforeAll(async () => {
  t = await startTestApp();
  admin = await t.token('admin@acme.test');
});
afterAll(() => t.close());

interface Setting {
  url: string;
  action: string;
  bodies: unknown[];
  /** The entry's detail → [from, to]. */
  change(detail: Record<string, unknown>): [unknown, unknown];
}
const pair = (d: unknown) => [(d as { from: unknown }).from, (d as { to: unknown }).to] as [unknown, unknown];
const SETTINGS: Setting[] = [
  {
    url: '/v1/settings/reveals',
    action: 'reveals.settings',
    bodies: [11, 12, 13, 14, 15, 16].map((perHour) => ({ perHour })),
    change: (d) => pair(d.perHour),
  },
  {
    url: '/v1/settings/erasure',
    action: 'erasure.settings',
    bodies: [21, 22, 23, 24, 25, 26].map((deadlineDays) => ({ deadlineDays })),
    change: (d) => pair(d.deadlineDays),
  },
  {
    url: '/v1/settings/log',
    action: 'log.settings',
    bodies: [11, 12, 13, 14, 15, 16].map((n) => ({ checkpointEveryEntries: n * 10, checkpointEveryMinutes: n })),
    change: (d) => pair(d),
  },
  {
    url: '/v1/settings/calls',
    action: 'calls.settings',
    bodies: [['amazon-connect'], ['twilio-flex'], ['amazon-connect', 'twilio-flex'], [], ['twilio-flex', 'amazon-connect']].map(
      (confirmedBy) => ({
        confirmedBy,
      }),
    ),
    change: (d) => pair(d.confirmedBy),
  },
];

describe('a setting saved by several admins at once', () => {
  it.each(SETTINGS)('$url: each audit entry starts where the one before ended', async (s) => {
    const put = (payload: unknown) =>
      t.app.inject({ method: 'PUT', url: s.url, headers: { authorization: `Bearer ${admin}` }, payload: payload as object });
    const replies = await Promise.all(s.bodies.map(put));
    for (const r of replies) expect(r.statusCode, r.body).toBe(200);
    const entries = (await t.app.repos.audit.list(t.seeded.acme.tenantId, 1000))
      .filter((e) => e.action === s.action)
      .sort((a, b) => a.id - b.id)
      .map((e) => s.change(e.detail as Record<string, unknown>));
    expect(entries).toHaveLength(s.bodies.length);
    for (let i = 1; i < entries.length; i++) expect(entries[i]![0], `entry ${i}'s "from"`).toEqual(entries[i - 1]![1]);
  });
});
