/**
 * The Amazon Connect reader against a stand-in of Streams: each state change of each contact is
 * reported once, with its number; a contact already on the line is reported at once; a library
 * (or a page posing as one) that throws or hands over junk does not stop the readings.
 */
import { describe, expect, it } from 'vitest';
import type { CallFields } from './post';
import { watchAmazonConnect } from './amazon-connect';

function fakeStreams() {
  const onContact: ((c: unknown) => void)[] = [];
  const present: unknown[] = [];
  const make = (id: string, phoneNumber: unknown, status = 'connecting', type = 'voice') => {
    const subs: Record<string, (() => void)[]> = {};
    const sub = (name: string) => (f: () => void) => void (subs[name] ??= []).push(f);
    const contact = {
      getContactId: () => id,
      getType: () => type,
      getStatus: () => ({ type: status }),
      getInitialConnection: () => ({ getEndpoint: () => ({ phoneNumber }) }),
      onConnecting: sub('connecting'),
      onConnected: sub('connected'),
      onACW: sub('acw'),
      onDestroy: sub('destroy'),
    };
    return { contact, fire: (name: string) => subs[name]?.forEach((f) => f()) };
  };
  return {
    streams: {
      contact: (cb: (c: unknown) => void) => void onContact.push(cb),
      agent: (cb: (a: never) => void) => cb({ getContacts: () => present } as never),
    },
    present,
    make,
    arrive: (c: ReturnType<typeof make>) => onContact.forEach((cb) => cb(c.contact)),
  };
}

describe('watchAmazonConnect', () => {
  it('reports ringing, connected, after-call work and ended, each with the caller', () => {
    const f = fakeStreams();
    const said: CallFields[] = [];
    watchAmazonConnect(f.streams as never, (x) => said.push(x));
    const c = f.make('c-1', '+14155550100');
    f.arrive(c);
    c.fire('connecting');
    c.fire('connected');
    c.fire('acw');
    c.fire('destroy');
    expect(said.map((s) => s.state)).toEqual(['ringing', 'ringing', 'connected', 'wrap-up', 'ended']);
    expect(new Set(said.map((s) => `${s.contactId} ${s.channel} ${s.from}`))).toEqual(new Set(['c-1 voice +14155550100']));
  });

  it('reports a contact already on the line when it starts (a reload mid-call)', () => {
    const f = fakeStreams();
    f.present.push(f.make('c-2', '+14155550123', 'connected').contact);
    const said: CallFields[] = [];
    watchAmazonConnect(f.streams as never, (x) => said.push(x));
    expect(said).toEqual([{ contactId: 'c-2', state: 'connected', channel: 'voice', from: '+14155550123' }]);
  });

  it('survives a contact whose getters throw or hand over junk', () => {
    const f = fakeStreams();
    const said: CallFields[] = [];
    watchAmazonConnect(f.streams as never, (x) => said.push(x));
    const junk = f.make('c-3', { toString: () => '+14155550100' });
    f.arrive(junk);
    const throwing = f.make('c-4', null);
    throwing.contact.getInitialConnection = () => {
      throw new Error('not ready');
    };
    f.arrive(throwing);
    expect(said).toEqual([
      { contactId: 'c-3', state: 'ringing', channel: 'voice', from: null },
      { contactId: 'c-4', state: 'ringing', channel: 'voice', from: null },
    ]);
  });
});
