/**
 * What a decider sees beside a request, from a real server: the ticket it was asked from, what
 * the customer already received (a grant a minute earlier on the same ticket included), the
 * agent's record counted right; a note optional to approve; and "Recently decided" read from
 * the database, so it is still there after the server restarts.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PayloadOf } from '@shared/events';
import { startTestApp, type ClientSocket, type TestApp } from '../support/app';

let t: TestApp;
beforeAll(async () => (t = await startTestApp()));
afterAll(() => t.close());

const DAY = 86_400_000;
const customer = (email: string) => t.seeded.acme.customers[email]!;
// Account credit above $30 needs a team lead, and no customer cap limits it.
const request = (customerEmail: string, over: object = {}) => ({
  customerId: customer(customerEmail),
  action: 'account_credit',
  amountCents: 4_500,
  reasonCode: 'goodwill',
  note: 'Charged twice',
  idempotencyKey: randomUUID(),
  ...over,
});
const data = <T>(res: { data: T } | { error: string }): T => {
  if ('error' in res) throw new Error(res.error);
  return res.data;
};
async function connect(app: TestApp, email: string): Promise<ClientSocket> {
  const { socket, error } = await app.socket(await app.token(email));
  if (error) throw new Error(error);
  return socket;
}
async function onDuty(app: TestApp, email: string): Promise<ClientSocket> {
  const s = await connect(app, email);
  data(await s.emitWithAck('duty:set', { onDuty: true }));
  return s;
}

describe('what the decider sees beside a request', () => {
  it("counts the agent's record right: a withdrawn request was not asked, a counter-offer is not an approval", async () => {
    const lead = await onDuty(t, 'lead@acme.test');
    const agent = await connect(t, 'agent@acme.test');
    const ask = async () => data(await agent.emitWithAck('exception:request', request('marco.rossi@example.com')));
    const decide = async (exceptionId: string, body: Omit<PayloadOf<'exception:decide'>, 'exceptionId'>) =>
      data(await lead.emitWithAck('exception:decide', { exceptionId, ...body }));

    // Whatever the demo's history holds: what this test adds is what must show.
    const first = await ask();
    const before = first.agentRecent;
    data(await agent.emitWithAck('exception:withdraw', { exceptionId: first.id }));
    await decide((await ask()).id, { decision: 'counter', note: 'Offer $30', counter: { action: 'account_credit', amountCents: 3_000 } });
    await decide((await ask()).id, { decision: 'approve', note: 'Fine' });
    await decide((await ask()).id, { decision: 'deny', note: 'Not this time' });

    const now = await ask();
    expect(now.agentRecent).toEqual({
      requested: before.requested + 3,
      approved: before.approved + 1,
      countered: before.countered + 1,
      denied: before.denied + 1,
      pending: before.pending,
      withdrawn: before.withdrawn + 1,
    });
  });

  it('shows the ticket, and what the customer received today and in 30 days: a grant a minute earlier on the same ticket included', async () => {
    const lead = await onDuty(t, 'lead@acme.test');
    const agent = await connect(t, 'agent@acme.test');
    const raw = await t.raw();
    const opened = data(
      await agent.emitWithAck('interaction:open', {
        helpdesk: 'zendesk',
        instance: 'acme.zendesk.com',
        ticketId: '101',
        requester: { email: 'dana.whitfield@example.com' },
      }),
    );
    const interactionId = opened.interactionId;
    const dana = 'dana.whitfield@example.com';

    // What she had before this test, as a request shows it.
    const baseline = data(await agent.emitWithAck('exception:request', request(dana)));
    data(await agent.emitWithAck('exception:withdraw', { exceptionId: baseline.id }));
    const before = baseline.customerReceived;

    const grant = async (over: object) => {
      const res = data(
        await agent.emitWithAck('grant:record', {
          customerId: customer(dana),
          action: 'account_credit',
          amountCents: 2_000,
          reasonCode: 'goodwill',
          idempotencyKey: randomUUID(),
          ...over,
        }),
      );
      if (res.status !== 'recorded') throw new Error(JSON.stringify(res.decision));
      return res.grant.id;
    };
    const onTicket = await grant({ action: 'refund', amountCents: 4_000, reasonCode: 'damaged', interactionId });
    const tenDaysAgo = await grant({});
    const fortyDaysAgo = await grant({});
    const now = Date.now();
    // A minute earlier, yet today (midnight UTC, as budgets count) whenever the test runs.
    await raw.run('update grants set created_at = ? where id = ?', Math.max(now - 60_000, now - (now % DAY)), onTicket);
    await raw.run('update grants set created_at = ? where id = ?', now - 10 * DAY, tenDaysAgo);
    await raw.run('update grants set created_at = ? where id = ?', now - 40 * DAY, fortyDaysAgo);

    const body = request(dana, { interactionId });
    const asked = data(await agent.emitWithAck('exception:request', body));
    // As the team lead's side panel gets it.
    const seen = data(await lead.emitWithAck('exception:pending', {})).find((v) => v.id === asked.id)!;
    for (const v of [asked, seen]) {
      expect(v.ticket).toEqual({ ref: 'zendesk@acme.zendesk.com:101', helpdesk: 'zendesk', instance: 'acme.zendesk.com', id: '101' });
      expect(v.customerReceived.today).toEqual({ count: before.today.count + 1, amountCents: before.today.amountCents + 4_000 });
      expect(v.customerReceived.last30Days).toEqual({
        count: before.last30Days.count + 2,
        amountCents: before.last30Days.amountCents + 6_000,
      });
      expect(v.customerReceived.latest[0]).toMatchObject({
        action: 'refund',
        actionLabel: 'Refund',
        amountCents: 4_000,
        agentName: 'Alex Agent',
        onThisTicket: true,
      });
    }

    // A note is optional to approve (the request's words stand); a denial needs one.
    expect(await lead.emitWithAck('exception:decide', { exceptionId: asked.id, decision: 'deny' })).toMatchObject({
      error: 'Invalid exception:decide: note: is required: the agent reads it to the customer',
    });
    const approved = data(await lead.emitWithAck('exception:decide', { exceptionId: asked.id, decision: 'approve' }));
    expect(approved).toMatchObject({ status: 'approved', decisionNote: null, decidedBy: { name: 'Lee Lead' } });
    expect(approved.grantId).toBeTruthy();
    expect(approved.history.at(-1)).toMatchObject({ kind: 'approved', message: 'Approved' });
    // Its own grant is not "already received".
    expect(approved.customerReceived.today).toEqual(asked.customerReceived.today);
  });
});

describe('recently decided', () => {
  it('comes from the database: after a restart the side panel still gets it, with the duty it left', async () => {
    const first = await startTestApp();
    let open: TestApp = first;
    try {
      const lead = await onDuty(first, 'lead@acme.test');
      const agent = await connect(first, 'agent@acme.test');
      const body = {
        customerId: first.seeded.acme.customers['marco.rossi@example.com']!,
        action: 'account_credit',
        amountCents: 4_500,
        reasonCode: 'goodwill',
        note: 'Third late delivery this month',
        idempotencyKey: randomUUID(),
      };
      const raised = data(await agent.emitWithAck('exception:request', body));
      data(await lead.emitWithAck('exception:decide', { exceptionId: raised.id, decision: 'deny', note: 'Not this time' }));
      const board = data(await lead.emitWithAck('exception:board', {}));
      expect(board.recentlyDecided.map((v) => v.id)).toContain(raised.id);
      await first.close({ keepDatabase: true });

      const again = await startTestApp(first.dbEnv);
      open = again;
      const back = await connect(again, 'lead@acme.test');
      const after = data(await back.emitWithAck('exception:board', {}));
      expect(after.recentlyDecided[0]).toMatchObject({
        id: raised.id,
        status: 'denied',
        decidedBy: { name: 'Lee Lead' },
        decisionNote: 'Not this time',
        customer: { name: 'Marco Rossi' },
      });
      expect(after.duty).toMatchObject({ onDuty: true, level: 'team_lead' });
      expect(after.decidedToday).toBeGreaterThanOrEqual(1);
      expect(after.approvedToday + after.counteredToday).toBeLessThan(after.decidedToday);
    } finally {
      await open.close();
    }
  });
});
