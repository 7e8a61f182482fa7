/**
 * The panel's automatic ask for offers around a reconnect: while the background opens the ticket's
 * interaction again, the ask waits for it instead of answering the agent with an error; offline, it
 * says so (not that the ticket changed).
 */
import { describe, expect, it, vi } from 'vitest';
import { createPanelCalls } from './panel-calls';
import type { LeewaySocket } from './socket';
import type { TabSession } from './tab-session';

const KEY = 'zendesk:101';
const recommendations = { data: { offersVersion: 1, recommendations: [] } };

function setup(connected: boolean) {
  const emitWithAck = vi.fn(async () => recommendations);
  const socket = { connected, timeout: () => ({ emitWithAck }) } as unknown as LeewaySocket;
  const { handlers } = createPanelCalls(() => socket, { add: async () => {} });
  let opened = () => {};
  const session = {
    readerView: { seq: 1, ticket: { key: KEY, id: '101' } },
    // As after a reconnect: the customer is known, the interaction is being opened again.
    open: { key: KEY, customerId: 'cust-dana', interactionId: null as string | null, opening: new Promise<void>((r) => (opened = r)) },
  } as unknown as TabSession;
  const ask = () => handlers['offer:recommend']!({ key: KEY, body: {} } as never, session);
  return { emitWithAck, session, ask, reopen: (id: string) => ((session.open!.interactionId = id), opened()) };
}

describe('asking for offers while the interaction is opened again', () => {
  it('waits for the interaction, then asks with it', async () => {
    const { emitWithAck, ask, reopen } = setup(true);
    const answer = ask();
    await new Promise((r) => setTimeout(r, 20));
    expect(emitWithAck).not.toHaveBeenCalled();
    reopen('i-2');
    expect(await answer).toEqual(recommendations);
    expect(emitWithAck).toHaveBeenCalledWith('offer:recommend', { interactionId: 'i-2' });
  });

  it('answers at once that the ticket changed when it shows no customer', async () => {
    const { emitWithAck, ask, session } = setup(true);
    session.open!.customerId = null;
    expect(await ask()).toEqual({ error: 'This ticket changed or shows no customer yet.' });
    expect(emitWithAck).not.toHaveBeenCalled();
  });

  it('offline, says so', async () => {
    const { emitWithAck, ask, reopen } = setup(false);
    const answer = ask();
    reopen('i-2');
    expect(await answer).toEqual({ error: 'Offline: suggestions come back when the panel is live.' });
    expect(emitWithAck).not.toHaveBeenCalled();
  });
});
