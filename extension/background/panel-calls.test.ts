/**
 * The panel's calls around a reconnect: while the background opens the ticket's interaction again,
 * every call waits for it, then goes out with the new interaction, instead of being refused for it
 * (a link, an offer's answer) or recorded without it (a grant, a request). Offline, nothing waits.
 */
import { describe, expect, it, vi } from 'vitest';
import type { PanelCallName } from '../lib/messages';
import { createPanelCalls } from './panel-calls';
import type { LeewaySocket } from './socket';
import type { TabSession } from './tab-session';

const KEY = 'zendesk:101';
const DANA = 'cust-dana';
const recommendations = { data: { offersVersion: 1, policyVersion: 1, recommendations: [] } };

/** Per call: what the panel sends, whether the ticket shows a customer, and the interaction its emit must carry. */
const CALLS: Record<PanelCallName, { body: unknown; known?: false; carries?: true }> = {
  'grant:record': { body: { customerId: DANA, action: 'refund', amountCents: 500, idempotencyKey: 'g-1' }, carries: true },
  'exception:request': { body: { customerId: DANA, action: 'refund', amountCents: 9000, idempotencyKey: 'e-1' }, carries: true },
  'exception:withdraw': { body: { exceptionId: 'exc-1' } },
  'customer:reveal': { body: { customerId: DANA, field: 'email' } },
  'resolution:draft': { body: {} },
  'customer:search': { body: { query: 'dana' } },
  'customer:link': { body: { customerId: DANA }, known: false, carries: true },
  'offer:recommend': { body: {}, carries: true },
  'offer:outcome': { body: { offerId: 'retention-credit', accepted: true }, carries: true },
};

function setup(connected: boolean, known = true) {
  const emitWithAck = vi.fn(async (_event: string, _payload: Record<string, unknown>) => recommendations);
  const socket = { connected, timeout: () => ({ emitWithAck }) } as unknown as LeewaySocket;
  const { handlers } = createPanelCalls(() => socket, { add: async () => {} });
  let opened = () => {};
  const session = {
    readerView: { seq: 1, ticket: { key: KEY, id: '101' } },
    helpdesk: 'zendesk',
    instance: 'acme.zendesk.com',
    exceptions: new Map([['exc-1', KEY]]),
    // As after a reconnect: the ticket is on screen, its interaction is being opened again.
    open: {
      key: KEY,
      helpdesk: 'zendesk',
      instance: 'acme.zendesk.com',
      ticketId: '101',
      customerId: known ? DANA : null,
      interactionId: null as string | null,
      opening: new Promise<void>((r) => (opened = r)),
    },
  } as unknown as TabSession;
  const call = (name: PanelCallName) =>
    (handlers[name] as (p: unknown, s: TabSession) => Promise<unknown>)({ key: KEY, body: CALLS[name].body }, session);
  const reopen = (id: string) => {
    session.open!.interactionId = id;
    session.open!.opening = null;
    opened();
  };
  return { emitWithAck, session, call, reopen };
}

const aMoment = () => new Promise((r) => setTimeout(r, 20));

describe('a call made while the interaction is opened again', () => {
  for (const name of Object.keys(CALLS) as PanelCallName[]) {
    it(`${name} waits for the interaction, then goes out${CALLS[name].carries ? ' with it' : ''}`, async () => {
      const { emitWithAck, call, reopen } = setup(true, CALLS[name].known ?? true);
      const answer = call(name);
      await aMoment();
      expect(emitWithAck).not.toHaveBeenCalled();
      reopen('i-2');
      await answer;
      expect(emitWithAck).toHaveBeenCalledTimes(1);
      const [event, payload] = emitWithAck.mock.calls[0]!;
      expect(event).toBe(name);
      if (CALLS[name].carries) expect(payload.interactionId).toBe('i-2');
    });
  }
});

describe('asking for offers', () => {
  it('says the ticket shows no customer once its opening found none', async () => {
    const { emitWithAck, call, session, reopen } = setup(true);
    session.open!.customerId = null;
    const answer = call('offer:recommend');
    reopen('i-2');
    expect(await answer).toEqual({ error: 'This ticket changed or shows no customer yet.' });
    expect(emitWithAck).not.toHaveBeenCalled();
  });

  it('offline, says so at once: nothing waits for an opening that needs the socket', async () => {
    const { emitWithAck, call } = setup(false);
    expect(await call('offer:recommend')).toEqual({ error: 'Offline: suggestions come back when the panel is live.' });
    expect(emitWithAck).not.toHaveBeenCalled();
  });

  it('answers at once for a ticket no longer on screen', async () => {
    const { emitWithAck, call, session } = setup(true);
    session.readerView = { seq: 2, ticket: { key: 'zendesk:102', id: '102' } } as TabSession['readerView'];
    session.open!.key = 'zendesk:102';
    expect(await call('offer:recommend')).toEqual({ error: 'This ticket changed or shows no customer yet.' });
    expect(emitWithAck).not.toHaveBeenCalled();
  });
});
