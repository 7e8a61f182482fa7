/**
 * Valid samples for every guarded REST route and socket event, each pointing at tenant A's
 * (acme's) records: the access-rules tests send them as every role and as another tenant. A route
 * or event without a sample here fails those tests, so a new one cannot ship unexamined.
 */
import { randomUUID } from 'node:crypto';
import { ACME_HELPDESK_HOSTS } from '../../server/src/demo/hosts';
import { DEMO_OFFERS } from '../../server/src/demo/offers';

/** Records of tenant A (acme) that tenant B (globex) must not reach; filled by the fixture's set-up. */
/** A platform connection acme has from the start, for the samples that change or remove it. */
export const AIRCALL_CONNECTION = {
  settings: { apiId: 'access-api-id' },
  secret: { apiToken: 'access-api-token', webhookToken: 'access-webhook-token' },
};

export const f = {} as Record<
  | 'dana'
  | 'marco'
  | 'priya'
  | 'sam'
  | 'resolutionId'
  | 'queueId'
  | 'reviewId'
  | 'disputeId'
  | 'calibrationId'
  | 'adapterId'
  | 'mergeId'
  | 'exceptionId'
  | 'interactionId'
  | 'inviteeId'
  | 'erasureRequestId',
  string
>;
/** What the samples need from the running server, filled by the fixture's set-up. */
export const known = { policyDocument: undefined as unknown, acmeAgentId: '' };

export const window = () => ({ from: new Date(Date.now() - 3_600_000).toISOString(), to: new Date(Date.now() + 3_600_000).toISOString() });
export const scores = {
  followed_policy: { score: 4, comment: '' },
  resolved_problem: { score: 4, comment: '' },
  empathy: { score: 4, comment: '' },
  accurate_record: { score: 4, comment: '' },
};
export const resolution = (over: object = {}) => ({
  idempotencyKey: randomUUID(),
  customerId: f.dana,
  helpdesk: 'zendesk',
  ticketId: '7001',
  outcome: 'resolved',
  category: 'billing',
  note: 'ok',
  handleTimeSeconds: 120,
  ...over,
});
export const adapter = (name: string) => ({
  name,
  matches: ['https://support.acme-helpdesk.test/*'],
  ticketUrl: '/tickets/(\\d+)',
  selectors: { email: '.requester a[href^="mailto:"]' },
});

export interface Sample {
  url?: string;
  query?: Record<string, string>;
  body?: unknown;
}
/** A request that is valid for its route and points at tenant A's records. */
export const ROUTE_SAMPLES: Record<string, () => Sample> = {
  'GET /v1/customers/:customerId/context': () => ({ url: `/v1/customers/${f.dana}/context` }),
  'GET /v1/customers/:customerId/recommendations': () => ({ url: `/v1/customers/${f.dana}/recommendations` }),
  'POST /v1/customers/:customerId/offer-outcomes': () => ({
    url: `/v1/customers/${f.dana}/offer-outcomes`,
    body: { offerId: 'retention-credit', accepted: true },
  }),
  'POST /v1/customers': () => ({
    body: { externalId: `ext-${randomUUID()}`, name: 'Access Sample', tier: 'gold', lifetimeValueCents: 0, customerSince: '2024-03-01' },
  }),
  'PATCH /v1/customers/:customerId': () => ({ url: `/v1/customers/${f.marco}`, body: { tier: 'gold' } }),
  'POST /v1/customers/:customerId/merge': () => ({ url: `/v1/customers/${f.sam}/merge`, body: { into: f.marco, reason: 'same person' } }),
  'POST /v1/merges/:mergeId/undo': () => ({ url: `/v1/merges/${f.mergeId}/undo`, body: {} }),
  'POST /v1/customers/:customerId/erase': () => ({ url: `/v1/customers/${f.sam}/erase`, body: {} }),
  'POST /v1/erasure-requests': () => ({ body: { customerId: f.sam } }),
  'GET /v1/erasure-requests': () => ({ query: { status: 'pending' } }),
  'POST /v1/erasure-requests/:id/erase': () => ({ url: `/v1/erasure-requests/${f.erasureRequestId}/erase`, body: {} }),
  'GET /v1/settings/erasure': () => ({}),
  'PUT /v1/settings/erasure': () => ({ body: { deadlineDays: 30 } }),
  'GET /v1/settings/log': () => ({}),
  'PUT /v1/settings/log': () => ({ body: { checkpointEveryEntries: 1000, checkpointEveryMinutes: 5 } }),
  'GET /v1/event-types': () => ({}),
  'POST /v1/event-types': () => ({ body: { type: `custom.t${Date.now()}`, label: 'Test', fields: [] } }),
  'GET /v1/policy': () => ({}),
  'GET /v1/policy/versions': () => ({}),
  'GET /v1/policy/versions/:version': () => ({ url: '/v1/policy/versions/1' }),
  'POST /v1/policy/versions': () => ({
    body: { document: known.policyDocument, effectiveFrom: new Date(Date.now() + 86_400_000).toISOString(), note: 'access test' },
  }),
  'GET /v1/policy/diff': () => ({ query: { from: '1', to: '1' } }),
  'POST /v1/policy/what-if': () => ({ body: { document: known.policyDocument, ...window() } }),
  'POST /v1/grants': () => ({ body: { customerId: f.dana, action: 'account_credit', amountCents: 500, idempotencyKey: randomUUID() } }),
  'POST /v1/grants/evaluate': () => ({ body: { customerId: f.dana, action: 'account_credit', amountCents: 500 } }),
  'POST /v1/resolutions': () => ({ body: resolution() }),
  'POST /v1/resolutions/:resolutionId/corrections': () => ({
    url: `/v1/resolutions/${f.resolutionId}/corrections`,
    body: { idempotencyKey: randomUUID(), outcome: 'unresolved', note: 'wrong outcome' },
  }),
  'GET /v1/log/verify': () => ({}),
  'GET /v1/log/checkpoints': () => ({ query: { after: '0' } }),
  'PUT /v1/log/retention': () => ({ body: { days: 400 } }),
  'GET /v1/helpdesk-hosts': () => ({}),
  // The tenant's own list, unchanged: later samples still open interactions on acme.zendesk.com.
  'PUT /v1/helpdesk-hosts': () => ({ body: { hosts: [...ACME_HELPDESK_HOSTS] } }),
  'GET /v1/adapters': () => ({}),
  'POST /v1/adapters': () => ({ body: adapter(`Access ${randomUUID()}`) }),
  'PUT /v1/adapters/:id': () => ({ url: `/v1/adapters/${f.adapterId}`, body: adapter(`Renamed ${randomUUID()}`) }),
  'DELETE /v1/adapters/:id': () => ({ url: `/v1/adapters/${f.adapterId}` }),
  'GET /v1/qa/me': () => ({}),
  'GET /v1/qa/scorecards': () => ({}),
  'POST /v1/qa/scorecards': () => ({ body: { criteria: [{ id: 'followed_policy', label: 'Followed policy', weight: 1 }] } }),
  'GET /v1/qa/queues': () => ({}),
  'POST /v1/qa/queues': () => ({ body: { name: 'Access', ...window(), rules: { randomShare: 1, perAgentWeeklyMin: 0 } } }),
  'GET /v1/qa/queues/:queueId': () => ({ url: `/v1/qa/queues/${f.queueId}` }),
  'GET /v1/qa/resolutions/:resolutionId': () => ({ url: `/v1/qa/resolutions/${f.resolutionId}` }),
  'POST /v1/qa/resolutions/:resolutionId/review': () => ({
    url: `/v1/qa/resolutions/${f.resolutionId}/review`,
    body: { scorecardVersion: 1, scores },
  }),
  'GET /v1/qa/reviews': () => ({}),
  'POST /v1/qa/reviews/:reviewId/disputes': () => ({
    url: `/v1/qa/reviews/${f.reviewId}/disputes`,
    body: { criteria: ['empathy'], reason: 'I was kind' },
  }),
  'GET /v1/qa/disputes': () => ({}),
  'POST /v1/qa/disputes/:disputeId/decision': () => ({
    url: `/v1/qa/disputes/${f.disputeId}/decision`,
    body: { outcome: 'upheld', note: 'stands' },
  }),
  'GET /v1/qa/calibrations': () => ({}),
  'POST /v1/qa/calibrations': () => ({ body: { name: 'Access', resolutionIds: [f.resolutionId] } }),
  'GET /v1/qa/calibrations/:calibrationId': () => ({ url: `/v1/qa/calibrations/${f.calibrationId}` }),
  'PUT /v1/qa/calibrations/:calibrationId/scores/:resolutionId': () => ({
    url: `/v1/qa/calibrations/${f.calibrationId}/scores/${f.resolutionId}`,
    body: { scores: { followed_policy: 4, resolved_problem: 4, empathy: 4, accurate_record: 4 } },
  }),
  'GET /v1/qa/findings': () => ({ query: window() }),
  'POST /v1/qa/findings/queue': () => ({ body: { ...window(), detector: 'short_handle', agentId: known.acmeAgentId } }),
  'GET /v1/qa/charts': () => ({ query: window() }),
  'GET /v1/qa/offers': () => ({ query: window() }),
  'GET /v1/qa/integrity': () => ({}),
  'POST /v1/qa/integrity': () => ({ body: {} }),
  'GET /v1/qa/export/queues/:queueId': () => ({ url: `/v1/qa/export/queues/${f.queueId}` }),
  'GET /v1/qa/export/reviews': () => ({}),
  'GET /v1/qa/export/disputes': () => ({}),
  'GET /v1/qa/export/findings': () => ({ query: window() }),
  'POST /v1/auth/sign-out': () => ({ body: {} }),
  'GET /v1/settings/reveals': () => ({}),
  'PUT /v1/settings/reveals': () => ({ body: { perHour: 60 } }),
  'GET /v1/settings/platforms': () => ({}),
  'GET /v1/settings/calls': () => ({}),
  'PUT /v1/settings/calls': () => ({ body: { confirmedBy: [] } }),
  'PUT /v1/settings/platforms/:platform': () => ({ url: '/v1/settings/platforms/aircall', body: AIRCALL_CONNECTION }),
  'DELETE /v1/settings/platforms/:platform': () => ({ url: '/v1/settings/platforms/aircall' }),
  'GET /v1/settings/offers': () => ({}),
  'GET /v1/settings/offers/versions': () => ({}),
  'PUT /v1/settings/offers': () => ({ body: { offers: DEMO_OFFERS, note: 'access test' } }),
  'GET /v1/audit': () => ({}),
  'GET /v1/audit/export': () => ({}),
  'GET /v1/users': () => ({}),
  'POST /v1/users/invitations': () => ({ body: { email: `access-${randomUUID()}@invitee.test`, name: 'Access Invitee', role: 'agent' } }),
  'POST /v1/users/:userId/invitation': () => ({ url: `/v1/users/${f.inviteeId}/invitation`, body: {} }),
  // An invitee of its own: deactivating a seeded user would end sessions the other samples use.
  'POST /v1/users/:userId/deactivate': () => ({ url: `/v1/users/${f.inviteeId}/deactivate`, body: {} }),
  'POST /v1/users/:userId/reactivate': () => ({ url: `/v1/users/${f.inviteeId}/reactivate`, body: {} }),
  'PATCH /v1/users/:userId': () => ({ url: `/v1/users/${f.inviteeId}`, body: { team: 'returns' } }),
};

/** A socket payload that is valid for its event and points at tenant A's records. */
export const EVENT_SAMPLES: Record<string, () => unknown> = {
  'interaction:open': () => ({
    helpdesk: 'zendesk',
    instance: 'acme.zendesk.com',
    ticketId: '7002',
    requester: { email: 'dana.whitfield@example.com' },
  }),
  'interaction:close': () => ({ interactionId: f.interactionId }),
  'interaction:messages': () => ({ interactionId: f.interactionId, messages: [{ text: 'I am upset' }] }),
  'customer:reveal': () => ({ customerId: f.dana, field: 'email' }),
  'customer:search': () => ({ query: 'Dana' }),
  'customer:link': () => ({ interactionId: f.interactionId, customerId: f.dana }),
  'grant:record': () => ({ customerId: f.dana, action: 'account_credit', amountCents: 500, idempotencyKey: randomUUID() }),
  'offer:recommend': () => ({ interactionId: f.interactionId }),
  'offer:outcome': () => ({ interactionId: f.interactionId, offerId: 'retention-credit', accepted: true }),
  'exception:request': () => ({
    customerId: f.dana,
    action: 'account_credit',
    amountCents: 4_500,
    reasonCode: 'goodwill',
    note: 'late again',
    idempotencyKey: randomUUID(),
  }),
  'exception:withdraw': () => ({ exceptionId: f.exceptionId }),
  'exception:decide': () => ({ exceptionId: f.exceptionId, decision: 'deny', note: 'no' }),
  'exception:pending': () => ({}),
  'duty:set': () => ({ onDuty: true }),
  'exception:board': () => ({}),
  'resolution:draft': () => ({ helpdesk: 'zendesk', instance: 'acme.zendesk.com', ticketId: '7001' }),
  'resolution:submit': () => resolution(),
  'client:stats': () => ({ outboxDepth: 0 }),
};
