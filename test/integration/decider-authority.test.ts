/**
 * Limits that hold on every path (issue 16): a decision is judged as a grant made by the decider,
 * idempotency keys belong to their author, resolutions cite only their author's grants, and a
 * merge does not lift a flag. Real sockets and REST against the in-process server.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExceptionView } from '@shared/schemas/exceptions';
import type { GrantOutcome } from '@shared/schemas/grants';
import { startTestApp, type ClientSocket, type TestApp } from '../support/app';

let t: TestApp;
beforeAll(async () => (t = await startTestApp()));
afterAll(() => t.close());

const customer = (email: string) => t.seeded.acme.customers[email]!;
const marco = () => customer('marco.rossi@example.com');
const data = <T>(res: { data: T } | { error: string }): T => {
  if ('error' in res) throw new Error(res.error);
  return res.data;
};
const error = (res: { data: unknown } | { error: string; status?: number }) => {
  if (!('error' in res)) throw new Error(`expected a refusal, got ${JSON.stringify(res.data)}`);
  return res;
};
async function connect(email: string): Promise<ClientSocket> {
  const { socket, error: e } = await t.socket(await t.token(email));
  if (e) throw new Error(e);
  return socket;
}
async function onDuty(email: string) {
  const s = await connect(email);
  data(await s.emitWithAck('duty:set', { onDuty: true }));
  return s;
}
async function call(email: string, method: 'GET' | 'POST', url: string, payload?: object) {
  return t.app.inject({ method, url, payload, headers: { authorization: `Bearer ${await t.token(email)}` } });
}
// Account credit: $30 alone, a team lead above that; the escalation matrix sends $2,000 and up to a director.
const credit = (over: object = {}) => ({
  customerId: marco(),
  action: 'account_credit',
  amountCents: 6_000,
  reasonCode: 'goodwill',
  note: 'Outage',
  idempotencyKey: randomUUID(),
  ...over,
});

describe('a decision is a grant made by the decider', () => {
  let agent: ClientSocket;
  let lead: ClientSocket;
  beforeAll(async () => {
    [lead, agent] = await Promise.all([onDuty('lead@acme.test'), connect('agent@acme.test')]);
    await onDuty('manager@acme.test');
  });

  it('refuses a team lead’s counter-offer beyond a team lead, naming the level it needs, and records nothing', async () => {
    const raised = data<ExceptionView>(await agent.emitWithAck('exception:request', credit()));
    expect(raised.level).toBe('team_lead');
    const refused = error(
      await lead.emitWithAck('exception:decide', {
        exceptionId: raised.id,
        decision: 'counter',
        note: 'Have it all',
        counter: { action: 'account_credit', amountCents: 2_000_000 },
      }),
    );
    expect(refused.error).toBe(
      '$20,000 of account credit needs a director, above a team lead: the escalation matrix sends this amount to a director. Offer less, or send it up.',
    );
    const still = data<ExceptionView[]>(await lead.emitWithAck('exception:pending', {})).find((e) => e.id === raised.id);
    expect(still).toMatchObject({ status: 'pending', grantId: null });
    // Within a team lead's reach, the counter stands.
    const countered = data<ExceptionView>(
      await lead.emitWithAck('exception:decide', {
        exceptionId: raised.id,
        decision: 'counter',
        note: 'Half now',
        counter: { action: 'account_credit', amountCents: 3_000 },
      }),
    );
    expect(countered).toMatchObject({ status: 'countered', counter: { amountCents: 3_000 } });
  });

  it('refuses a counter that switches to an action needing a reason the request did not give, like any grant', async () => {
    const raised = data<ExceptionView>(
      await agent.emitWithAck('exception:request', credit({ action: 'discount', amountCents: 3_000, reasonCode: null })),
    );
    const refused = error(
      await lead.emitWithAck('exception:decide', {
        exceptionId: raised.id,
        decision: 'counter',
        note: 'A credit instead',
        counter: { action: 'account_credit', amountCents: 2_500 },
      }),
    );
    expect(refused.error).toBe(
      'Cannot counter with this: Account credit needs a reason: pick one of service_outage, billing_error, goodwill.',
    );
    const ok = data<ExceptionView>(
      await lead.emitWithAck('exception:decide', {
        exceptionId: raised.id,
        decision: 'counter',
        note: 'A credit instead',
        counter: { action: 'account_credit', amountCents: 2_500, reasonCode: 'goodwill' },
      }),
    );
    expect(ok.status).toBe('countered');
  });

  it('lets the decider send it up instead, to the level above', async () => {
    const raised = data<ExceptionView>(await agent.emitWithAck('exception:request', credit()));
    const sent = data<ExceptionView>(
      await lead.emitWithAck('exception:decide', { exceptionId: raised.id, decision: 'send_up', note: 'He asks for more than I can give' }),
    );
    expect(sent).toMatchObject({ status: 'pending', level: 'manager' });
    expect(sent.history.at(-1)).toMatchObject({ kind: 'sent_up', level: 'manager' });
    expect(sent.history.at(-1)!.message).toContain('He asks for more than I can give');
    // The lead no longer decides it.
    expect(error(await lead.emitWithAck('exception:decide', { exceptionId: raised.id, decision: 'approve', note: 'ok' })).error).toMatch(
      /waits for a manager/,
    );
  });

  it('an approval made on a server key never collides with a grant an agent keyed the same way', async () => {
    const raised = data<ExceptionView>(await agent.emitWithAck('exception:request', credit()));
    // The agent records a grant with the key the server used to give approvals.
    const g = data<GrantOutcome>(
      await agent.emitWithAck('grant:record', {
        customerId: marco(),
        action: 'goodwill_gesture',
        amountCents: 500,
        idempotencyKey: `exception:${raised.id}`,
      }),
    );
    expect(g.status).toBe('recorded');
    const approved = data<ExceptionView>(
      await lead.emitWithAck('exception:decide', { exceptionId: raised.id, decision: 'approve', note: 'Fine' }),
    );
    expect(approved.status).toBe('approved');
    expect(approved.grantId).toBeTruthy();
  });
});

describe('idempotency keys belong to their author', () => {
  it('a second agent reusing another’s key gets their own request stored, and never sees the first', async () => {
    const [alex, sasha] = await Promise.all([connect('agent@acme.test'), connect('senior@acme.test')]);
    const key = randomUUID();
    const first = data<ExceptionView>(
      await alex.emitWithAck('exception:request', credit({ idempotencyKey: key, note: 'Private: customer cried on the phone' })),
    );
    const second = data<ExceptionView>(
      await sasha.emitWithAck('exception:request', credit({ idempotencyKey: key, amountCents: 7_000, note: 'Mine' })),
    );
    expect(second.id).not.toBe(first.id);
    expect(second).toMatchObject({ agent: { name: 'Sasha Senior' }, note: 'Mine', amountCents: 7_000 });
    // The author's replay still returns the original.
    expect(
      data<ExceptionView>(
        await alex.emitWithAck('exception:request', credit({ idempotencyKey: key, note: 'Private: customer cried on the phone' })),
      ).id,
    ).toBe(first.id);
  });

  it('refuses a key reused with a different body, with a sentence', async () => {
    const alex = await connect('agent@acme.test');
    const key = randomUUID();
    data(
      await alex.emitWithAck('grant:record', { customerId: marco(), action: 'goodwill_gesture', amountCents: 500, idempotencyKey: key }),
    );
    const again = data<GrantOutcome>(
      await alex.emitWithAck('grant:record', { customerId: marco(), action: 'goodwill_gesture', amountCents: 500, idempotencyKey: key }),
    );
    expect(again.status).toBe('duplicate');
    const refused = error(
      await alex.emitWithAck('grant:record', { customerId: marco(), action: 'goodwill_gesture', amountCents: 900, idempotencyKey: key }),
    );
    expect(refused.error).toMatch(/^This idempotency key was already used for a different request/);
  });
});

describe('a resolution cites only its author’s grants', () => {
  it('refuses another agent’s grant, admits one approved for the author’s own request', async () => {
    const [alex, sasha, lead] = await Promise.all([connect('agent@acme.test'), connect('senior@acme.test'), onDuty('lead@acme.test')]);
    const theirs = data<GrantOutcome>(
      await sasha.emitWithAck('grant:record', {
        customerId: marco(),
        action: 'goodwill_gesture',
        amountCents: 700,
        idempotencyKey: randomUUID(),
      }),
    );
    const resolution = (grantId: string, amountCents: number) => ({
      idempotencyKey: randomUUID(),
      helpdesk: 'zendesk',
      ticketId: '101',
      customerId: marco(),
      outcome: 'resolved' as const,
      category: 'billing' as const,
      handleTimeSeconds: 60,
      actions: [{ action: 'goodwill_gesture', amountCents, grantId }],
    });
    const refused = error(
      await alex.emitWithAck('resolution:submit', resolution(theirs.status === 'recorded' ? theirs.grant.id : '', 700)),
    );
    expect(refused.error).toMatch(/was made by another agent: cite only your own grants, or ones approved for your requests$/);

    const raised = data<ExceptionView>(
      await alex.emitWithAck('exception:request', credit({ action: 'goodwill_gesture', amountCents: 1_500, reasonCode: null })),
    );
    const approved = data<ExceptionView>(
      await lead.emitWithAck('exception:decide', { exceptionId: raised.id, decision: 'approve', note: 'Fine' }),
    );
    const ok = data<{ status: string }>(await alex.emitWithAck('resolution:submit', resolution(approved.grantId!, 1_500)));
    expect(ok.status).toBe('stored');
  });
});

describe('flags survive merges', () => {
  it('a merge involving a flagged customer needs a manager, and so does undoing it; the flag holds on the merged record, and leaves with it on undo', async () => {
    const sam = customer('sam.okafor@example.com'); // chargeback_open
    const priya = customer('priya@example.com');
    const byLead = await call('lead@acme.test', 'POST', `/v1/customers/${sam}/merge`, { into: priya, reason: 'Same card' });
    expect(byLead.statusCode).toBe(403);
    expect(byLead.json().message).toBe(
      'One of these customers is flagged (chargeback_open): merging them needs a manager or above, with the reason',
    );

    const merged = await call('manager@acme.test', 'POST', `/v1/customers/${sam}/merge`, { into: priya, reason: 'Same card and phone' });
    expect(merged.statusCode).toBe(201);
    const alex = await connect('agent@acme.test');
    const refund = data<GrantOutcome>(
      await alex.emitWithAck('grant:record', {
        customerId: priya,
        action: 'refund',
        amountCents: 1_000,
        reasonCode: 'damaged',
        idempotencyKey: randomUUID(),
      }),
    );
    expect(refund).toMatchObject({ status: 'refused', decision: { outcome: 'forbidden', ruleId: 'chargeback' } });

    // Undoing it lifts the flag off the record the manager judged to be the same person: a manager's call too.
    const undoByLead = await call('lead@acme.test', 'POST', `/v1/merges/${merged.json().mergeId}/undo`);
    expect(undoByLead.statusCode).toBe(403);
    expect(undoByLead.json().message).toBe(
      'One of these customers is flagged (chargeback_open): undoing their merge needs a manager or above',
    );
    expect((await t.app.repos.customers.flagsOf(t.seeded.acme.tenantId, [priya]))[0]!.flags).toContain('chargeback_open');
    expect((await call('manager@acme.test', 'POST', `/v1/merges/${merged.json().mergeId}/undo`)).statusCode).toBe(200);
    const after = data<GrantOutcome>(
      await alex.emitWithAck('grant:record', {
        customerId: priya,
        action: 'refund',
        amountCents: 1_000,
        reasonCode: 'damaged',
        idempotencyKey: randomUUID(),
      }),
    );
    expect(after.status).toBe('recorded');
  });
});
