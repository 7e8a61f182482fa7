/**
 * What a panel hears of resolution records, per helpdesk instance: "Resolution logged", and the
 * tickets whose record waits in the outbox, reach only the panels on the record's instance; a
 * ticket of the same number on another account or helpdesk is neither marked done nor held back.
 */
import { describe, expect, it } from 'vitest';
import { hello, pairedTab, panelPort, read, reader, sessions, settle } from './panel-sessions.harness';

/** Ticket 101 on acme.zendesk.com, and ticket 101 of another Zendesk account in another tab: their panels. */
async function twoTicketsNumbered101() {
  const { p } = await pairedTab();
  const r2 = reader(8, 'https://globex.zendesk.com/agent/tickets/101');
  r2.send(hello('n-other'));
  r2.send({ type: 'view', view: read() });
  const other = panelPort(8);
  other.send({ type: 'hello', nonce: 'n-other' });
  await settle();
  return { acme: p, other };
}
const ON_ACME = { helpdesk: 'zendesk', instance: 'acme.zendesk.com', ticketId: '101' };

describe('a resolution logged', () => {
  it('marks the ticket of that number on its own helpdesk instance only', async () => {
    const { acme, other } = await twoTicketsNumbered101();
    sessions.relayLogged({ idempotencyKey: 'r1', ...ON_ACME } as never, { seq: 3 } as never);
    expect(acme.posted.filter((m) => m.type === 'logged')).toEqual([{ type: 'logged', ticketId: '101', receipt: { seq: 3 } }]);
    expect(other.posted.filter((m) => m.type === 'logged')).toEqual([]);
  });
});

describe('records waiting in the outbox', () => {
  it('tell the panel of that ticket’s instance its record waits, and no other', async () => {
    const { acme, other } = await twoTicketsNumbered101();
    sessions.outboxChanged({ waiting: 1, refused: [], held: [], tickets: [ON_ACME] });
    expect(acme.posted.filter((m) => m.type === 'outbox').at(-1)).toMatchObject({ waiting: 1, waitingHere: ['101'] });
    expect(other.posted.filter((m) => m.type === 'outbox').at(-1)).toMatchObject({ waiting: 1, waitingHere: [] });
  });
});
