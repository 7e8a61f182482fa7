/**
 * A tab's opening on the server and its answer: an answer the panel no longer waits for (the page
 * moved on, the 8 s timeout passed) is closed, never shown; a connection that drops gives the
 * opening up at once, so the one after the reconnect is what the panel shows.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  calls,
  emitWithAck,
  hello,
  pairedTab,
  panelPort,
  read,
  reader,
  sessions,
  settle,
  socket,
  dropConnection,
} from './panel-sessions.harness';
import { CALL_TIMEOUT_MS } from './tab-session';

/** A paired tab whose first opening the server answers only when the test says (or never). */
async function tabWithHeldOpening() {
  let answerLate: (res: unknown) => void = () => {};
  emitWithAck.mockImplementationOnce(((event: string, payload: Record<string, unknown>) => {
    calls.push({ event, payload });
    return new Promise((r) => (answerLate = r));
  }) as unknown as typeof emitWithAck);
  const r = reader();
  r.send(hello());
  r.send({ type: 'view', view: read() });
  const p = panelPort();
  p.send({ type: 'hello', nonce: 'n-real' });
  await vi.advanceTimersByTimeAsync(10);
  return { p, answer: (res: unknown) => answerLate(res) };
}
const answersOf = (p: { posted: { type: string }[] }) => p.posted.filter((m) => m.type === 'opened' || m.type === 'failed');

describe('openings', () => {
  it('close an interaction answered after the page moved on, and tell the panel nothing of it', async () => {
    const { r, p } = await pairedTab();
    p.posted.length = 0;
    r.send({ type: 'view', view: { ...read(2), ticket: { key: 'zendesk:102', id: '102' } } });
    r.send({ type: 'view', view: { seq: 3, ticket: null } });
    await settle();
    expect(socket.emit).toHaveBeenCalledWith('interaction:close', { interactionId: 'i1' }, expect.any(Function));
    expect(p.posted.filter((m) => m.type === 'opened')).toEqual([]);
  });
});

describe('an opening the panel waits for', () => {
  const live = socket as { connected: boolean };
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    live.connected = true;
    vi.useRealTimers();
  });

  it('answered after the panel gave up on it is closed: no panel shows it, and Try again opens its own', async () => {
    const { p, answer } = await tabWithHeldOpening();
    await vi.advanceTimersByTimeAsync(CALL_TIMEOUT_MS);
    expect(p.posted.filter((m) => m.type === 'failed')).toMatchObject([{ key: 'zendesk:101', retry: true }]);
    answer({ data: { interactionId: 'late-1', status: 'unknown', tried: [] } });
    await vi.advanceTimersByTimeAsync(0);
    expect(socket.emit).toHaveBeenCalledWith('interaction:close', { interactionId: 'late-1' }, expect.any(Function));
    expect(p.posted.filter((m) => m.type === 'opened')).toEqual([]);
  });

  it('is given up at once when the connection drops, and the opening after the reconnect is what it shows, never a late failure', async () => {
    const { p } = await tabWithHeldOpening(); // its answer is lost with the connection
    live.connected = false;
    dropConnection();
    sessions.setStatus({ state: 'offline', reason: 'connection lost' });
    await vi.advanceTimersByTimeAsync(1_000); // reconnecting
    live.connected = true;
    sessions.setStatus({ state: 'online' });
    await vi.advanceTimersByTimeAsync(CALL_TIMEOUT_MS + 10);
    expect(answersOf(p).map((m) => m.type)).toEqual(['opened']);
  });
});
