/**
 * The fuzzed REST app and the records its valid examples aim at, so valid payloads reach the
 * handlers' own checks rather than a 404: path parameters, bodies and queries by route.
 */
import { randomUUID } from 'node:crypto';
import { DEMO_OFFERS } from '../../../server/src/demo/offers';
import { DEMO_POLICY } from '../../../server/src/demo/policy';
import { DEFAULT_SCORECARD } from '@shared/qa/scorecard';
import type { Role } from '@shared/schemas/common';
import { startTestApp, type TestApp } from '../app';
import { FUZZ_ENV } from '../fuzz';
import { resolutionBody } from '../sample-bodies';

export const USER_OF: Record<Role, string> = {
  agent: 'agent@acme.test',
  supervisor: 'lead@acme.test',
  auditor: 'auditor@acme.test',
  admin: 'admin@acme.test',
};

/** Path parameters, bodies and queries for valid examples, by route. */
export interface FuzzSamples {
  params: Record<string, string | number>;
  paramsOf: Record<string, Record<string, string | number>>;
  bodies: Record<string, unknown>;
  queries: Record<string, unknown>;
}

/** The app, a token per role, the ingest key, and the records made for the examples to aim at. */
export async function startFuzzRestApp(): Promise<{
  t: TestApp;
  tokens: Record<Role, string>;
  ingestKey: { id: string; secret: string };
  samples: FuzzSamples;
}> {
  const t = await startTestApp(FUZZ_ENV);
  const tokens = Object.fromEntries(
    await Promise.all((Object.keys(USER_OF) as Role[]).map(async (r) => [r, await t.token(USER_OF[r])])),
  ) as Record<Role, string>;
  const ingestKey = (await t.app.repos.tenants.ingestKey('acme-demo'))!;

  async function api<T = { id: string }>(role: Role, method: 'POST' | 'PUT', url: string, payload: object): Promise<T> {
    const res = await t.app.inject({ method, url, headers: { authorization: `Bearer ${tokens[role]}` }, payload });
    if (res.statusCode >= 300) throw new Error(`fixture ${method} ${url} answered ${res.statusCode}: ${res.body}`);
    return res.json() as T;
  }

  // Records to aim at, so valid payloads reach the handlers' own checks rather than a 404.
  const customers = t.seeded.acme.customers;
  const [dana, priya] = [customers['dana.whitfield@example.com']!, customers['priya@example.com']!];
  const [reviewed, disputed, unreviewed] = [
    (await api('agent', 'POST', '/v1/resolutions', resolutionBody(dana))).id,
    (await api('agent', 'POST', '/v1/resolutions', resolutionBody(dana))).id,
    (await api('agent', 'POST', '/v1/resolutions', resolutionBody(dana))).id,
  ];
  const scores = Object.fromEntries(DEFAULT_SCORECARD.criteria.map((c) => [c.id, { score: 4, comment: 'fine' }]));
  const review = await api('auditor', 'POST', `/v1/qa/resolutions/${reviewed}/review`, { scorecardVersion: 1, scores });
  const review2 = await api('auditor', 'POST', `/v1/qa/resolutions/${disputed}/review`, { scorecardVersion: 1, scores });
  const dispute = await api('agent', 'POST', `/v1/qa/reviews/${review2.id}/disputes`, { criteria: ['empathy'], reason: 'I was kind' });
  const calibration = await api('auditor', 'POST', '/v1/qa/calibrations', { name: 'Calibration', resolutionIds: [reviewed] });
  const hour = 3_600_000;
  const window = { from: new Date(Date.now() - 24 * hour).toISOString(), to: new Date(Date.now() + hour).toISOString() };
  const queue = await api('auditor', 'POST', '/v1/qa/queues', { name: 'Queue', ...window });
  const ADAPTER = {
    name: 'Fuzz desk',
    matches: ['https://support.fuzz.test/*'],
    ticketUrl: '/tickets/(\\d+)',
    selectors: { email: '.requester a' },
  };
  const adapter = await api('admin', 'POST', '/v1/adapters', ADAPTER);
  // Priya's: the direct erase route aims at her too.
  const erasureRequest = await api('admin', 'POST', '/v1/erasure-requests', { customerId: priya });

  /** Path parameters by name: existing records, so a valid request gets past "no such …". */
  const params: Record<string, string | number> = {
    customerId: priya,
    resolutionId: reviewed,
    reviewId: review.id,
    disputeId: dispute.id,
    calibrationId: calibration.id,
    queueId: queue.id,
    id: adapter.id,
    version: 1,
    mergeId: randomUUID(),
    '*': 'index.html',
  };
  /** Where a route needs another record than its parameter's default. */
  const paramsOf: Record<string, Record<string, string | number>> = {
    'POST /v1/qa/resolutions/:resolutionId/review': { resolutionId: unreviewed },
    'POST /v1/erasure-requests/:id/erase': { id: erasureRequest.id },
  };
  /** Valid bodies the schema's shape alone cannot produce (refinements, cross-record rules). */
  const bodies: Record<string, unknown> = {
    'POST /v1/auth/sign-in': { email: 'agent@acme.test', password: 'leeway-demo' },
    'POST /v1/ingest/events': {
      id: 'fuzz-1',
      type: 'payment.failed',
      occurredAt: new Date().toISOString(),
      customer: { email: 'dana.whitfield@example.com' },
      data: { amountCents: 4900, currency: 'USD', reason: 'card declined' },
    },
    'POST /v1/customers/:customerId/merge': { into: dana, reason: 'Same person, two accounts' },
    'POST /v1/customers': {
      externalId: 'fuzz-customer',
      name: 'Fuzz Customer',
      tier: 'gold',
      lifetimeValueCents: 100,
      customerSince: '2024-03-01',
    },
    'PATCH /v1/customers/:customerId': { tier: 'gold' },
    'POST /v1/policy/versions': { document: DEMO_POLICY, note: 'fuzz' },
    'POST /v1/policy/what-if': { document: DEMO_POLICY, ...window },
    'PUT /v1/settings/offers': { offers: DEMO_OFFERS, note: 'fuzz' },
    'POST /v1/customers/:customerId/offer-outcomes': { offerId: 'retention-credit', accepted: true },
    'POST /v1/grants': { customerId: dana, action: 'discount', amountCents: 500, idempotencyKey: 'fuzz-grant' },
    'POST /v1/grants/evaluate': { customerId: dana, action: 'refund', amountCents: 500, reasonCode: 'billing_error' },
    'POST /v1/resolutions': resolutionBody(dana),
    'POST /v1/resolutions/:resolutionId/corrections': {
      idempotencyKey: 'fuzz-correction',
      outcome: 'unresolved',
      note: 'Customer wrote back',
    },
    'POST /v1/adapters': { ...ADAPTER, name: 'Fuzz desk two' },
    'PUT /v1/adapters/:id': ADAPTER,
    'POST /v1/qa/scorecards': DEFAULT_SCORECARD,
    'POST /v1/qa/queues': { name: 'Fuzz queue', ...window },
    'POST /v1/qa/resolutions/:resolutionId/review': { scorecardVersion: 1, scores },
    'POST /v1/qa/reviews/:reviewId/disputes': { criteria: ['empathy'], reason: 'I was kind' },
    'POST /v1/qa/disputes/:disputeId/decision': { outcome: 'upheld', note: 'The score stands' },
    'POST /v1/qa/calibrations': { name: 'Fuzz calibration', resolutionIds: [reviewed] },
    'PUT /v1/qa/calibrations/:calibrationId/scores/:resolutionId': {
      scores: { empathy: 3, followed_policy: 4, resolved_problem: 4, accurate_record: 5 },
    },
    'POST /v1/erasure-requests': { customerId: dana },
    'POST /v1/qa/findings/queue': { ...window, detector: 'boundary_hugging', agentId: t.seeded.acme.users.agent },
  };
  const queries: Record<string, unknown> = {
    'GET /v1/policy/diff': { from: '1', to: '1' },
  };
  return { t, tokens, ingestKey, samples: { params, paramsOf, bodies, queries } };
}
