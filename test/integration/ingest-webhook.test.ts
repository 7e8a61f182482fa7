/** The signed ingest webhook: accepted events are stored once and pushed live; everything else is refused and stores nothing. */
import { AsyncResource } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sign, signedHeaders } from '@shared/webhook-signature';
import { serverKey } from '../../server/src/idempotency';
import { resolutionBody } from '../support/sample-bodies';
import { countRows } from '../support/server-process';
import { startTestApp, type TestApp } from '../support/app';

let t: TestApp;
let secret: string;
beforeAll(async () => {
  t = await startTestApp();
  secret = (await t.app.repos.tenants.ingestKey('acme-demo'))!.secret;
});
afterAll(() => t.close());

const event = (over: Record<string, unknown> = {}) => ({
  id: randomUUID(),
  type: 'payment.failed',
  occurredAt: new Date().toISOString(),
  customer: { email: 'dana.whitfield@example.com' },
  data: { amountCents: 4900, currency: 'USD', reason: 'insufficient funds' },
  ...over,
});

function post(body: string, headers: Record<string, string>) {
  return t.app.inject({ method: 'POST', url: '/v1/ingest/events', headers, payload: body });
}
const signed = (body: string, keyId = 'acme-demo', key = secret) => post(body, signedHeaders(keyId, key, body));

describe('POST /v1/ingest/events', () => {
  it('stores a signed event and pushes it to every socket viewing that customer', async () => {
    const danaId = t.seeded.acme.customers['dana.whitfield@example.com']!;
    const { socket: viewer } = await t.socket(await t.token('agent@acme.test'));
    const { socket: other } = await t.socket(await t.token('lead@acme.test'));
    const opened = await viewer.emitWithAck('interaction:open', {
      helpdesk: 'zendesk',
      instance: 'acme.zendesk.com',
      ticketId: '101',
      requester: { email: 'Dana.Whitfield@example.com' },
    });
    expect('data' in opened && opened.data.status).toBe('known');
    const received = new Promise((resolve) => viewer.once('customer:event', resolve));
    let otherGotIt = false;
    other.on('customer:event', () => (otherGotIt = true));

    const body = JSON.stringify(event());
    const res = await signed(body);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'stored', customerId: danaId });
    expect(await received).toMatchObject({ customerId: danaId, event: { type: 'payment.failed', data: { amountCents: 4900 } } });
    expect(otherGotIt).toBe(false); // not viewing Dana: not told
  });

  it('stores a retried delivery of the same event id once', async () => {
    const e = event();
    const before = await countRows(t.target, 'events');
    const first = await signed(JSON.stringify(e));
    expect(first.json().status).toBe('stored');
    // The sender retries the same event id, signed afresh a second later.
    const retry = await post(JSON.stringify(e), signedHeaders('acme-demo', secret, JSON.stringify(e), Date.now() + 1000));
    expect(retry.statusCode).toBe(200);
    expect(retry.json()).toMatchObject({ status: 'duplicate', eventId: first.json().eventId });
    expect(await countRows(t.target, 'events')).toBe(before + 1);
  });

  it('a survey stored but not attached (the log write failed after the event committed) is attached by the sender’s retry, once', async () => {
    const tenantId = t.seeded.acme.tenantId;
    const ticketId = String(7000 + Math.floor(Math.random() * 999));
    const resolved = await t.app.inject({
      method: 'POST',
      url: '/v1/resolutions',
      headers: { authorization: `Bearer ${await t.token('agent@acme.test')}` },
      payload: resolutionBody(t.seeded.acme.customers['dana.whitfield@example.com']!, { instance: 'acme.zendesk.com', ticketId }),
    });
    expect(resolved.statusCode).toBe(201);
    const e = event({ type: 'survey.answered', data: { survey: 'csat', score: 2, ticketRef: `zendesk@acme.zendesk.com:${ticketId}` } });
    const body = JSON.stringify(e);
    const headers = signedHeaders('acme-demo', secret, body);
    // The log's write fails once, as a dropped database connection does.
    const log = t.app.repos.log;
    const append = log.append;
    log.append = async () => {
      log.append = append;
      throw Object.assign(new Error('Connection terminated unexpectedly'), { code: 'ECONNRESET' });
    };
    const first = await post(body, headers);
    expect(first.statusCode).toBe(503);
    const stored = await t.app.repos.events.bySenderId(tenantId, e.id);
    expect(stored?.type).toBe('survey.answered');
    const entry = () => t.app.repos.log.byIdempotencyKey(tenantId, serverKey('survey', stored!.id));
    expect(await entry()).toBeNull();
    // Told to send again, the sender sends the same bytes: refused as a replay, and the survey attached.
    const retry = await post(body, headers);
    expect(retry.statusCode).toBe(409);
    expect(await entry()).toMatchObject({ kind: 'survey', refId: resolved.json().id });
    // Once: another replay adds no entry.
    const entries = await countRows(t.target, 'resolution_log');
    expect((await post(body, headers)).statusCode).toBe(409);
    expect(await countRows(t.target, 'resolution_log')).toBe(entries);
  });

  describe('refuses, with a clear error and nothing stored', () => {
    const refusals: [string, () => Promise<{ statusCode: number; json(): { message: string } }>, number, RegExp][] = [
      ['an unsigned request', () => post(JSON.stringify(event()), { 'content-type': 'application/json' }), 401, /ingest key/],
      ['an unknown key', () => signed(JSON.stringify(event()), 'nope', secret), 401, /Unknown or revoked ingest key/],
      ['a wrong signature', () => signed(JSON.stringify(event()), 'acme-demo', 'not-the-secret'), 401, /does not match/],
      [
        'a body altered after signing',
        async () => {
          const body = JSON.stringify(event());
          const headers = signedHeaders('acme-demo', secret, body);
          return post(body.replace('4900', '490000'), headers);
        },
        401,
        /does not match/,
      ],
      [
        'a replay of an old request (timestamp outside the window)',
        () => {
          const body = JSON.stringify(event());
          return post(body, signedHeaders('acme-demo', secret, body, Date.now() - 10 * 60_000));
        },
        401,
        /refused as replays/,
      ],
      [
        'a missing timestamp',
        () => {
          const body = JSON.stringify(event());
          return post(body, {
            'content-type': 'application/json',
            'x-leeway-key': 'acme-demo',
            'x-leeway-signature': sign(secret, 0, body),
          });
        },
        401,
        /unix seconds/,
      ],
      ['malformed JSON', () => signed('{"id": "x", "type": '), 400, /not valid JSON/],
      ['an unknown event type', () => signed(JSON.stringify(event({ type: 'fridge.opened' }))), 400, /type must be one of: order\.placed/],
      [
        'a field of the wrong kind',
        () => signed(JSON.stringify(event({ data: { amountCents: 12.5, currency: 'usd' } }))),
        400,
        /body\.data\.amountCents: must be a whole number of cents; body\.data\.currency: must be a three-letter ISO 4217 code/,
      ],
      ['an event naming no customer', () => signed(JSON.stringify(event({ customer: {} }))), 400, /body\.customer: must name the customer/],
      [
        'an event for an unknown customer',
        () => signed(JSON.stringify(event({ customer: { email: 'ghost@example.com' } }))),
        422,
        /No customer of this tenant matches customer email ghost@example.com/,
      ],
      [
        "an event for another tenant's customer",
        () => signed(JSON.stringify(event({ customer: { id: t.seeded.globex.customers['hank@globex.example']! } }))),
        422,
        /No customer of this tenant matches/,
      ],
      [
        "another tenant's customer by email, with this tenant's key",
        () => signed(JSON.stringify(event({ customer: { email: 'hank@globex.example' } }))),
        422,
        /No customer of this tenant matches/,
      ],
    ];
    for (const [name, send, status, message] of refusals) {
      it(name, async () => {
        const before = await countRows(t.target, 'events');
        const res = await send();
        expect(res.statusCode).toBe(status);
        expect(res.json().message).toMatch(message);
        expect(await countRows(t.target, 'events')).toBe(before);
      });
    }

    it('the exact same signed request twice (a replay inside the window)', async () => {
      const body = JSON.stringify(event());
      const headers = signedHeaders('acme-demo', secret, body);
      expect((await post(body, headers)).statusCode).toBe(200);
      const before = await countRows(t.target, 'events');
      const replay = await post(body, headers);
      expect(replay.statusCode).toBe(409);
      expect(replay.json().message).toMatch(/already received: replays are refused/);
      expect(await countRows(t.target, 'events')).toBe(before);
    });
  });
});

describe('an erasure or merge committing while a webhook is in flight', () => {
  /**
   * The webhook's customer lookup starts the erasure or merge, then gives it up to a second to commit before going on.
   * With the lookup in the event's transaction under the tenant's lock, it cannot commit first: it runs after the event is
   * stored and scrubs or moves it too. (Looked up outside, it commits in between, and the event lands on a customer
   * erased or merged away.) The wait only lets the unsafe order happen: the safe one passes whatever the timing.
   */
  async function duringLookup(email: string, change: () => Promise<{ statusCode: number }>) {
    const customers = t.app.repos.customers;
    const resolveRef = customers.resolveRef;
    // Bound to this context: started from inside the webhook's transaction, the change must still be a transaction of its own.
    const start = AsyncResource.bind(change);
    let changed: Promise<{ statusCode: number }> | undefined;
    customers.resolveRef = async (tenantId, ref) => {
      const id = await resolveRef(tenantId, ref);
      if (ref.email === email && !changed) {
        changed = start();
        await Promise.race([changed, new Promise((r) => setTimeout(r, 1000))]);
      }
      return id;
    };
    try {
      const res = await signed(JSON.stringify(event({ customer: { email } })));
      expect((await changed!).statusCode).toBeLessThan(300);
      return res;
    } finally {
      customers.resolveRef = resolveRef;
    }
  }
  const newCustomer = (email: string) =>
    t.app.repos.customers.create(t.seeded.acme.tenantId, {
      name: email,
      tier: 'standard',
      lifetimeValueCents: 0,
      customerSince: Date.now(),
      emails: [email],
    });
  const admin = async (url: string, payload: object) =>
    t.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${await t.token('admin@acme.test')}` }, payload });
  const dataOf = async (customerId: string) =>
    (await (await t.raw()).all<{ data: unknown }>('select data from events where customer_id = ?', customerId)).map((e) =>
      typeof e.data === 'string' ? JSON.parse(e.data) : e.data,
    );

  it('an erased customer keeps none of the event’s data', async () => {
    const id = await newCustomer('erase-race@example.org');
    const res = await duringLookup('erase-race@example.org', () => admin(`/v1/customers/${id}/erase`, {}));
    expect(res.statusCode).toBe(200);
    expect(await dataOf(id)).toEqual([{}]);
  });

  it('the event follows the customer it was merged into', async () => {
    const from = await newCustomer('merge-race-from@example.org');
    const into = await newCustomer('merge-race-into@example.org');
    const res = await duringLookup('merge-race-from@example.org', () =>
      admin(`/v1/customers/${from}/merge`, { into, reason: 'same person' }),
    );
    expect(res.statusCode).toBe(200);
    expect(await dataOf(from)).toEqual([]);
    expect(await dataOf(into)).toHaveLength(1);
  });
});

describe('custom event types', () => {
  it('accepts a type an admin declared, checks its fields, and refuses undeclared ones', async () => {
    const admin = await t.token('admin@acme.test');
    const declared = await t.app.inject({
      method: 'POST',
      url: '/v1/event-types',
      headers: { authorization: `Bearer ${admin}` },
      payload: {
        type: 'custom.trial_started',
        label: 'Trial started',
        fields: [
          { name: 'plan', kind: 'string', required: true },
          { name: 'seats', kind: 'number' },
        ],
      },
    });
    expect(declared.statusCode).toBe(201);
    const ok = await signed(JSON.stringify(event({ type: 'custom.trial_started', data: { plan: 'pro', seats: 5 } })));
    expect(ok.statusCode).toBe(200);
    const stored = (await (
      await t.raw()
    ).one<{ type: string; data: unknown }>('select type, data from events where id = ?', ok.json().eventId))!;
    // JSON text on SQLite, jsonb (read back parsed) on PostgreSQL.
    expect({ ...stored, data: typeof stored.data === 'string' ? JSON.parse(stored.data) : stored.data }).toEqual({
      type: 'custom.trial_started',
      data: { plan: 'pro', seats: 5 },
    });

    const missing = await signed(JSON.stringify(event({ type: 'custom.trial_started', data: { seats: 'five' } })));
    expect(missing.statusCode).toBe(400);
    expect(missing.json().message).toMatch(/^body\.data\.plan: .*; body\.data\.seats: .*number/);
    const undeclared = await signed(JSON.stringify(event({ type: 'custom.churned', data: {} })));
    expect(undeclared.json().message).toBe(
      'body.type: custom.churned is not declared for this tenant: an admin declares it with POST /v1/event-types',
    );
    const agent = await t.app.inject({
      method: 'POST',
      url: '/v1/event-types',
      headers: { authorization: `Bearer ${await t.token('agent@acme.test')}` },
      payload: { type: 'custom.x', label: 'X', fields: [] },
    });
    expect(agent.statusCode).toBe(403);
  });
});
