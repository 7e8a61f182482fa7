import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { holdUncover, UNCOVER_HOLD_MS } from './uncover-hold';

describe('holdUncover', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('says covered at once, and uncovered only after the panel has been in view for the hold', () => {
    const said: boolean[] = [];
    const report = holdUncover((c) => said.push(c));
    report(true);
    expect(said).toEqual([true]);
    report(false);
    vi.advanceTimersByTime(UNCOVER_HOLD_MS - 1);
    expect(said).toEqual([true]); // the lured click lands here: still covered
    vi.advanceTimersByTime(1);
    expect(said).toEqual([true, false]);
  });

  it('restarts the wait on any covered report in between: a flicker never uncovers early', () => {
    const said: boolean[] = [];
    const report = holdUncover((c) => said.push(c));
    report(true);
    report(false);
    vi.advanceTimersByTime(UNCOVER_HOLD_MS - 100);
    report(true);
    report(false);
    vi.advanceTimersByTime(UNCOVER_HOLD_MS - 100);
    expect(said).toEqual([true, true]);
    vi.advanceTimersByTime(100);
    expect(said).toEqual([true, true, false]);
  });
});
