/**
 * "Resolution logged" reaches only the panels on the record's helpdesk instance: a ticket of the
 * same number on another account or helpdesk is not marked done.
 */
import { describe, expect, it } from 'vitest';
import { hello, pairedTab, panelPort, read, reader, sessions, settle } from './panel-sessions.harness';

describe('a resolution logged', () => {
  it('marks the ticket of that number on its own helpdesk instance only', async () => {
    const { p } = await pairedTab();
    // Ticket 101 of another Zendesk account, in another tab.
    const r2 = reader(8, 'https://globex.zendesk.com/agent/tickets/101');
    r2.send(hello('n-other'));
    r2.send({ type: 'view', view: read() });
    const p2 = panelPort(8);
    p2.send({ type: 'hello', nonce: 'n-other' });
    await settle();
    const body = { idempotencyKey: 'r1', helpdesk: 'zendesk', instance: 'acme.zendesk.com', ticketId: '101' } as never;
    sessions.relayLogged(body, { seq: 3 } as never);
    expect(p.posted.filter((m) => m.type === 'logged')).toEqual([{ type: 'logged', ticketId: '101', receipt: { seq: 3 } }]);
    expect(p2.posted.filter((m) => m.type === 'logged')).toEqual([]);
  });
});
