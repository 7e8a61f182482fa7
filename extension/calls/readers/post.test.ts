// @vitest-environment happy-dom
/**
 * The reader's side of the channel: each reading posted to this page's origin, and every live
 * contact said again when the isolated script says hello (it starts after a call may already ring).
 */
import { describe, expect, it } from 'vitest';
import { postCall } from './post';

describe('postCall', () => {
  it('says live contacts again on hello, and not ended ones', () => {
    const sent: unknown[] = [];
    window.postMessage = ((data: unknown) => void sent.push(data)) as typeof window.postMessage;
    const emit = postCall('amazon-connect');
    emit({ contactId: 'c1', state: 'ringing', channel: 'voice', from: '+14155550100' });
    emit({ contactId: 'c2', state: 'connected', channel: 'voice', from: '+14155550123' });
    emit({ contactId: 'c2', state: 'ended', channel: 'voice', from: '+14155550123' });
    sent.length = 0;
    window.dispatchEvent(new MessageEvent('message', { data: { type: 'leeway:call-hello' }, source: window }));
    expect(sent).toEqual([
      { type: 'leeway:call-reading', desktop: 'amazon-connect', contactId: 'c1', state: 'ringing', channel: 'voice', from: '+14155550100' },
    ]);
  });
});
