/**
 * The typed request/reply channel: each reply settles the call with its id, other messages pass
 * by, and the answering side runs only the handlers it was given.
 */
import { describe, expect, it, vi } from 'vitest';
import { answerCall, createCaller, isCall, type CallMessage, type Handlers, type SocketCall } from './channel';

type Calls = { 'duty:set': SocketCall<'duty:set'>; 'exception:board': SocketCall<'exception:board'> };
const settle = () => new Promise((r) => setTimeout(r));

describe('the calling side', () => {
  it('settles each call with the reply that repeats its id, and leaves other messages alone', async () => {
    const posted: CallMessage<Calls>[] = [];
    const caller = createCaller<Calls>((m) => posted.push(m));
    const duty = caller.call('duty:set', { onDuty: true });
    const board = caller.call('exception:board', {});
    expect(posted.map((m) => [m.id, m.name])).toEqual([
      [1, 'duty:set'],
      [2, 'exception:board'],
    ]);
    expect(caller.receive({ type: 'status' })).toBe(false);
    expect(caller.receive({ type: 'reply', id: 2, res: { error: 'no' } })).toBe(true);
    expect(caller.receive({ type: 'reply', id: 1, res: { data: { onDuty: true } } })).toBe(true);
    await expect(board).resolves.toEqual({ error: 'no' });
    await expect(duty).resolves.toEqual({ data: { onDuty: true } });
  });
});

describe('the answering side', () => {
  const handlers: Handlers<Calls, string> = {
    'duty:set': async (payload, who) => ({ data: { onDuty: payload.onDuty, who } as never }),
    'exception:board': async () => {
      throw new Error('timeout');
    },
  };

  it('answers with the handler’s reply, under the call’s id', async () => {
    const post = vi.fn();
    answerCall(handlers, { type: 'call', id: 7, name: 'duty:set', payload: { onDuty: false } }, 'ann', post);
    await settle();
    expect(post).toHaveBeenCalledWith({ type: 'reply', id: 7, res: { data: { onDuty: false, who: 'ann' } } });
  });

  it('answers a handler that failed with the fallback sentence', async () => {
    const post = vi.fn();
    answerCall(handlers, { type: 'call', id: 8, name: 'exception:board', payload: {} }, 'ann', post, 'No answer');
    await settle();
    expect(post).toHaveBeenCalledWith({ type: 'reply', id: 8, res: { error: 'No answer' } });
  });

  it('leaves unheard a name it has no handler for, inherited names included, and a call it returns nothing for', async () => {
    const post = vi.fn();
    for (const name of ['exception:decide', 'constructor', 'toString', '__proto__'])
      answerCall(handlers, { type: 'call', id: 9, name, payload: {} }, 'ann', post);
    answerCall({ 'duty:set': async () => undefined }, { type: 'call', id: 10, name: 'duty:set', payload: {} }, 'ann', post);
    await settle();
    expect(post).not.toHaveBeenCalled();
  });

  it('tells a call from anything else', () => {
    expect(isCall({ type: 'call', id: 1, name: 'duty:set', payload: {} })).toBe(true);
    expect(isCall({ type: 'call', id: '1' })).toBe(false);
    expect(isCall({ type: 'grant' })).toBe(false);
    expect(isCall(null)).toBe(false);
  });
});
