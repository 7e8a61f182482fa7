/**
 * An interaction named beside a grant, a request for approval, a resolution or a customer's
 * answer to an offer must be the caller's own (services/own-interaction.ts), over the socket and
 * over REST: another agent's id is refused in words and nothing is stored; the caller's own is
 * accepted. And the guard for the next event: every client event whose payload carries an
 * interactionId is checked, either against the connection's own interactions or by that rule.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_EVENT_TABLE, type ClientEvent } from '@shared/events';
import type { Response } from '@shared/socket-reply';
import { type ClientSocket, startTestApp, type TestApp } from '../support/app';
import { open, opened } from '../support/helpdesk-instances';
import { exceptionRequestBody, resolutionBody } from '../support/sample-bodies';

/** Checked against the interactions this connection opened (sockets/*.handlers.ts). */
const CONNECTION_CHECKED: ClientEvent[] = [
  'interaction:close',
  'interaction:messages',
  'customer:link',
  'offer:recommend',
  'offer:outcome',
];
/** Checked by the rule, in the service both the socket and REST go through. */
const RULE_CHECKED: ClientEvent[] = ['grant:record', 'exception:request', 'resolution:submit'];

let t: TestApp;
let theirs: string;
let mine: string;
/** The senior's own interaction, on a ticket that shows Marco. */
let onMarco: string;
let senior: ClientSocket;
let dana: string;
const ticketOf = new Map<string, string>();
const WORDS = /^interactionId: “.+” is not one of your interactions/;

async function connect(email: string) {
  const { socket, error } = await t.socket(await t.token(email));
  if (error) throw new Error(error);
  return socket;
}
async function openTicket(s: ClientSocket, ticketId: string, email = 'dana.whitfield@example.com') {
  const o = opened(await open(s, 'acme.zendesk.com', ticketId, { email }));
  if (o.status !== 'known') throw new Error(`ticket ${ticketId} should show ${email}, not ${o.status}`);
  ticketOf.set(o.interactionId, ticketId);
  return o.interactionId;
}

beforeAll(async () => {
  t = await startTestApp();
  dana = t.seeded.acme.customers['dana.whitfield@example.com']!;
  const agent = await connect('agent@acme.test');
  theirs = await openTicket(agent, '101');
  senior = await connect('senior@acme.test');
  mine = await openTicket(senior, '102');
  // Shown in it, so the answer to an offer below is one to an offer shown (services/recommendations.ts).
  await senior.emitWithAck('offer:recommend', { interactionId: mine });
  onMarco = await openTicket(senior, '103', 'marco.rossi@example.com');
});
afterAll(async () => {
  senior?.close();
  await t?.close();
});

const grant = (interactionId: string) => ({
  customerId: dana,
  action: 'discount',
  amountCents: 500,
  idempotencyKey: randomUUID(),
  interactionId,
});
const request = (interactionId: string) => exceptionRequestBody(dana, { interactionId });
/** A resolution of the ticket the interaction was opened on (one on another ticket is refused: below). */
const resolution = (interactionId: string) => resolutionBody(dana, { interactionId, ticketId: ticketOf.get(interactionId) });
const SOCKET: [ClientEvent, (interactionId: string) => object][] = [
  ['grant:record', grant],
  ['exception:request', request],
  ['resolution:submit', resolution],
];
const REST: [string, (interactionId: string) => object][] = [
  ['/v1/grants', grant],
  ['/v1/resolutions', resolution],
  [`/v1/customers/{dana}/offer-outcomes`, (interactionId) => ({ offerId: 'retention-credit', accepted: true, interactionId })],
];

describe('an interaction named by the client must be the caller’s own', () => {
  it.each(SOCKET)('%s with another agent’s interaction is refused in words and stores nothing', async (event, body) => {
    const before = await (await t.raw()).counts();
    const res = (await senior.emitWithAck(event, body(theirs) as never)) as Response<unknown>;
    expect(res).toMatchObject({ error: expect.stringMatching(WORDS) });
    expect(await (await t.raw()).counts()).toEqual(before);
    const ok = (await senior.emitWithAck(event, body(mine) as never)) as Response<unknown>;
    expect('data' in ok, JSON.stringify(ok)).toBe(true);
  });

  it.each(REST)('POST %s with another agent’s interaction is a 422 in words and stores nothing', async (path, body) => {
    const url = path.replace('{dana}', dana);
    const headers = { authorization: `Bearer ${await t.token('senior@acme.test')}` };
    const before = await (await t.raw()).counts();
    const res = await t.app.inject({ method: 'POST', url, headers, payload: body(theirs) });
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().message).toMatch(WORDS);
    // Signing in wrote its session; nothing else changed.
    const after = await (await t.raw()).counts();
    expect({ ...after, sessions: 0 }).toEqual({ ...before, sessions: 0 });
    const ok = await t.app.inject({ method: 'POST', url, headers, payload: body(mine) });
    expect([200, 201], ok.body).toContain(ok.statusCode);
  });

  it.each(SOCKET)('%s naming the caller’s own interaction on another customer’s ticket is refused in words', async (event, body) => {
    const before = await (await t.raw()).counts();
    const res = (await senior.emitWithAck(event, body(onMarco) as never)) as Response<unknown>;
    expect(res).toMatchObject({ error: expect.stringMatching(/^interactionId: “.+” was opened for another customer/) });
    expect(await (await t.raw()).counts()).toEqual(before);
  });

  it('an interaction opened on a requester who matched nobody is no customer’s until linked: refused in words, then accepted once linked to that customer', async () => {
    const o = opened(await open(senior, 'acme.zendesk.com', '140', { email: 'new.to.us@example.com' }));
    expect(o.status).toBe('unknown');
    ticketOf.set(o.interactionId, '140');
    const NOBODY = /^interactionId: “.+” was opened on a ticket whose requester matches no customer: link the requester/;
    const headers = { authorization: `Bearer ${await t.token('senior@acme.test')}` };
    const before = await (await t.raw()).counts();
    for (const [event, body] of SOCKET)
      expect((await senior.emitWithAck(event, body(o.interactionId) as never)) as Response<unknown>, event).toMatchObject({
        error: expect.stringMatching(NOBODY),
      });
    const rest = await t.app.inject({ method: 'POST', url: '/v1/grants', headers, payload: grant(o.interactionId) });
    expect(rest.statusCode, rest.body).toBe(422);
    expect(rest.json().message).toMatch(NOBODY);
    expect(await (await t.raw()).counts()).toEqual(before);
    // Linked to Dana by the agent: the ticket is hers from now on.
    const linked = (await senior.emitWithAck('customer:link', { interactionId: o.interactionId, customerId: dana })) as Response<unknown>;
    expect('data' in linked, JSON.stringify(linked)).toBe(true);
    for (const [event, body] of SOCKET) {
      const ok = (await senior.emitWithAck(event, body(o.interactionId) as never)) as Response<unknown>;
      expect('data' in ok, `${event}: ${JSON.stringify(ok)}`).toBe(true);
    }
  });

  it('a resolution naming the caller’s own interaction on another ticket of the same customer is refused in words, over the socket and REST', async () => {
    const OTHER_TICKET = /^interactionId: “.+” was opened on another ticket: send the id your panel was given for ticket 101/;
    const headers = { authorization: `Bearer ${await t.token('senior@acme.test')}` };
    const before = await (await t.raw()).counts();
    const onTicket101 = { ...resolution(mine), ticketId: '101', instance: 'acme.zendesk.com' };
    const res = (await senior.emitWithAck('resolution:submit', onTicket101 as never)) as Response<unknown>;
    expect(res).toMatchObject({ error: expect.stringMatching(OTHER_TICKET) });
    const rest = await t.app.inject({
      method: 'POST',
      url: '/v1/resolutions',
      headers,
      payload: { ...onTicket101, idempotencyKey: randomUUID() },
    });
    expect(rest.statusCode, rest.body).toBe(422);
    expect(rest.json().message).toMatch(OTHER_TICKET);
    // Another instance's ticket of the same number is another ticket too.
    const elsewhere = { ...resolution(mine), instance: 'acme-eu.zendesk.com', idempotencyKey: randomUUID() };
    expect((await senior.emitWithAck('resolution:submit', elsewhere as never)) as Response<unknown>).toMatchObject({
      error: expect.stringMatching(/was opened on another ticket/),
    });
    expect(await (await t.raw()).counts()).toEqual(before);
  });

  it('every client event that carries an interactionId is checked', () => {
    const carrying = (Object.keys(CLIENT_EVENT_TABLE) as ClientEvent[]).filter((e) => {
      const shape = (CLIENT_EVENT_TABLE[e].schema as { shape?: Record<string, unknown> }).shape;
      return !!shape && 'interactionId' in shape;
    });
    expect(carrying.sort()).toEqual([...CONNECTION_CHECKED, ...RULE_CHECKED].sort());
  });
});
