/**
 * Tenancy and roles on every socket event, enumerated from the running server itself
 * (`socketEventRules`): each refuses every role its rule leaves out, and another tenant's user of
 * an allowed role neither reads nor changes this tenant's records. An event without a sample in
 * test/support/access-samples.ts fails here, so a new one cannot ship unexamined.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/app';
import { CLIENT_EVENTS } from '@shared/events';
import { socketEventRules } from '../../server/src/sockets/handle';
import { allowed, email, emit, leaks, ROLES, startAccessApp, tenantRows } from '../support/access-fixture';
import { EVENT_SAMPLES } from '../support/access-samples';

let t: TestApp;
let acmeTenantId: string;
beforeAll(async () => {
  t = await startAccessApp();
  acmeTenantId = t.seeded.acme.tenantId;
}, 60_000);
afterAll(() => t.close());

describe('socket events', () => {
  it('every client event is registered with a rule and has a sample here', () => {
    expect([...socketEventRules.keys()].sort()).toEqual([...CLIENT_EVENTS].sort());
    expect(CLIENT_EVENTS.filter((e) => !EVENT_SAMPLES[e])).toEqual([]);
  });

  it('refuses every role its permission leaves out', async () => {
    const wrong: string[] = [];
    for (const [event, rule] of socketEventRules) {
      for (const role of ROLES.filter((x) => !allowed(rule.permission).includes(x))) {
        const res = await emit(email(role, 'acme'), event, EVENT_SAMPLES[event]!());
        if (!('error' in res) || !/may not/.test(res.error)) wrong.push(`${role} ${event} → ${JSON.stringify(res).slice(0, 200)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("another tenant's user of an allowed role neither reads nor changes this tenant's records", async () => {
    const before = await tenantRows(acmeTenantId);
    const problems: string[] = [];
    for (const [event, rule] of socketEventRules) {
      for (const role of allowed(rule.permission)) {
        const payload = EVENT_SAMPLES[event]!();
        const res = await emit(email(role, 'globex'), event, payload);
        const text = JSON.stringify(res);
        if ('error' in res && (/^Invalid /.test(res.error) || /went wrong/.test(res.error)))
          problems.push(`${role} ${event} → ${res.error}`);
        else if ('data' in res && leaks(text, payload).length) problems.push(`${role} ${event} leaked ${leaks(text, payload).join(', ')}`);
      }
    }
    expect(problems).toEqual([]);
    expect(await tenantRows(acmeTenantId)).toEqual(before);
  });

  it("each sample is valid: this tenant's own allowed users get an answer, not a validation error", async () => {
    const problems: string[] = [];
    for (const [event, rule] of socketEventRules) {
      const role = allowed(rule.permission)[0]!;
      const res = await emit(email(role, 'acme'), event, EVENT_SAMPLES[event]!());
      if ('error' in res && (/^Invalid /.test(res.error) || /went wrong|not found/i.test(res.error)))
        problems.push(`${role} ${event} → ${res.error}`);
    }
    expect(problems).toEqual([]);
  });
});
