/**
 * The access-rules tests' server: an app with every role of two tenants signed in (a token and a
 * socket each) and tenant A's records made for the samples to point at; how to call it as
 * anyone; and how to see whether tenant A's rows changed or leaked.
 */
import type { Response } from '@shared/events';
import { PERMISSIONS, type Permission } from '@shared/permissions';
import type { Role } from '@shared/schemas/common';
import { AIRCALL_CONNECTION, adapter, EVENT_SAMPLES, f, known, resolution, scores, window } from './access-samples';
import { startTestApp, type ClientSocket, type TestApp } from './app';

export const ROLES: Role[] = ['agent', 'supervisor', 'auditor', 'admin'];
const USER_OF: Record<Role, string> = { agent: 'agent', supervisor: 'lead', auditor: 'auditor', admin: 'admin' };
export const email = (role: Role, tenant: 'acme' | 'globex') => `${USER_OF[role]}@${tenant}.test`;

let t: TestApp;
const tokens: Record<string, string> = {};
const sockets: Record<string, ClientSocket> = {};
let acmeMarkers: string[];

export async function call(as: string, method: string, url: string, payload?: unknown, query?: Record<string, string>) {
  // Signing out ends the caller's session (and its socket): do it on a session of its own.
  const token = url === '/v1/auth/sign-out' ? await t.token(as) : tokens[as];
  return t.app.inject({
    method: method as 'GET',
    url,
    query,
    headers: { authorization: `Bearer ${token}` },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
}
export const emit = <T>(as: string, event: string, payload: unknown) =>
  (sockets[as]!.timeout(10_000).emitWithAck as (e: string, p: unknown) => Promise<Response<T>>)(event, payload);

/** Starts the app, signs everyone in and makes tenant A's records; the caller closes it. */
export async function startAccessApp(): Promise<TestApp> {
  t = await startTestApp();
  for (const tenant of ['acme', 'globex'] as const)
    for (const role of ROLES) {
      const e = email(role, tenant);
      tokens[e] = await t.token(e);
      const { socket, error } = await t.socket(tokens[e]);
      if (error) throw new Error(`${e} could not connect: ${error}`);
      sockets[e] = socket;
    }
  const c = t.seeded.acme.customers;
  known.acmeAgentId = t.seeded.acme.users.agent;
  Object.assign(f, { dana: c['dana.whitfield@example.com'], marco: c['marco.rossi@example.com'], priya: c['priya@example.com'] });
  f.sam = Object.entries(c).find(([e]) => e.startsWith('sam'))![1];
  known.policyDocument = (await call('admin@acme.test', 'GET', '/v1/policy')).json().document;

  const ok = async (res: Awaited<ReturnType<typeof call>>) => {
    if (res.statusCode >= 300) throw new Error(`setup failed: ${res.statusCode} ${res.body}`);
    return res.json();
  };
  f.resolutionId = (await ok(await call('agent@acme.test', 'POST', '/v1/resolutions', resolution()))).id;
  f.queueId = (
    await ok(
      await call('auditor@acme.test', 'POST', '/v1/qa/queues', {
        name: 'Setup',
        ...window(),
        rules: { randomShare: 1, perAgentWeeklyMin: 0 },
      }),
    )
  ).id;
  f.reviewId = (
    await ok(await call('auditor@acme.test', 'POST', `/v1/qa/resolutions/${f.resolutionId}/review`, { scorecardVersion: 1, scores }))
  ).id;
  f.disputeId = (
    await ok(
      await call('agent@acme.test', 'POST', `/v1/qa/reviews/${f.reviewId}/disputes`, { criteria: ['empathy'], reason: 'I was kind' }),
    )
  ).id;
  f.calibrationId = (
    await ok(await call('auditor@acme.test', 'POST', '/v1/qa/calibrations', { name: 'Setup', resolutionIds: [f.resolutionId] }))
  ).id;
  f.adapterId = (await ok(await call('admin@acme.test', 'POST', '/v1/adapters', adapter('Setup adapter')))).id;
  await ok(await call('admin@acme.test', 'PUT', '/v1/settings/platforms/aircall', AIRCALL_CONNECTION));
  f.inviteeId = (
    await ok(
      await call('admin@acme.test', 'POST', '/v1/users/invitations', {
        email: 'access-setup@invitee.test',
        name: 'Setup Invitee',
        role: 'agent',
      }),
    )
  ).user.id;
  f.erasureRequestId = (await ok(await call('admin@acme.test', 'POST', '/v1/erasure-requests', { customerId: f.sam }))).id;
  f.mergeId = (
    await ok(await call('lead@acme.test', 'POST', `/v1/customers/${f.priya}/merge`, { into: f.marco, reason: 'same person' }))
  ).mergeId;
  const opened = await emit<{ interactionId: string }>('agent@acme.test', 'interaction:open', EVENT_SAMPLES['interaction:open']!());
  if ('error' in opened) throw new Error(opened.error);
  f.interactionId = opened.data.interactionId;
  const raised = await emit<{ id: string }>('agent@acme.test', 'exception:request', EVENT_SAMPLES['exception:request']!());
  if ('error' in raised) throw new Error(raised.error);
  f.exceptionId = raised.data.id;

  // Anything that names tenant A: its id, its users, its customers, the records above.
  const users = Object.values(t.seeded.acme.users as Record<string, string>);
  acmeMarkers = [t.seeded.acme.tenantId, ...users, ...Object.values(c), ...Object.values(f), '@acme.test', 'Acme', ...Object.keys(c)];
  return t;
}

/** Tables with a tenant_id column, from the engine's catalogue. */
const TENANT_TABLES = {
  sqlite:
    "select m.name as name from sqlite_master m join pragma_table_info(m.name) c on c.name = 'tenant_id' where m.type = 'table' and m.name not like 'sqlite_%' and m.name not like '__drizzle%'",
  postgres: "select table_name as name from information_schema.columns where table_schema = 'public' and column_name = 'tenant_id'",
};

/** Row counts of tenant A in every table that has a tenant_id: a wrong-tenant call changes none. */
export async function tenantRows(tenantId: string): Promise<Record<string, number>> {
  const raw = await t.raw();
  const counts: Record<string, number> = {};
  for (const { name } of await raw.all<{ name: string }>(TENANT_TABLES[t.engine]))
    counts[name] = (await raw.one<{ n: number }>(`select count(*) as n from "${name}" where tenant_id = ?`, tenantId))!.n;
  // An empty catalogue answer would make the comparisons below vacuous.
  if (!('resolution_log' in counts) || Object.keys(counts).length < 5)
    throw new Error(`tenant tables not found: ${JSON.stringify(counts)}`);
  return counts;
}
/** Tenant A's markers in an answer, except those the caller sent itself (an echo is no leak). */
export const leaks = (text: string, sent: unknown = null) =>
  acmeMarkers.filter((m) => m && text.includes(m) && !JSON.stringify(sent).includes(m));
export const allowed = (p: Permission) => PERMISSIONS[p] as readonly Role[];
