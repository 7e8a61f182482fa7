/**
 * Where a ticket stands, in the answer to interaction:open: this agent's latest request raised on
 * the ticket and the ticket's resolution record, so a panel rebuilt after a switch or a reconnect
 * shows them again. Another agent's request is theirs; another tenant's request or record on a
 * ticket of the same number is never seen; a record another agent logged is the ticket's.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PayloadOf } from '@shared/events';
import type { InteractionOpened } from '@shared/schemas/context';
import { serverKey } from '../../server/src/idempotency';
import { startTestApp, type ClientSocket, type TestApp } from '../support/app';

let t: TestApp;
beforeAll(async () => (t = await startTestApp()));
afterAll(() => t.close());

const data = <T>(res: { data: T } | { error: string }): T => {
  if ('error' in res) throw new Error(res.error);
  return res.data;
};
async function connect(email: string): Promise<ClientSocket> {
  const { socket, error } = await t.socket(await t.token(email));
  if (error) throw new Error(error);
  return socket;
}
const ACME = { helpdesk: 'zendesk', instance: 'acme.zendesk.com' } as const;
const open = async (s: ClientSocket, p: PayloadOf<'interaction:open'>) =>
  data(await s.emitWithAck('interaction:open', p)) as Extract<InteractionOpened, { status: 'known' }>;
const openDana = (s: ClientSocket) => open(s, { ...ACME, ticketId: '101', requester: { email: 'dana.whitfield@example.com' } });
// Account credit above $30 needs a team lead.
const ask = async (s: ClientSocket, customerId: string, interactionId: string) =>
  data(
    await s.emitWithAck('exception:request', {
      customerId,
      action: 'account_credit',
      amountCents: 4_500,
      reasonCode: 'goodwill',
      note: 'Charged twice',
      interactionId,
      idempotencyKey: randomUUID(),
    }),
  );

describe('where the ticket stands when it is opened', () => {
  it("shows this agent's own request and the ticket's record, never another agent's request or another tenant's", async () => {
    const acme = t.seeded.acme;
    const globex = t.seeded.globex;
    const agent = await connect('agent@acme.test');
    const senior = await connect('senior@acme.test');
    const lead = await connect('lead@acme.test');
    data(await lead.emitWithAck('duty:set', { onDuty: true }));
    const dana = acme.customers['dana.whitfield@example.com']!;
    expect((await openDana(agent)).standing).toEqual({ exception: null, logged: null });

    // Another tenant's request and record, on a ticket stored under the very same reference.
    const hankAgent = await connect('agent@globex.test');
    const hankOpen = await open(hankAgent, {
      helpdesk: 'zendesk',
      instance: 'globex.zendesk.com',
      ticketId: '7',
      requester: { email: 'hank@globex.example' },
    });
    const theirs = await ask(hankAgent, globex.customers['hank@globex.example']!, hankOpen.interactionId);
    await (await t.raw()).run(
      "update interactions set instance = 'acme.zendesk.com', ticket_id = '101' where id = ?",
      hankOpen.interactionId,
    );
    await t.app.repos.log.append(globex.tenantId, {
      idempotencyKey: serverKey('standing-test', randomUUID()),
      kind: 'resolution',
      ticketRef: 'zendesk@acme.zendesk.com:101',
      data: { outcome: 'resolved' },
    });
    // Another agent's request on this ticket.
    const seniors = await ask(senior, dana, (await openDana(senior)).interactionId);
    expect((await openDana(agent)).standing).toEqual({ exception: null, logged: null });

    // The agent's own request, decided: it stands on the ticket, as decided; one on another ticket does not.
    const mine = await ask(agent, dana, (await openDana(agent)).interactionId);
    data(await lead.emitWithAck('exception:decide', { exceptionId: mine.id, decision: 'approve' }));
    const marco = await open(agent, { ...ACME, ticketId: '102', requester: { email: 'marco.rossi@example.com' } });
    await ask(agent, acme.customers['marco.rossi@example.com']!, marco.interactionId);
    const again = (await openDana(agent)).standing;
    expect(again.exception).toMatchObject({ id: mine.id, status: 'approved', agent: { name: 'Alex Agent' } });
    expect([theirs.id, seniors.id]).not.toContain(again.exception?.id);
    expect(again.logged).toBeNull();

    // The senior agent logs the ticket's resolution: it is the ticket's, so the agent sees it logged too.
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/resolutions',
      headers: { authorization: `Bearer ${await t.token('senior@acme.test')}` },
      payload: {
        idempotencyKey: randomUUID(),
        customerId: dana,
        ...ACME,
        ticketId: '101',
        outcome: 'resolved',
        category: 'billing',
        note: 'Refunded the double charge',
        handleTimeSeconds: 200,
      },
    });
    expect(res.statusCode).toBe(201);
    const logged = (await openDana(agent)).standing.logged;
    expect(logged).toMatchObject({ status: 'stored', id: res.json().id, seq: res.json().seq, hash: res.json().hash });
    expect(Date.parse(logged!.at)).not.toBeNaN();
    // And only on that ticket.
    expect((await open(agent, { ...ACME, ticketId: '102', requester: { email: 'marco.rossi@example.com' } })).standing.logged).toBeNull();
    for (const s of [agent, senior, lead, hankAgent]) s.disconnect();
  });
});
