/**
 * Every REST route, enumerated from the running server (`app.routeList`), fuzzed with
 * generated hostile input built from its own zod schemas: mutations of a valid example, any
 * JSON at all, hostile strings in params and query, raw JSON no serializer writes (10,000
 * levels deep, lone surrogates, bad bytes, prototype keys), wrong content types and bodies
 * over the limit. The answer is always a 4xx whose message says what was wrong, never a 500;
 * a refused request changes no table's row count; the database passes the engine's integrity check.
 * A route this file cannot build a valid example for fails, so none ships unfuzzed.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, expect, it } from 'vitest';
import type { z } from 'zod';
import { DEMO_POLICY } from '../../server/src/demo/policy';
import { PERMISSIONS } from '../../shared/permissions';
import { DEFAULT_SCORECARD } from '../../shared/qa/scorecard';
import type { Role } from '../../shared/schemas/common';
import { signedHeaders } from '../../shared/webhook-signature';
import { startTestApp } from '../support/app';
import * as F from '../support/fuzz';
import { changedTables, integrityCheck, rowCounts } from '../support/row-counts';

/** Generated runs per route, on top of the fixed hostile bodies: enough to find a gap, bounded for 2 cores. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 100);

const t = await startTestApp(F.FUZZ_ENV);
afterAll(() => t.close());

const USER_OF: Record<Role, string> = {
  agent: 'agent@acme.test',
  supervisor: 'lead@acme.test',
  auditor: 'auditor@acme.test',
  admin: 'admin@acme.test',
};
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
const [dana, priya, sam] = [
  customers['dana.whitfield@example.com']!,
  customers['priya@example.com']!,
  customers['sam.okafor@example.com']!,
];
const resolutionBody = () => ({
  idempotencyKey: randomUUID(),
  helpdesk: 'zendesk',
  ticketId: '101',
  customerId: dana,
  outcome: 'resolved',
  category: 'billing',
  handleTimeSeconds: 300,
  note: 'Refunded the double charge',
});
const [reviewed, disputed, unreviewed] = [
  (await api('agent', 'POST', '/v1/resolutions', resolutionBody())).id,
  (await api('agent', 'POST', '/v1/resolutions', resolutionBody())).id,
  (await api('agent', 'POST', '/v1/resolutions', resolutionBody())).id,
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
const PARAMS: Record<string, string | number> = {
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
const PARAMS_OF: Record<string, Record<string, string | number>> = {
  'POST /v1/qa/resolutions/:resolutionId/review': { resolutionId: unreviewed },
  'POST /v1/erasure-requests/:id/erase': { id: erasureRequest.id },
};
/** Valid bodies the schema's shape alone cannot produce (refinements, cross-record rules). */
const BODIES: Record<string, unknown> = {
  'POST /v1/auth/sign-in': { email: 'agent@acme.test', password: 'leeway-demo' },
  'POST /v1/ingest/events': {
    id: 'fuzz-1',
    type: 'payment.failed',
    occurredAt: new Date().toISOString(),
    customer: { email: 'dana.whitfield@example.com' },
    data: { amountCents: 4900, currency: 'USD', reason: 'card declined' },
  },
  'POST /v1/customers/:customerId/merge': { into: dana, reason: 'Same person, two accounts' },
  'POST /v1/policy/versions': { document: DEMO_POLICY, note: 'fuzz' },
  'POST /v1/policy/what-if': { document: DEMO_POLICY, ...window },
  'POST /v1/grants': { customerId: dana, action: 'discount', amountCents: 500, idempotencyKey: 'fuzz-grant' },
  'POST /v1/grants/evaluate': { customerId: dana, action: 'refund', amountCents: 500, reasonCode: 'billing_error' },
  'POST /v1/resolutions': resolutionBody(),
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
const QUERIES: Record<string, unknown> = {
  'GET /v1/policy/diff': { from: '1', to: '1' },
};
/** The role a route is called as, where the first role its permission allows would be refused by the route's own rule. */
const ROLE_OF: Record<string, Role> = {
  // A dispute is settled by a second reviewer: not the auditor who scored it.
  'POST /v1/qa/disputes/:disputeId/decision': 'admin',
};
/**
 * Refusals that write on purpose, with why: everything else refused must leave every table as it was.
 */
const REFUSALS_RECORDED: Record<string, string[]> = {
  // Failed sign-ins are counted for throttling and audited.
  'POST /v1/auth/sign-in': ['sign_in_failures', 'audit_log'],
  // A reused refresh token ends its session and is audited.
  'POST /v1/auth/refresh': ['audit_log'],
};

type Route = (typeof t.app.routeList)[number];
const key = (r: Pick<Route, 'method' | 'url'>) => `${r.method} ${r.url}`;
const hasBody = (r: Route) => ['POST', 'PUT', 'PATCH'].includes(r.method);
const sessionRoute = (r: Route) => r.url.startsWith('/v1/auth/');

// Routes that end or start sessions go last, each with tokens of its own (signed in now, before the
// sign-in fuzz throttles this address), so signing out cannot disarm the others.
const routes = t.app.routeList.filter((r) => r.method !== 'OPTIONS').sort((a, b) => Number(sessionRoute(a)) - Number(sessionRoute(b)));
const roleOf = (r: Route) => ('permission' in r.rule ? (ROLE_OF[key(r)] ?? (PERMISSIONS[r.rule.permission][0] as Role)) : undefined);
const sessionTokens = new Map<string, { fuzz: string; big: string }>();
for (const r of routes.filter(sessionRoute)) {
  const role = roleOf(r);
  if (role) sessionTokens.set(key(r), { fuzz: await t.token(USER_OF[role]), big: await t.token(USER_OF[role]) });
}

interface Parts {
  params: Record<string, unknown>;
  query: Record<string, unknown>;
  body: unknown;
}
interface Sent {
  status: number;
  json: Record<string, unknown> | null;
  text: string;
}

/** Valid params, query and body for `r`, or the reason this file cannot exercise it. */
function examples(r: Route): Parts {
  const schema = (r.schema ?? {}) as { params?: z.ZodType; querystring?: z.ZodType; body?: z.ZodType };
  const names = [...r.url.matchAll(/:([A-Za-z]+)|\*/g)].map((m) => m[1] ?? '*');
  const preferredParams = Object.fromEntries(names.map((n) => [n, PARAMS_OF[key(r)]?.[n] ?? PARAMS[n] ?? 'x']));
  const part = (what: string, s: z.ZodType | undefined, preferred: unknown) => {
    if (!s) return preferred;
    const v = F.validExample(s, preferred);
    if (v === undefined)
      throw new Error(
        `${key(r)}: cannot build a valid ${what} from its schema: add one to ${what === 'body' ? 'BODIES' : what === 'query' ? 'QUERIES' : 'PARAMS'} in this file`,
      );
    return v;
  };
  // Params travel as text: a generated number (version) goes as its digits.
  const params = part('params', schema.params, preferredParams) as Record<string, unknown>;
  return {
    params: Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)])),
    query: part('query', schema.querystring, QUERIES[key(r)] ?? {}) as Record<string, unknown>,
    body: hasBody(r) ? part('body', schema.body, BODIES[key(r)] ?? {}) : undefined,
  };
}

const asText = (v: unknown): string =>
  typeof v === 'string' ? v : v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);

/** The URL for `parts`, and whether the server will read back exactly what was meant (lone surrogates cannot be sent as UTF-8). */
function urlOf(
  r: Route,
  parts: Parts,
): { url: string; params: Record<string, string>; query: Record<string, string | string[]>; exact: boolean } {
  let exact = true;
  const params: Record<string, string> = {};
  const path = r.url.replace(/:([A-Za-z]+)|\*/g, (_m, name: string | undefined) => {
    const n = name ?? '*';
    params[n] = asText(parts.params[n]);
    const enc = F.encodeUrlPart(params[n]);
    exact &&= enc.exact && params[n] !== '' && !/^\.\.?$/.test(params[n]);
    return n === '*' ? enc.text.replace(/%2F/gi, '/') : enc.text;
  });
  const query: Record<string, string | string[]> = {};
  const pairs: string[] = [];
  for (const [k, v] of Object.entries(parts.query ?? {})) {
    if (v === undefined) continue;
    const values = Array.isArray(v) ? v.map(asText) : [asText(v)];
    query[k] = Array.isArray(v) ? values : values[0]!;
    // Unusual keys ("__proto__", "") are parsed by the server's own rules: only "no 500" is certain for them.
    exact &&= /^[A-Za-z][\w.-]*$/.test(k) && values.length > 0;
    for (const value of values) {
      const [ek, ev] = [F.encodeUrlPart(k), F.encodeUrlPart(value)];
      exact &&= ek.exact && ev.exact;
      pairs.push(`${ek.text}=${ev.text}`);
    }
  }
  return { url: pairs.length ? `${path}?${pairs.join('&')}` : path, params, query, exact };
}

async function send(
  r: Route,
  req: { url: string; payload?: string | Buffer; contentType?: string },
  token: string | undefined,
): Promise<Sent> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (req.payload !== undefined) {
    headers['content-type'] = req.contentType ?? 'application/json';
    // The webhook checks its signature first: sign every body, so what is fuzzed is what lies behind it.
    if (key(r) === 'POST /v1/ingest/events')
      Object.assign(headers, signedHeaders(ingestKey.id, ingestKey.secret, req.payload.toString()), {
        'content-type': headers['content-type'],
      });
  }
  const res = await t.app.inject({
    method: r.method as 'GET',
    url: req.url,
    headers,
    ...(req.payload === undefined ? {} : { payload: req.payload }),
  });
  let json: Record<string, unknown> | null = null;
  try {
    json = res.json();
  } catch {
    // CSV and metrics answer text: only refusals must be JSON.
  }
  return { status: res.statusCode, json, text: res.body };
}

/** What is wrong with an answer, or null: a 5xx, an invalid request accepted, a refusal that does not say why, a refusal that wrote. */
function problem(res: Sent, mustRefuse: boolean, wrote: string[]): string | null {
  if (res.status >= 500) return `answered ${res.status}: ${res.text.slice(0, 300)}`;
  if (mustRefuse && res.status < 400) return `accepted input its schema refuses, with ${res.status}: ${res.text.slice(0, 300)}`;
  if (res.status >= 400) {
    const message = res.json?.message;
    if (typeof message !== 'string' || !message.trim()) return `refused with ${res.status} but no message: ${res.text.slice(0, 300)}`;
    if (/something went wrong/i.test(message)) return `refused with ${res.status} and a generic message: ${message}`;
    if (message === res.json?.error) return `refused with ${res.status}; the message only repeats "${message}"`;
    if (wrote.length) return `refused with ${res.status} (${message}) but changed row counts: ${wrote.join(', ')}`;
  }
  return null;
}

const describePayload = (v: unknown) => {
  const s = typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v));
  return s.length > 300 ? `${s.slice(0, 300)}… (${s.length} chars)` : s;
};

it('finds the routes to fuzz', () => {
  expect(routes.length).toBeGreaterThan(40);
});

it.each(routes.map((r) => [key(r), r] as const))(
  '%s answers hostile input with a 4xx that says why, and writes nothing when it refuses',
  async (name, r) => {
    const valid = examples(r);
    const schema = (r.schema ?? {}) as { params?: z.ZodType; querystring?: z.ZodType; body?: z.ZodType };
    const role = roleOf(r);
    const token = role && (sessionTokens.get(name)?.fuzz ?? tokens[role]);
    const allowedWrites = REFUSALS_RECORDED[name] ?? [];

    /** Sends `parts` and returns what is wrong, if anything; counts rows around it. */
    async function attempt(
      parts: Parts,
      raw?: { payload: string | Buffer; contentType?: string; mustRefuse: boolean },
    ): Promise<string | null> {
      const u = urlOf(r, parts);
      const body = raw ? undefined : F.overTheWire(parts.body);
      const isValid = (s: z.ZodType | undefined, v: unknown) => !s || s.safeParse(v).success;
      const schemaValid =
        isValid(schema.params, u.params) &&
        isValid(schema.querystring, u.query) &&
        (!hasBody(r) || raw !== undefined || isValid(schema.body, body));
      const mustRefuse = raw ? raw.mustRefuse : u.exact && !schemaValid;
      const before = await rowCounts(await t.raw());
      const res = await send(
        r,
        { url: u.url, ...(raw ? raw : hasBody(r) && parts.body !== undefined ? { payload: JSON.stringify(parts.body) } : {}) },
        token,
      );
      const wrote = res.status >= 400 ? changedTables(before, await rowCounts(await t.raw()), allowedWrites) : [];
      const p = problem(res, mustRefuse, wrote);
      return p && `${name} ${raw ? 'raw body' : `url ${u.url.slice(0, 200)} body ${describePayload(parts.body)}`}: ${p}`;
    }

    // 1. Generated: one part broken at a time, the others valid.
    const arms: fc.Arbitrary<Parts>[] = [];
    if (hasBody(r)) arms.push(F.hostilePayloads(valid.body, schema.body).map((body) => ({ ...valid, body })));
    if (Object.keys(valid.params).length)
      arms.push(
        fc
          .tuple(fc.constantFrom(...Object.keys(valid.params)), F.hostileUrlText)
          .map(([k, v]) => ({ ...valid, params: { ...valid.params, [k]: v } })),
      );
    if (schema.querystring || r.method === 'GET') {
      arms.push(
        F.mutationsOf(valid.query).map((q) => ({
          ...valid,
          query: (q && typeof q === 'object' && !Array.isArray(q) ? q : { q }) as Record<string, unknown>,
        })),
      );
    }
    if (arms.length) {
      await fc.assert(
        fc.asyncProperty(fc.oneof(...arms), async (parts) => {
          const p = await attempt(parts);
          if (p) throw new Error(p);
        }),
        { numRuns: RUNS, endOnFailure: false },
      );
    }

    // 2. Raw bodies no serializer writes, wrong content types, and a body over the limit.
    if (hasBody(r)) {
      const found: string[] = [];
      const unparseable = new Set(['not JSON', 'truncated JSON', 'trailing garbage', 'NUL bytes']);
      for (const b of F.rawBodies()) {
        const p = await attempt(valid, {
          payload: b.body,
          mustRefuse: unparseable.has(b.name) || (!!schema.body && b.name.includes('nested')),
        });
        if (p) found.push(`${b.name}: ${p}`);
      }
      for (const c of F.WRONG_CONTENT_TYPES) {
        const p = await attempt(valid, { payload: c.body, contentType: c.type, mustRefuse: !!schema.body });
        if (p) found.push(`content-type ${c.type}: ${p}`);
      }
      // A session route may have signed its token out by now: another one, so the size is what is refused.
      const bigToken = sessionTokens.get(name)?.big ?? token;
      const big = await send(r, { url: urlOf(r, valid).url, payload: F.oversizedJson(256 * 1024 + 1) }, bigToken);
      if (big.status !== 413) found.push(`a body over 256 KiB answered ${big.status}, not 413: ${big.text.slice(0, 200)}`);
      else if (typeof big.json?.message !== 'string' || !big.json.message) found.push('a body over 256 KiB was refused without a message');
      expect(found).toEqual([]);
    }
  },
  120_000,
);

it('leaves a database that passes the engine’s integrity check and a resolution log that verifies', async () => {
  expect(await integrityCheck(await t.raw(), t.engine)).toBe('ok');
  expect(await t.app.repos.log.verify(t.seeded.acme.tenantId)).toMatchObject({ ok: true });
});
