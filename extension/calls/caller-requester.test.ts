/** Who is on the line, as a requester: a number in E.164 however written; never a guess from a withheld one. */
import { describe, expect, it } from 'vitest';
import { callerRequester } from './caller-requester';

describe('callerRequester', () => {
  it('reads a voice caller’s number into E.164', () => {
    for (const from of ['+14155550100', '(415) 555-0100', 'sip:+14155550100@trunk.example', '1-415-555-0100 x12'])
      expect(callerRequester({ channel: 'voice', from }), from).toEqual({ requester: { phone: '+14155550100' }, missing: [] });
  });

  it('says why there is nothing to look up', () => {
    expect(callerRequester({ channel: 'voice', from: 'anonymous' })).toEqual({
      requester: {},
      missing: ['The caller withheld their number'],
    });
    expect(callerRequester({ channel: 'voice', from: null })).toEqual({ requester: {}, missing: ['The caller withheld their number'] });
    expect(callerRequester({ channel: 'voice', from: '555-01' }).missing).toEqual(['The number the line shows is not one Leeway can read']);
  });

  it('reads a chat’s identity: an email, or a messaging number', () => {
    expect(callerRequester({ channel: 'chat', from: 'Dana.Whitfield@example.com' }).requester).toEqual({
      email: 'dana.whitfield@example.com',
    });
    expect(callerRequester({ channel: 'chat', from: 'whatsapp:+14155550100' }).requester).toEqual({ phone: '+14155550100' });
    expect(callerRequester({ channel: 'chat', from: 'Visitor 42' })).toEqual({
      requester: {},
      missing: ['The chat does not say who the customer is'],
    });
  });
});
