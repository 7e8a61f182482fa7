/**
 * The Twilio Flex reader against a stand-in of the Flex store: a task's status changes are
 * reported once each; an update that changes nothing about a task says nothing; a task that
 * leaves the store without a final status is reported ended.
 */
import { describe, expect, it } from 'vitest';
import type { CallFields } from './post';
import { watchTwilioFlex } from './twilio-flex';

function fakeStore() {
  let tasks = new Map<string, object>();
  const listeners: (() => void)[] = [];
  return {
    store: { getState: () => ({ flex: { worker: { tasks } } }), subscribe: (f: () => void) => (listeners.push(f), () => {}) },
    set(next: Record<string, object>) {
      tasks = new Map(Object.entries(next));
      for (const f of listeners) f();
    },
  };
}

describe('watchTwilioFlex', () => {
  it('follows a voice task from pending to completed', () => {
    const f = fakeStore();
    const said: CallFields[] = [];
    watchTwilioFlex(f.store as never, (x) => said.push(x));
    const task = (status: string) => ({
      WR1: { taskSid: 'WT1', status, taskChannelUniqueName: 'voice', attributes: { from: '+14155550100' } },
    });
    f.set(task('pending'));
    f.set(task('pending'));
    f.set(task('accepted'));
    f.set(task('wrapping'));
    f.set(task('completed'));
    expect(said.map((s) => s.state)).toEqual(['ringing', 'connected', 'wrap-up', 'ended']);
    expect(said[0]).toEqual({ contactId: 'WT1', state: 'ringing', channel: 'voice', from: '+14155550100' });
  });

  it('a task gone from the store has ended; a chat task is a chat', () => {
    const f = fakeStore();
    const said: CallFields[] = [];
    watchTwilioFlex(f.store as never, (x) => said.push(x));
    f.set({
      WR2: { taskSid: 'WT2', status: 'accepted', taskChannelUniqueName: 'chat', attributes: { from: 'dana.whitfield@example.com' } },
    });
    f.set({});
    expect(said).toEqual([
      { contactId: 'WT2', state: 'connected', channel: 'chat', from: 'dana.whitfield@example.com' },
      { contactId: 'WT2', state: 'ended', channel: 'chat', from: 'dana.whitfield@example.com' },
    ]);
  });
});
