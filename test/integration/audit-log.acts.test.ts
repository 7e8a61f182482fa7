/**
 * The audit log through the real API: each audited act writes exactly one entry naming its
 * actor, target and what changed (never personal values). Reading it: audit-log.reading.test.ts.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startTestApp, type TestApp } from '../support/app';
import { ADMIN, auditHelpers } from '../support/audit-log/api';

let t: TestApp;
const tok: Record<string, string> = {};
beforeAll(async () => {
  t = await startTestApp();
  for (const e of [ADMIN, 'agent@acme.test', 'lead@acme.test', 'auditor@acme.test', 'admin@globex.test']) tok[e] = await t.token(e);
});
afterAll(() => t.close());

const { call, during, acme, admin, adapterDef, expectStatus } = auditHelpers(() => t, tok);

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
        targetName: null,
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
