// @vitest-environment happy-dom
/**
 * The call tracker trusts the page's messages for nothing but a contact and a number: only this
 * window's messages of the exact shape, for this desktop; a contact that ended stays ended; a
 * contact's caller is fixed by its first reading; the newest ringing call takes the panel and
 * after-call work never takes it from a live call.
 */
import { ContentScriptContext } from 'wxt/utils/content-script-context';
import { beforeEach, describe, expect, it } from 'vitest';
import type { CallReading } from '@shared/schemas/call-reading';
import type { ReaderView } from '../../lib/messages';
import { callDesktops } from '../../calls/desktops';
import { trackCalls } from './call-tracker';

let views: ReaderView[];
const shown = () => {
  const v = views.at(-1)!;
  return v.ticket && v.reading.state === 'read' ? { id: v.ticket.id, state: v.ticket.call?.state, requester: v.reading.requester } : null;
};
const say = (r: Partial<CallReading> & Record<string, unknown>, from: { source?: MessageEventSource | null; origin?: string } = {}) =>
  window.dispatchEvent(
    new MessageEvent('message', {
      data: { type: 'leeway:call-reading', desktop: 'amazon-connect', channel: 'voice', state: 'ringing', from: '+14155550100', ...r },
      source: from.source === undefined ? window : from.source,
      origin: from.origin ?? location.origin,
    }),
  );

beforeEach(() => {
  views = [];
  trackCalls(callDesktops.find((d) => d.id === 'amazon-connect')!, new ContentScriptContext(`t${Math.random()}`), (v) => views.push(v));
});

describe('the call tracker', () => {
  it('shows a ringing call at once, keyed by its contact, and follows its state', () => {
    say({ contactId: 'c1' });
    expect(shown()).toEqual({ id: 'c1', state: 'ringing', requester: { phone: '+14155550100' } });
    expect(views.at(-1)!.ticket?.key).toBe('amazon-connect:c1');
    const seq = views.at(-1)!.seq;
    say({ contactId: 'c1', state: 'connected' });
    expect(shown()?.state).toBe('connected');
    // The same caller on the same contact: the panel keeps what it shows (no new seq).
    expect(views.at(-1)!.seq).toBe(seq);
  });

  it('notes when the call was answered, and keeps it through after-call work', () => {
    say({ contactId: 'c1' });
    expect(views.at(-1)!.ticket?.call).toEqual({ state: 'ringing', channel: 'voice' });
    const before = Date.now();
    say({ contactId: 'c1', state: 'connected' });
    const answeredAt = views.at(-1)!.ticket?.call?.answeredAt ?? 0;
    expect(answeredAt).toBeGreaterThanOrEqual(before);
    say({ contactId: 'c1', state: 'wrap-up' });
    expect(views.at(-1)!.ticket?.call).toEqual({ state: 'wrap-up', channel: 'voice', answeredAt });
  });

  it('ignores other windows, other origins, other desktops and any other shape', () => {
    say({ contactId: 'c1' }, { source: null });
    say({ contactId: 'c1' }, { origin: 'https://evil.test' });
    say({ contactId: 'c1', desktop: 'twilio-flex' });
    say({ contactId: 'c1', customerId: 'cus_1' });
    say({ contactId: 'c1', state: 'on-hold' as never });
    say({ contactId: '../c1' });
    expect(views.filter((v) => v.ticket)).toEqual([]);
  });

  it('keeps an ended contact ended, and a contact’s caller as first read', () => {
    say({ contactId: 'c1' });
    say({ contactId: 'c1', state: 'connected', from: '+14155550123' });
    expect(shown()?.requester).toEqual({ phone: '+14155550100' });
    say({ contactId: 'c1', state: 'ended' });
    expect(views.at(-1)!.ticket).toBeNull();
    say({ contactId: 'c1', state: 'ringing', from: '+14155550123' });
    expect(views.at(-1)!.ticket).toBeNull();
  });

  it('the newest ringing call takes the panel; wrap-up does not take it back; the live one returns when it ends', () => {
    say({ contactId: 'c1', state: 'connected' });
    say({ contactId: 'c2', from: '+14155550123' });
    expect(shown()?.id).toBe('c2');
    const seq = views.at(-1)!.seq;
    say({ contactId: 'c1', state: 'wrap-up' });
    expect(shown()?.id).toBe('c2');
    say({ contactId: 'c2', state: 'ended' });
    expect(shown()).toEqual({ id: 'c1', state: 'wrap-up', requester: { phone: '+14155550100' } });
    expect(views.at(-1)!.seq).toBeGreaterThan(seq);
  });
});
