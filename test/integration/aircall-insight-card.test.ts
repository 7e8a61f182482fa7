/**
 * Aircall (issue 22): its webhook, proven by the token in the body and addressed to one tenant by
 * its URL, puts each call into Leeway's call lifecycle and, for an inbound call, sends an insight
 * card to the agent's phone app through a real HTTP stand-in for api.aircall.io: who is calling
 * (a known customer's name, tier, signals and what may be granted; a shared number naming both and
 * picking neither; a withheld or unknown number said so) and, once the agent is known, a link back
 * to the full panel that opens. A card Aircall refuses or never answers leaves the webhook answered.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InsightCard } from '@shared/schemas/aircall';
import { startAircallFake, type AircallFake } from '../support/aircall-fake';
import { startTestApp, type TestApp } from '../support/app';

const ACME = { apiId: 'acme-api-id', apiToken: 'acme-api-token-secret', webhookToken: 'acme-webhook-token-secret' };
const GLOBEX = { apiId: 'globex-api-id', apiToken: 'globex-api-token-secret', webhookToken: 'globex-webhook-token-secret' };

let t: TestApp;
let aircall: AircallFake;
const logLines: string[] = [];
let nextCallId = 9_000_000;

beforeAll(async () => {
  aircall = await startAircallFake();
  t = await startTestApp(
    { LEEWAY_PLATFORM_HOSTS: `api.aircall.io=${aircall.host}`, LEEWAY_LOG_LEVEL: 'warn' },
    { logStream: { write: (line) => void logLines.push(line) } },
  );
  for (const [admin, c] of [
    ['admin@acme.test', ACME],
    ['admin@globex.test', GLOBEX],
  ] as const) {
    const res = await t.app.inject({
      method: 'PUT',
      url: '/v1/settings/platforms/aircall',
      headers: { authorization: `Bearer ${await t.token(admin)}` },
      payload: { settings: { apiId: c.apiId }, secret: { apiToken: c.apiToken, webhookToken: c.webhookToken } },
    });
    expect(res.statusCode, res.body).toBe(200);
  }
});
afterAll(async () => {
  await t?.close();
  await aircall?.close();
});

/** Over real HTTP, as Aircall sends it: the card's link is then on this server's real address. */
async function webhook(tenantId: string, body: Record<string, unknown>) {
  const res = await fetch(`${t.url}/v1/integrations/aircall/${tenantId}/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}
const callEvent = (event: string, data: Record<string, unknown>, token = ACME.webhookToken) => ({
  resource: 'call',
  event,
  timestamp: Math.floor(Date.now() / 1000),
  token,
  data: { direction: 'inbound', started_at: Math.floor(Date.now() / 1000), user: null, ...data },
});
const acme = () => t.seeded.acme.tenantId;

/** Sends one event and returns the card it made, checked as Aircall's API takes it. */
async function cardOf(tenantId: string, body: Record<string, unknown>) {
  const before = aircall.requests.length;
  const res = await webhook(tenantId, body);
  expect(res.status, JSON.stringify(res.json)).toBe(200);
  expect(res.json).toEqual({ status: 'accepted', card: true });
  const sent = (await aircall.received(before + 1))[before]!;
  const callId = (body.data as { id: number }).id;
  expect(sent.method).toBe('POST');
  expect(sent.path).toBe(`/v1/calls/${callId}/insight_cards`);
  expect(sent.contentType).toBe('application/json');
  const c = tenantId === acme() ? ACME : GLOBEX;
  expect(sent.authorization).toBe(`Basic ${Buffer.from(`${c.apiId}:${c.apiToken}`).toString('base64')}`);
  const card = InsightCard.parse(sent.body);
  // The link carries the caller's number as the pop link does (the agent's phone shows it anyway): the words never do.
  const text = JSON.stringify(card.contents.map(({ link: _link, ...l }) => l));
  for (const secret of [ACME.apiToken, ACME.webhookToken, GLOBEX.apiToken, GLOBEX.webhookToken, '@example.com', '555'])
    expect(text).not.toContain(secret);
  const line = (label: string) => card.contents.find((l) => l.type === 'shortText' && l.label === label)?.text;
  return { card, title: card.contents[0]!, line };
}

describe('the Aircall webhook', () => {
  it('a known caller, agent named: name, tier, what they may grant, and a link that opens the panel for this call', async () => {
    const id = nextCallId++;
    const { title, line, card } = await cardOf(
      acme(),
      callEvent('call.created', { id, raw_digits: '+1 415-555-0100', user: { email: 'Agent@Acme.test' } }),
    );
    expect(title).toMatchObject({ type: 'title', text: 'Dana Whitfield' });
    expect(line('Tier')).toBe('Gold');
    expect(line('You may grant alone')).toMatch(/up to \$/);
    const link = (title as { link?: string }).link!;
    expect(link).toMatch(new RegExp(`^${t.url}/pop\\?`));
    expect(card.contents.at(-1)).toMatchObject({ label: 'Full panel', link });
    const opened = await fetch(link);
    expect(opened.status).toBe(200);
    expect(await opened.json()).toEqual({ caller: '+1 *** *** 0100', agent: 'agent@acme.test', contact: String(id) });
    // The call is in Leeway's lifecycle, on Dana, with the agent.
    expect(await t.app.repos.calls.get(acme(), 'aircall', String(id))).toMatchObject({
      state: 'ringing',
      customerId: t.seeded.acme.customers['dana.whitfield@example.com'],
      agentUserId: t.seeded.acme.users.agent,
    });
  });

  it('while it rings a team: the general figures and no link; the answering agent then gets their own card with the link', async () => {
    const id = nextCallId++;
    const ringing = await cardOf(acme(), callEvent('call.created', { id, raw_digits: '(415) 555-0123' }));
    expect(ringing.title).toEqual({ type: 'title', text: 'Sam Okafor' });
    expect(ringing.line('Tier')).toBe('Silver');
    // Sam's open chargeback stops refunds and credits: said, and left out of what may be granted.
    expect(ringing.line('Stop')).toContain('A chargeback is open');
    expect(ringing.line('Level 1 may grant (before caps)')).not.toMatch(/Refund|Account credit/);
    expect(ringing.card.contents.some((l) => 'link' in l)).toBe(false);

    const answered = await cardOf(
      acme(),
      callEvent('call.answered', {
        id,
        raw_digits: '(415) 555-0123',
        answered_at: Math.floor(Date.now() / 1000),
        user: { email: 'agent@acme.test' },
      }),
    );
    expect(answered.title).toMatchObject({ text: 'Sam Okafor', link: expect.stringContaining('/pop?') });
    expect(answered.line('You may grant alone')).toBeTruthy();
    // A second answered event (a redelivery) sends no third card: the agent already has theirs.
    const again = await webhook(
      acme(),
      callEvent('call.answered', { id, raw_digits: '(415) 555-0123', user: { email: 'agent@acme.test' } }),
    );
    expect(again.json).toEqual({ status: 'accepted', card: false });
    expect(await t.app.repos.calls.get(acme(), 'aircall', String(id))).toMatchObject({
      state: 'connected',
      agentUserId: t.seeded.acme.users.agent,
    });
  });

  it('a number two customers share: the card names both and picks neither', async () => {
    for (const name of ['Robin Household', 'Jordan Household'])
      await t.app.repos.customers.create(acme(), {
        name,
        tier: 'standard',
        lifetimeValueCents: 0,
        customerSince: Date.now(),
        phones: ['+1 212 555 0188'],
      });
    const id = nextCallId++;
    const { title, line, card } = await cardOf(acme(), callEvent('call.created', { id, raw_digits: '212-555-0188' }));
    expect(title.text).toBe('Not sure who this caller is');
    expect(line('Number shared by')).toMatch(/^(Robin Household and Jordan Household|Jordan Household and Robin Household)$/);
    expect(card.contents.filter((l) => l.text.includes('Household'))).toHaveLength(1);
    expect(line('Tier')).toBeUndefined();
    expect((await t.app.repos.calls.get(acme(), 'aircall', String(id)))?.customerId).toBeNull();
  });

  it('a withheld number, and one nobody has, are said so', async () => {
    const withheld = await cardOf(acme(), callEvent('call.created', { id: nextCallId++, raw_digits: 'anonymous' }));
    expect(withheld.title.text).toBe('Unknown caller');
    expect(withheld.line('Caller')).toBe('The caller withheld their number');
    const nobody = await cardOf(acme(), callEvent('call.created', { id: nextCallId++, raw_digits: '+1 646 555 0999' }));
    expect(nobody.line('Caller')).toBe('No customer has this number');
  });

  it('refuses a wrong token, or none, with 401, storing and sending nothing', async () => {
    const id = nextCallId++;
    const before = aircall.requests.length;
    for (const token of ['not-the-token', ACME.webhookToken.slice(0, -1), GLOBEX.webhookToken]) {
      const res = await webhook(acme(), callEvent('call.created', { id, raw_digits: '+14155550100' }, token));
      expect(res.status).toBe(401);
      expect(res.json.message).toContain('The token does not match this tenant’s Aircall connection');
    }
    expect((await webhook('no-such-tenant', callEvent('call.created', { id, raw_digits: '+14155550100' }))).status).toBe(401);
    const missing = await webhook(acme(), { resource: 'call', event: 'call.created', data: {} });
    expect(missing.status).toBe(400);
    expect(missing.json.message).toContain('body.token: is required');
    await new Promise((r) => setTimeout(r, 300));
    expect(aircall.requests.length).toBe(before);
    expect(await t.app.repos.calls.get(acme(), 'aircall', String(id))).toBeNull();
  });

  it('another tenant’s token makes no card about this tenant’s customer', async () => {
    // Globex's own webhook, with Dana's number: Globex has no such customer.
    const id = nextCallId++;
    const { title, line, card } = await cardOf(
      t.seeded.globex.tenantId,
      callEvent('call.created', { id, raw_digits: '+14155550100' }, GLOBEX.webhookToken),
    );
    expect(title.text).toBe('Unknown caller');
    expect(line('Caller')).toBe('No customer has this number');
    expect(JSON.stringify(card)).not.toContain('Dana');
    expect(await t.app.repos.calls.get(acme(), 'aircall', String(id))).toBeNull();
  });

  it('ignores other events, sends no card for outbound calls, and says what is wrong with a call event', async () => {
    const before = aircall.requests.length;
    const other = await webhook(acme(), {
      resource: 'user',
      event: 'user.connected',
      timestamp: 1,
      token: ACME.webhookToken,
      data: { id: 1 },
    });
    expect(other).toEqual({ status: 200, json: { status: 'ignored' } });
    const out = await webhook(acme(), callEvent('call.created', { id: nextCallId++, direction: 'outbound', raw_digits: '+14155550100' }));
    expect(out.json).toEqual({ status: 'accepted', card: false });
    const bad = await webhook(acme(), callEvent('call.created', { id: 'abc', direction: 'sideways' }));
    expect(bad.status).toBe(400);
    expect(bad.json.message).toContain('body.data.id: must be the call’s id, a number');
    expect(bad.json.message).toContain('body.data.direction: must be inbound or outbound');
    await new Promise((r) => setTimeout(r, 300));
    expect(aircall.requests.length).toBe(before);
  });

  it('answers 200 when Aircall refuses the card or never answers, and logs it without secrets', async () => {
    try {
      aircall.answer(500);
      const refused = await cardOf(acme(), callEvent('call.created', { id: nextCallId++, raw_digits: '+14155550100' }));
      expect(refused.title.text).toBe('Dana Whitfield');
      aircall.answer('hang');
      const before = aircall.requests.length;
      const started = Date.now();
      const hanging = await webhook(acme(), callEvent('call.created', { id: nextCallId++, raw_digits: '+14155550100' }));
      expect(hanging).toEqual({ status: 200, json: { status: 'accepted', card: true } });
      expect(Date.now() - started).toBeLessThan(2_000);
      await aircall.received(before + 1);
      // The platform deadline (5 s) passes; the webhook was long answered.
      const until = Date.now() + 8_000;
      while (!logLines.some((l) => l.includes('"timeout"')) && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
      const logs = logLines.join('\n');
      expect(logs).toContain('Aircall refused the insight card');
      expect(logs).toContain('"status":500');
      expect(logs).toContain('the insight card did not reach Aircall');
      for (const secret of [ACME.apiToken, ACME.webhookToken, Buffer.from(`${ACME.apiId}:${ACME.apiToken}`).toString('base64')])
        expect(logs).not.toContain(secret);
    } finally {
      aircall.answer(200);
    }
  }, 20_000);
});
