/**
 * Injection strings are data: SQL, HTML/JS and spreadsheet formulas written into every kind
 * of stored text (an ingested event's fields through the signed webhook, a resolution note, a
 * policy's names, an adapter's name, QA comments and names, an event type's label, an
 * exception note) come back from the API byte-identical, every table is still there with its
 * rows, and a CSV export hands no formula to a spreadsheet.
 */
import { randomUUID } from 'node:crypto';
import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_POLICY } from '../../server/src/demo/policy';
import { DEFAULT_SCORECARD } from '@shared/qa/scorecard';
import { startTestApp, type TestApp } from '../support/app';
import { CSV_INJECTION, FUZZ_ENV, HTML_INJECTION, SQL_INJECTION, UNICODE_EDGE } from '../support/fuzz';
import { integrityCheck, rowCounts } from '../support/row-counts';
import { isWellFormedText, wellFormedText } from '@shared/well-formed-text';
import { postEvent } from '../support/webhook';

/** Each SQL string with an HTML one after it: both kinds in every field, few enough events to all show as recent. */
const HOSTILE = HTML_INJECTION.map((html, i) => `${SQL_INJECTION[i % SQL_INJECTION.length]} ${html}`);
/** Every hostile string alone, for fields read back one by one. */
const EACH = [...SQL_INJECTION, ...HTML_INJECTION];

let t: TestApp;
let key: { id: string; secret: string };
let tables: string[];
const tokens: Record<string, string> = {};
const customer = (email: string) => t.seeded.acme.customers[email]!;

async function call(as: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) {
  const res = await t.app.inject({ method, url, headers: { authorization: `Bearer ${tokens[as]}` }, ...(payload ? { payload } : {}) });
  if (res.statusCode >= 300) throw new Error(`${method} ${url} answered ${res.statusCode}: ${res.body}`);
  return res;
}
const json = async <T = Record<string, unknown>>(as: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
  (await call(as, method, url, payload)).json() as T;
const tableNames = async () => Object.keys(await rowCounts(await t.raw())).sort();

beforeAll(async () => {
  t = await startTestApp(FUZZ_ENV);
  key = (await t.app.repos.tenants.ingestKey('acme-demo'))!;
  for (const who of ['agent', 'lead', 'auditor', 'admin']) tokens[who] = await t.token(`${who}@acme.test`);
  tables = await tableNames();
});
afterAll(() => t.close());

describe('an ingested event’s text, through the signed webhook', () => {
  it('comes back byte-identical in the customer’s context, and no table was touched by it', async () => {
    const before = await rowCounts(await t.raw());
    const sent: { id: string; customer: string; type: string; data: Record<string, unknown> }[] = [];
    const send = async (email: string, type: string, data: Record<string, unknown>) => {
      const res = await postEvent(t.url, key, { type, customer: { email }, data });
      expect(res, JSON.stringify(data)).toMatchObject({ status: 200 });
      sent.push({ id: res.body.eventId as string, customer: customer(email), type, data });
    };
    for (const h of HOSTILE) {
      await send('dana.whitfield@example.com', 'payment.failed', { amountCents: 4900, currency: 'USD', reason: h });
      await send('dana.whitfield@example.com', 'contact.opened', { channel: h.slice(0, 50), ticketRef: h, subject: h });
      await send('priya@example.com', 'page.visited', { url: 'javascript:alert(document.domain)//https://shop.example.com/', title: h });
      await send('priya@example.com', 'order.placed', { orderId: h, amountCents: 1200, currency: 'EUR' });
      await send('sam.okafor@example.com', 'survey.answered', { survey: 'csat', score: 1, comment: h });
      await send('sam.okafor@example.com', 'subscription.changed', { from: h.slice(0, 100), to: h.slice(-100) });
    }

    for (const email of ['dana.whitfield@example.com', 'priya@example.com', 'sam.okafor@example.com']) {
      const ctx = await json<{ recentEvents: { id: string; data: unknown }[]; openTickets: { ref: string; subject: string | null }[] }>(
        'agent',
        'GET',
        `/v1/customers/${customer(email)}/context`,
      );
      for (const e of sent.filter((s) => s.customer === customer(email))) {
        expect(ctx.recentEvents.find((r) => r.id === e.id)?.data, `${e.type} ${e.id}`).toStrictEqual(e.data);
      }
      if (email.startsWith('dana'))
        for (const h of HOSTILE) expect(ctx.openTickets).toContainEqual(expect.objectContaining({ ref: h, subject: h }));
    }
    const after = await rowCounts(await t.raw());
    expect(await tableNames()).toEqual(tables);
    expect(after.customers).toBe(before.customers);
    expect(after.users).toBe(before.users);
    expect(after.events).toBe(before.events! + sent.length);
  });
});

describe('text people type into the product', () => {
  it('a resolution’s ticket id and note', async () => {
    for (const h of EACH) {
      const { id } = await json<{ id: string }>('agent', 'POST', '/v1/resolutions', {
        idempotencyKey: randomUUID(),
        helpdesk: 'zendesk',
        ticketId: h,
        customerId: customer('dana.whitfield@example.com'),
        outcome: 'resolved',
        category: 'billing',
        handleTimeSeconds: 60,
        note: h,
      });
      const view = await json<{ ticketId: string; payload: { note: string } }>('auditor', 'GET', `/v1/qa/resolutions/${id}`);
      expect(view.ticketId).toBe(h);
      expect(view.payload.note).toBe(h);
    }
  });

  it('a policy’s note, level names, action labels and hard-stop messages', async () => {
    const document = structuredClone(DEMO_POLICY);
    document.levels.forEach((l, i) => (l.name = EACH[i % EACH.length]!.slice(0, 80)));
    document.actions.forEach((a, i) => (a.label = EACH[(i + 3) % EACH.length]!.slice(0, 80)));
    document.hardStops?.forEach((h, i) => (h.message = EACH[(i + 5) % EACH.length]!));
    const { version } = await json<{ version: number }>('admin', 'POST', '/v1/policy/versions', { document, note: HOSTILE[0] });
    const read = await json<{ note: string; document: typeof document }>('agent', 'GET', `/v1/policy/versions/${version}`);
    expect(read.note).toBe(HOSTILE[0]);
    expect(read.document.levels.map((l) => l.name)).toEqual(document.levels.map((l) => l.name));
    expect(read.document.actions.map((a) => a.label)).toEqual(document.actions.map((a) => a.label));
    expect(read.document.hardStops?.map((h) => h.message)).toEqual(document.hardStops?.map((h) => h.message));
  });

  it('an adapter’s name and an event type’s label', async () => {
    for (const [i, h] of EACH.entries()) {
      await call('admin', 'POST', '/v1/adapters', {
        name: h.slice(0, 80),
        matches: [`https://desk${i}.hostile.test/*`],
        ticketUrl: '/tickets/(\\d+)',
        selectors: { email: '.requester a' },
      });
      await call('admin', 'POST', '/v1/event-types', {
        type: `custom.hostile_${i}`,
        label: h.slice(0, 80),
        fields: [{ name: 'note', kind: 'string' }],
      });
    }
    const adapters = await json<{ definition: { name: string } }[]>('agent', 'GET', '/v1/adapters');
    const types = await json<{ type: string; label: string }[]>('agent', 'GET', '/v1/event-types');
    for (const h of EACH) {
      expect(adapters.map((a) => a.definition.name)).toContain(h.slice(0, 80));
      expect(types.map((x) => x.label)).toContain(h.slice(0, 80));
    }
  });

  it('QA: review comments, a dispute’s reason, queue and calibration names', async () => {
    const resolution = await json<{ id: string }>('agent', 'POST', '/v1/resolutions', {
      idempotencyKey: randomUUID(),
      helpdesk: 'zendesk',
      ticketId: 'qa-1',
      customerId: customer('dana.whitfield@example.com'),
      outcome: 'resolved',
      category: 'billing',
      handleTimeSeconds: 60,
    });
    const scores = Object.fromEntries(DEFAULT_SCORECARD.criteria.map((c, i) => [c.id, { score: 3, comment: EACH[i]! }]));
    const review = await json<{ id: string }>('auditor', 'POST', `/v1/qa/resolutions/${resolution.id}/review`, {
      scorecardVersion: 1,
      scores,
      comment: HOSTILE[1],
    });
    await call('agent', 'POST', `/v1/qa/reviews/${review.id}/disputes`, { criteria: ['empathy'], reason: HOSTILE[2] });
    const window = { from: new Date(Date.now() - 3_600_000).toISOString(), to: new Date(Date.now() + 3_600_000).toISOString() };
    const queue = await json<{ id: string }>('auditor', 'POST', '/v1/qa/queues', { name: HOSTILE[3]!.slice(0, 120), ...window });
    const calibration = await json<{ id: string }>('auditor', 'POST', '/v1/qa/calibrations', {
      name: HOSTILE[4]!.slice(0, 120),
      resolutionIds: [resolution.id],
    });

    const reviews = await json<{ id: string; comment: string; scores: typeof scores }[]>('auditor', 'GET', '/v1/qa/reviews');
    expect(reviews.find((r) => r.id === review.id)).toMatchObject({ comment: HOSTILE[1], scores });
    const disputes = await json<{ reviewId: string; reason: string }[]>('agent', 'GET', '/v1/qa/disputes');
    expect(disputes.find((d) => d.reviewId === review.id)?.reason).toBe(HOSTILE[2]);
    expect((await json('auditor', 'GET', `/v1/qa/queues/${queue.id}`)).name).toBe(HOSTILE[3]!.slice(0, 120));
    expect((await json('auditor', 'GET', `/v1/qa/calibrations/${calibration.id}`)).name).toBe(HOSTILE[4]!.slice(0, 120));
  });

  it('an exception request’s note, over the socket', async () => {
    const { socket } = await t.socket(tokens.agent);
    for (const h of HOSTILE) {
      const res = await socket.timeout(10_000).emitWithAck('exception:request', {
        customerId: customer('dana.whitfield@example.com'),
        action: 'refund',
        amountCents: 30_000,
        reasonCode: 'billing_error',
        note: h,
        idempotencyKey: randomUUID(),
      });
      expect(res).toMatchObject({ data: { note: h } });
    }
  });

  it('text with bidi overrides, zero-width characters, NUL, emoji and combining marks comes back byte-identical', async () => {
    for (const u of UNICODE_EDGE.filter((s) => s.trim() && isWellFormedText(s))) {
      const { id } = await json<{ id: string }>('agent', 'POST', '/v1/resolutions', {
        idempotencyKey: randomUUID(),
        helpdesk: 'zendesk',
        ticketId: u,
        customerId: customer('dana.whitfield@example.com'),
        outcome: 'resolved',
        category: 'billing',
        handleTimeSeconds: 60,
        note: u,
      });
      const view = await json<{ ticketId: string; payload: { note: string } }>('auditor', 'GET', `/v1/qa/resolutions/${id}`);
      expect([view.ticketId, view.payload.note], JSON.stringify(u)).toEqual([u, u]);
    }
  });

  it('a lone surrogate, which UTF-8 cannot store, becomes U+FFFD on the way in, and the log still verifies', async () => {
    const lone = UNICODE_EDGE.filter((s) => !isWellFormedText(s));
    expect(lone.length).toBeGreaterThan(1);
    const { socket } = await t.socket(tokens.agent);
    for (const u of lone) {
      const clean = wellFormedText(u);
      expect(clean).not.toBe(u);
      // REST: into the hash-chained log (ticket reference and sealed note).
      const { id } = await json<{ id: string }>('agent', 'POST', '/v1/resolutions', {
        idempotencyKey: randomUUID(),
        helpdesk: 'zendesk',
        ticketId: u,
        customerId: customer('dana.whitfield@example.com'),
        outcome: 'resolved',
        category: 'billing',
        handleTimeSeconds: 60,
        note: u,
      });
      const view = await json<{ ticketId: string; payload: { note: string } }>('auditor', 'GET', `/v1/qa/resolutions/${id}`);
      expect([view.ticketId, view.payload.note]).toEqual([clean, clean]);
      // The webhook: an event's text and the ticket it opens.
      const res = await postEvent(t.url, key, {
        type: 'contact.opened',
        customer: { email: 'priya@example.com' },
        data: { channel: 'email', ticketRef: `lone:${u}`, subject: u },
      });
      expect(res.status).toBe(200);
      const ctx = await json<{ openTickets: { ref: string; subject: string | null }[] }>(
        'agent',
        'GET',
        `/v1/customers/${customer('priya@example.com')}/context`,
      );
      expect(ctx.openTickets).toContainEqual(expect.objectContaining({ ref: `lone:${clean}`, subject: clean }));
      // A socket event.
      const ex = await socket.timeout(10_000).emitWithAck('exception:request', {
        customerId: customer('dana.whitfield@example.com'),
        action: 'refund',
        amountCents: 30_000,
        reasonCode: 'billing_error',
        note: `why ${u}`,
        idempotencyKey: randomUUID(),
      });
      expect(ex).toMatchObject({ data: { note: `why ${clean}` } });
    }
    expect(await t.app.repos.log.verify(t.seeded.acme.tenantId)).toMatchObject({ ok: true });
  });
});

describe('a CSV export', () => {
  it('hands no formula to a spreadsheet: a cell that starts like one is prefixed with a quote', async () => {
    const resolution = await json<{ id: string }>('agent', 'POST', '/v1/resolutions', {
      idempotencyKey: randomUUID(),
      helpdesk: 'zendesk',
      ticketId: 'csv-1',
      customerId: customer('dana.whitfield@example.com'),
      outcome: 'resolved',
      category: 'billing',
      handleTimeSeconds: 60,
    });
    const scores = Object.fromEntries(
      DEFAULT_SCORECARD.criteria.map((c, i) => [c.id, { score: 3, comment: CSV_INJECTION[i % CSV_INJECTION.length]! }]),
    );
    await call('auditor', 'POST', `/v1/qa/resolutions/${resolution.id}/review`, { scorecardVersion: 1, scores, comment: CSV_INJECTION[0] });
    const csv = (await call('auditor', 'GET', '/v1/qa/export/reviews')).body;
    const cells = (parseCsv(csv) as string[][]).flat();
    for (const f of CSV_INJECTION) {
      expect(cells).toContain(`'${f}`);
      expect(cells).not.toContain(f);
    }
  });
});

describe('afterwards', () => {
  it('every table is still there and the database passes the engine’s integrity check; the log verifies', async () => {
    expect(await tableNames()).toEqual(tables);
    expect(await integrityCheck(await t.raw(), t.engine)).toBe('ok');
    expect(await t.app.repos.log.verify(t.seeded.acme.tenantId)).toMatchObject({ ok: true });
  });
});
