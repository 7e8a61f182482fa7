import { describe, expect, it } from 'vitest';
import { ACCOUNT_DELAY, delayAfterMs, IN_FLIGHT_MS, judge, retryAfterMs, throttledMessage, type History } from './sign-in-throttle';

const MIN = 60_000;

describe('retryAfterMs', () => {
  it('allows an attempt while the failures in the window are under the limit', () => {
    expect(retryAfterMs([], 5, 15 * MIN, 0)).toBe(0);
    expect(retryAfterMs([1, 2, 3, 4], 5, 15 * MIN, 10)).toBe(0);
  });
  it('waits until enough of the oldest failures leave the window to get under the limit', () => {
    // 5 failures at minutes 0..4, limit 5: one must leave, the oldest, at minute 15.
    expect(
      retryAfterMs(
        [0, 1, 2, 3, 4].map((m) => m * MIN),
        5,
        15 * MIN,
        5 * MIN,
      ),
    ).toBe(10 * MIN);
    // 7 failures, limit 5: three must leave; the third oldest (minute 2) leaves at minute 17.
    expect(
      retryAfterMs(
        [0, 1, 2, 3, 4, 5, 6].map((m) => m * MIN),
        5,
        15 * MIN,
        7 * MIN,
      ),
    ).toBe(10 * MIN);
  });
});

describe('delayAfterMs', () => {
  it('lets an attempt go under the limit, then waits a delay after the latest failure that doubles with each one, up to a cap', () => {
    expect(delayAfterMs([1, 2, 3], 4, 10)).toBe(0);
    expect(delayAfterMs([0, 0, 0, 0], 4, 0)).toBe(ACCOUNT_DELAY.firstMs);
    expect(delayAfterMs([0, 0, 0, 0, 0], 4, 0)).toBe(2 * ACCOUNT_DELAY.firstMs);
    expect(delayAfterMs([0, 0, 0, 0, 0, 0], 4, 0)).toBe(4 * ACCOUNT_DELAY.firstMs);
    expect(
      delayAfterMs(
        Array.from({ length: 40 }, () => 0),
        4,
        0,
      ),
    ).toBe(ACCOUNT_DELAY.maxMs);
    // Counted from the latest failure, so it runs out: slowed, never locked.
    expect(delayAfterMs([0, 0, 0, 0, 5 * MIN], 4, 5 * MIN + 2 * ACCOUNT_DELAY.firstMs)).toBe(0);
  });
});

describe('throttledMessage', () => {
  it('says what was throttled and when to try again, rounded up, in minutes or seconds', () => {
    expect(throttledMessage({ scope: 'account-address', retryAfterMs: 14 * MIN + 1 })).toBe(
      'Too many failed sign-ins for this account from your network address: try again in 15 minutes',
    );
    expect(throttledMessage({ scope: 'address', retryAfterMs: 60_000 })).toBe(
      'Too many failed sign-ins from your network address: try again in 1 minute',
    );
    expect(throttledMessage({ scope: 'account', retryAfterMs: 1500 })).toBe(
      'Too many failed sign-ins for this account from elsewhere: try again in 2 seconds, or from a network you have signed in from before',
    );
  });
});

describe('judge', () => {
  const NOW = 100 * MIN;
  const none = { failures: [], trying: [] };
  const times = (n: number, at: number) => Array.from({ length: n }, () => at);
  const history = (h: Partial<History>): History => ({ 'account-address': none, address: none, account: none, ...h });

  it('lets an attempt go while failures and attempts in flight together stay under every limit', () => {
    expect(judge(history({ 'account-address': { failures: times(2, NOW - MIN), trying: times(2, NOW) } }), false, NOW)).toEqual({
      kind: 'go',
    });
  });
  it('refuses once the failures alone reach a limit, with the longest wait', () => {
    expect(
      judge(
        history({
          'account-address': { failures: times(5, NOW - MIN), trying: [] },
          address: { failures: times(20, NOW - 2 * MIN), trying: [] },
        }),
        false,
        NOW,
      ),
    ).toEqual({ kind: 'throttled', scope: 'account-address', retryAfterMs: 14 * MIN });
  });
  it('slows an account guessed at from many addresses by a growing delay, not a lock', () => {
    expect(judge(history({ account: { failures: times(10, NOW), trying: [] } }), false, NOW)).toEqual({
      kind: 'throttled',
      scope: 'account',
      retryAfterMs: ACCOUNT_DELAY.firstMs,
    });
    expect(judge(history({ account: { failures: times(12, NOW), trying: [] } }), false, NOW)).toEqual({
      kind: 'throttled',
      scope: 'account',
      retryAfterMs: 4 * ACCOUNT_DELAY.firstMs,
    });
    expect(judge(history({ account: { failures: times(12, NOW - 4 * ACCOUNT_DELAY.firstMs), trying: [] } }), false, NOW)).toEqual({
      kind: 'go',
    });
  });
  it('lets an address in good standing for the account through the account and address limits, never its own', () => {
    const underAttack = history({ account: { failures: times(50, NOW), trying: [] }, address: { failures: times(20, NOW), trying: [] } });
    expect(judge(underAttack, false, NOW)).toMatchObject({ kind: 'throttled' });
    expect(judge(underAttack, true, NOW)).toEqual({ kind: 'go' });
    expect(judge({ ...underAttack, 'account-address': { failures: times(5, NOW), trying: [] } }, true, NOW)).toMatchObject({
      kind: 'throttled',
      scope: 'account-address',
    });
  });
  it('waits when only attempts in flight reach the limit: those that succeed will not count', () => {
    expect(judge(history({ 'account-address': { failures: times(3, NOW - MIN), trying: times(2, NOW) } }), false, NOW)).toEqual({
      kind: 'busy',
      scope: 'account-address',
    });
    expect(judge(history({ address: { failures: [], trying: times(20, NOW) } }), false, NOW)).toEqual({ kind: 'busy', scope: 'address' });
  });
  it('counts an attempt in flight for too long as a failure: a process that died mid-check hands out no free try', () => {
    expect(
      judge(history({ 'account-address': { failures: times(4, NOW - MIN), trying: [NOW - IN_FLIGHT_MS] } }), false, NOW),
    ).toMatchObject({ kind: 'throttled', scope: 'account-address' });
  });
  it('forgets failures older than the window', () => {
    expect(judge(history({ 'account-address': { failures: times(5, NOW - 15 * MIN), trying: [] } }), false, NOW)).toEqual({ kind: 'go' });
  });
});
