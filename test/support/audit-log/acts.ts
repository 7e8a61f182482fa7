/**
 * The audited acts of audit-log.acts.test.ts, done again in the same order without their checks:
 * the log that audit-log.reading.test.ts filters, pages, exports and keeps from other tenants.
 */
import { randomUUID } from 'node:crypto';
import type { TestApp } from '../app';
import { ADMIN, auditHelpers } from './api';

export async function recordAuditedActs(t: TestApp, tok: Record<string, string>): Promise<void> {
  const { call, acme, adapterDef, expectStatus } = auditHelpers(() => t, tok);
  // Policy published: credit limit changed, first escalation rule removed.
  const current = expectStatus(await call(ADMIN, 'GET', '/v1/policy'), 200);
  const document = structuredClone(current.document);
  document.limits.find((l: { id: string }) => l.id === 'credit').maxAmountCents = 4_000;
  document.escalation = document.escalation.slice(1);
  expectStatus(await call(ADMIN, 'POST', '/v1/policy/versions', { document, note: 'Raise credit' }), 201);
  // An adapter created, updated and deleted (and a refused second delete).
  const { id } = expectStatus(await call(ADMIN, 'POST', '/v1/adapters', adapterDef('Audit Desk')), 201);
  expectStatus(await call(ADMIN, 'PUT', `/v1/adapters/${id}`, adapterDef('Audit Desk 2')), 200);
  await call(ADMIN, 'DELETE', `/v1/adapters/${id}`);
  await call(ADMIN, 'DELETE', `/v1/adapters/${id}`);
  const fields = [{ name: 'plan', kind: 'string', required: true }];
  expectStatus(await call(ADMIN, 'POST', '/v1/event-types', { type: 'custom.plan_viewed', label: 'Plan viewed', fields }), 201);
  expectStatus(await call(ADMIN, 'PUT', '/v1/log/retention', { days: 365 }), 200);
  expectStatus(await call(ADMIN, 'POST', `/v1/customers/${acme().customers['priya@example.com']!}/erase`), 200);
  const criteria = [
    { id: 'followed_policy', label: 'Followed policy', weight: 3 },
    { id: 'tone', label: 'Tone', weight: 1 },
  ];
  expectStatus(await call('auditor@acme.test', 'POST', '/v1/qa/scorecards', { criteria, note: 'Shorter' }), 201);
  await decideADispute(call, acme().customers['dana.whitfield@example.com']!, expectStatus);
  await revealAPhone(t, tok['agent@acme.test']!);
  const a = await t.app.repos.customers.create(acme().tenantId, {
    name: 'Old CRM record',
    tier: 'standard',
    lifetimeValueCents: 0,
    customerSince: 0,
    externalIds: ['audit-crm-1'],
  });
  const into = acme().customers['marco.rossi@example.com']!;
  const merge = expectStatus(
    await call('lead@acme.test', 'POST', `/v1/customers/${a}/merge`, { into, reason: 'Same phone as Marco' }),
    201,
  );
  expectStatus(await call(ADMIN, 'POST', `/v1/merges/${merge.mergeId}/undo`), 200);
}

type Helpers = ReturnType<typeof auditHelpers>;

/** A resolution reviewed, disputed by its agent and amended by an admin. */
async function decideADispute(call: Helpers['call'], customerId: string, expectStatus: Helpers['expectStatus']) {
  const resolution = expectStatus(
    await call('agent@acme.test', 'POST', '/v1/resolutions', {
      idempotencyKey: randomUUID(),
      customerId,
      helpdesk: 'zendesk',
      ticketId: 'audit-1',
      outcome: 'resolved',
      category: 'billing',
      note: 'ok',
      handleTimeSeconds: 100,
    }),
    201,
  );
  const cards = expectStatus(await call('auditor@acme.test', 'GET', '/v1/qa/scorecards'), 200) as {
    version: number;
    criteria: { id: string }[];
  }[];
  const card = cards.sort((a, b) => b.version - a.version)[0]!;
  const scores = Object.fromEntries(card.criteria.map((c) => [c.id, { score: 3, comment: '' }]));
  const review = expectStatus(
    await call('auditor@acme.test', 'POST', `/v1/qa/resolutions/${resolution.id}/review`, { scorecardVersion: card.version, scores }),
    201,
  );
  const dispute = expectStatus(
    await call('agent@acme.test', 'POST', `/v1/qa/reviews/${review.id}/disputes`, { criteria: ['tone'], reason: 'I was kind' }),
    201,
  );
  const decision = { outcome: 'amended', note: 'Transcript shows warmth', scores: { tone: { score: 5, comment: '' } } };
  expectStatus(await call(ADMIN, 'POST', `/v1/qa/disputes/${dispute.id}/decision`, decision), 200);
}

/** An agent opens Sam's ticket and reveals his phone number. */
async function revealAPhone(t: TestApp, token: string) {
  const { socket } = await t.socket(token);
  const opened = await socket.emitWithAck('interaction:open', {
    helpdesk: 'zendesk',
    instance: 'acme.zendesk.com',
    ticketId: '104',
    requester: { email: 'sam.okafor@example.com' },
  });
  if (!('data' in opened) || opened.data.status !== 'known') throw new Error('Sam should be known');
  const res = await socket.emitWithAck('customer:reveal', { customerId: opened.data.context.customer.id, field: 'phone' });
  if (!('data' in res)) throw new Error(`reveal: ${res.error}`);
}
