/**
 * A declarative helpdesk's ticket (`custom:<name>`) through the QA path: resolved through the
 * real API, then opened in the review form, which must name the same helpdesk, host and ticket.
 * Its ref has a colon inside the helpdesk id, so any reader that splits at the first colon breaks it.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';

let t: TestApp;
const tok: Record<string, string> = {};
beforeAll(async () => {
  t = await startTestApp();
  for (const e of ['agent@acme.test', 'auditor@acme.test']) tok[e] = await t.token(e);
});
afterAll(() => t.close());

function call(who: string, method: 'GET' | 'POST', url: string, payload?: object) {
  return t.app.inject({ method, url, headers: { authorization: `Bearer ${tok[who]}` }, ...(payload ? { payload } : {}) });
}

async function resolve(ticket: { helpdesk: string; instance?: string; ticketId: string }): Promise<string> {
  const res = await call('agent@acme.test', 'POST', '/v1/resolutions', {
    idempotencyKey: randomUUID(),
    customerId: t.seeded.acme.customers['dana.whitfield@example.com'],
    ...ticket,
    outcome: 'resolved',
    category: 'billing',
    note: '',
    handleTimeSeconds: 120,
  });
  expect(res.statusCode).toBe(201);
  return res.json().id;
}

describe("a declarative helpdesk's ticket in QA", () => {
  it('the review form names the custom helpdesk, its host and the ticket, colons in the id included', async () => {
    const id = await resolve({ helpdesk: 'custom:acme-desk', instance: 'support.acme-helpdesk.test:8443', ticketId: 'T:42' });
    const view = await call('auditor@acme.test', 'GET', `/v1/qa/resolutions/${id}`);
    expect(view.statusCode).toBe(200);
    expect(view.json()).toMatchObject({ helpdesk: 'custom:acme-desk', instance: 'support.acme-helpdesk.test:8443', ticketId: 'T:42' });
  });

  it('so does a record from before instances were kept', async () => {
    const id = await resolve({ helpdesk: 'custom:acme-desk', ticketId: '7' });
    const view = await call('auditor@acme.test', 'GET', `/v1/qa/resolutions/${id}`);
    expect(view.json()).toMatchObject({ helpdesk: 'custom:acme-desk', instance: null, ticketId: '7' });
  });
});
