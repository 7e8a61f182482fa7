import { describe, expect, it } from 'vitest';
import { IN_FLIGHT_MS, judge, retryAfterMs, throttledMessage, type History } from './sign-in-throttle';

const MIN = 60_000;

describe('retryAfterMs', () => {
  it('allows an attempt while the failures in the window are under the limit', () => {
    expect(retryAfterMs([], 5, 15 * MIN, 0)).toBe(0);
    expect(retryAfterMs([1, 2, 3, 4], 5, 15 * MIN, 10)).toBe(0);
  });
  it('waits until enough of the oldest failures leave the window to get under the limit', () => {
    // 5 failures at minutes 0..4, limit 5: one must leave, the oldest, at minute 15.
    expect(retryAfterMs([0, 1, 2, 3, 4].map((m) => m * MIN), 5, 15 * MIN, 5 * MIN)).toBe(10 * MIN);
    // 7 failures, limit 5: three must leave; the third oldest (minute 2) leaves at minute 17.
    expect(retryAfterMs([0, 1, 2, 3, 4, 5, 6].map((m) => m * MIN), 5, 15 * MIN, 7 * MIN)).toBe(10 * MIN);
  });
});

describe('throttledMessage', () => {
  it('says when to try again, rounded up, in minutes or seconds', () => {
    expect(throttledMessage({ scope: 'account', retryAfterMs: 14 * MIN + 1 })).toBe('Too many failed sign-ins for this account: try again in 15 minutes');
    expect(throttledMessage({ scope: 'address', retryAfterMs: 60_000 })).toBe('Too many failed sign-ins from your network address: try again in 1 minute');
    expect(throttledMessage({ scope: 'account', retryAfterMs: 1500 })).toBe('Too many failed sign-ins for this account: try again in 2 seconds');
  });
});

describe('judge', () => {
  const NOW = 100 * MIN;
  const none = { failures: [], trying: [] };
  const times = (n: number, at: number) => Array.from({ length: n }, () => at);
  const history = (h: Partial<History>): History => ({ account: none, address: none, ...h });

  it('lets an attempt go while failures and attempts in flight together stay under every limit', () => {
    expect(judge(history({ account: { failures: times(2, NOW - MIN), trying: times(2, NOW) } }), NOW)).toEqual({ kind: 'go' });
  });
  it('refuses once the failures alone reach a limit, with the longest wait', () => {
    expect(judge(history({ account: { failures: times(5, NOW - MIN), trying: [] }, address: { failures: times(20, NOW - 2 * MIN), trying: [] } }), NOW)).toEqual({
      kind: 'throttled',
      scope: 'account',
      retryAfterMs: 14 * MIN,
    });
  });
  it('waits when only attempts in flight reach the limit: those that succeed will not count', () => {
    expect(judge(history({ account: { failures: times(3, NOW - MIN), trying: times(2, NOW) } }), NOW)).toEqual({ kind: 'busy', scope: 'account' });
    expect(judge(history({ address: { failures: [], trying: times(20, NOW) } }), NOW)).toEqual({ kind: 'busy', scope: 'address' });
  });
  it('counts an attempt in flight for too long as a failure: a process that died mid-check hands out no free try', () => {
    expect(judge(history({ account: { failures: times(4, NOW - MIN), trying: [NOW - IN_FLIGHT_MS] } }), NOW)).toMatchObject({ kind: 'throttled', scope: 'account' });
  });
  it('forgets failures older than the window', () => {
    expect(judge(history({ account: { failures: times(5, NOW - 15 * MIN), trying: [] } }), NOW)).toEqual({ kind: 'go' });
  });
});
