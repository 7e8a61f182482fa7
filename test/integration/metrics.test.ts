/**
 * Prometheus metrics: request latency by route pattern (never a raw URL or id), socket-event
 * latency by outcome, connected sockets, pending exceptions summed over tenants, the outbox
 * depth extensions report, process metrics; one registry per app; a bearer token when set.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type ClientSocket, type TestApp } from '../support/app';

const METRICS_TOKEN = 'scrape-token-0123456789';

let t: TestApp;
let guarded: TestApp;
beforeAll(async () => {
  [t, guarded] = await Promise.all([startTestApp(), startTestApp({ LEEWAY_METRICS_TOKEN: METRICS_TOKEN })]);
});
afterAll(() => Promise.all([t?.close(), guarded?.close()]));

async function scrape(app: TestApp = t, headers: Record<string, string> = {}) {
  const res = await app.app.inject({ url: '/metrics', headers });
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
  return res.body;
}
/** The value of one sample line, e.g. value(body, 'leeway_connected_sockets'). */
function value(body: string, series: string): number | undefined {
  const line = body.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}
async function connect(email: string): Promise<ClientSocket> {
  const { socket, error } = await t.socket(await t.token(email));
  if (error) throw new Error(error);
  return socket;
}

describe('GET /metrics', () => {
  it('times requests by method, route pattern and status, never by raw URL', async () => {
    const token = await t.token('agent@acme.test');
    const dana = t.seeded.acme.customers['dana.whitfield@example.com']!;
    const ok = await t.app.inject({
      url: `/v1/customers/${dana}/context?ticket=zendesk%3Araw-url-marker`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(ok.statusCode).toBe(200);
    await t.app.inject({ url: `/v1/customers/${dana}/context` });
    await t.app.inject({ url: `/no/such/${dana}` });
    const body = await scrape();
    expect(
      value(body, 'leeway_http_request_duration_seconds_count{method="GET",route="/v1/customers/:customerId/context",status_code="200"}'),
    ).toBe(1);
    expect(
      value(body, 'leeway_http_request_duration_seconds_count{method="GET",route="/v1/customers/:customerId/context",status_code="401"}'),
    ).toBe(1);
    expect(value(body, 'leeway_http_request_duration_seconds_count{method="GET",route="unmatched",status_code="404"}')).toBe(1);
    expect(
      value(body, 'leeway_http_request_duration_seconds_count{method="POST",route="/v1/auth/sign-in",status_code="200"}'),
    ).toBeGreaterThanOrEqual(1);
    expect(body).not.toContain(dana);
    expect(body).not.toContain('raw-url-marker'); // a word no metric value can contain by chance
    expect(body).not.toContain(t.seeded.acme.tenantId);
  });

  it('times socket events by event and outcome', async () => {
    const agent = await connect('agent@acme.test');
    const opened = await agent.emitWithAck('interaction:open', {
      helpdesk: 'zendesk',
      instance: 'acme.zendesk.com',
      ticketId: '101',
      requester: { email: 'dana.whitfield@example.com' },
    });
    expect('data' in opened).toBe(true);
    const invalid = await agent.emitWithAck('interaction:open', { helpdesk: 'zendesk' } as never);
    expect('error' in invalid).toBe(true);
    const forbidden = await agent.emitWithAck('exception:pending', {});
    expect('error' in forbidden).toBe(true);
    const body = await scrape();
    expect(value(body, 'leeway_socket_event_duration_seconds_count{event="interaction:open",outcome="ok"}')).toBe(1);
    expect(value(body, 'leeway_socket_event_duration_seconds_count{event="interaction:open",outcome="refused"}')).toBe(1);
    expect(value(body, 'leeway_socket_event_duration_seconds_count{event="exception:pending",outcome="refused"}')).toBe(1);
    expect(body).not.toContain('dana.whitfield');
  });

  it('reports connected sockets, pending exceptions of every tenant, and the outbox depth extensions report', async () => {
    const before = await scrape();
    const sockets = value(before, 'leeway_connected_sockets')!;
    const pending = value(before, 'leeway_pending_exceptions')!;
    expect(value(before, 'leeway_extension_outbox_depth')).toBe(0);

    const [acme, globex] = [await connect('agent@acme.test'), await connect('agent@globex.test')];
    // Two requests that wait for a decision: one per tenant.
    const ask = (s: ClientSocket, customerId: string) =>
      s.emitWithAck('exception:request', {
        customerId,
        action: 'account_credit',
        amountCents: 4_500,
        reasonCode: 'goodwill',
        note: 'late again',
        idempotencyKey: randomUUID(),
      });
    expect('data' in (await ask(acme, t.seeded.acme.customers['marco.rossi@example.com']!))).toBe(true);
    expect('data' in (await ask(globex, Object.values(t.seeded.globex.customers)[0]!))).toBe(true);
    // As each extension last reported it (client:stats stores it on the socket).
    const [a, b] = [...t.app.io.of('/').sockets.values()].slice(-2);
    a!.data.outboxDepth = 3;
    b!.data.outboxDepth = 4;

    const after = await scrape();
    expect(value(after, 'leeway_connected_sockets')).toBe(sockets + 2);
    expect(value(after, 'leeway_pending_exceptions')).toBe(pending + 2);
    expect(value(after, 'leeway_extension_outbox_depth')).toBe(7);
    // Summed: no tenant label, no tenant id.
    expect(after).not.toMatch(/\{[^}]*tenant/i);
    for (const id of [t.seeded.acme.tenantId, t.seeded.globex.tenantId]) expect(after).not.toContain(id);
  });

  it('includes the process metrics: memory and event loop lag', async () => {
    const body = await scrape();
    expect(value(body, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(body).toMatch(/^nodejs_eventloop_lag_seconds \d/m);
    expect(body).toMatch(/^nodejs_heap_size_used_bytes \d/m);
  });

  it('keeps one registry per app', async () => {
    expect(guarded.app.metrics).not.toBe(t.app.metrics);
    const other = await scrape(guarded, { authorization: `Bearer ${METRICS_TOKEN}` });
    expect(other).not.toContain('/v1/customers/:customerId/context');
  });

  it('requires the bearer token when LEEWAY_METRICS_TOKEN is set', async () => {
    for (const headers of [{}, { authorization: 'Bearer wrong-token-0123456789' }, { authorization: METRICS_TOKEN }]) {
      const res = await guarded.app.inject({ url: '/metrics', headers });
      expect(res.statusCode).toBe(401);
      expect(res.json().message).toBe('Metrics require "Authorization: Bearer <LEEWAY_METRICS_TOKEN>"');
    }
    expect(await scrape(guarded, { authorization: `Bearer ${METRICS_TOKEN}` })).toContain('leeway_connected_sockets');
  });
});
