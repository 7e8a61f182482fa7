/** One timer for every connection's session end: each is disconnected at its own end, in order, and a gone one never. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSessionEnds } from './session-ends';

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(1_000_000);
});
afterEach(() => vi.useRealTimers());

const setUp = () => {
  const gone: string[] = [];
  return { gone, ends: createSessionEnds<string>((s) => gone.push(s)) };
};

describe('session ends', () => {
  it('disconnects each connection at its own end, whatever order they came in', async () => {
    const { gone, ends } = setUp();
    ends.add('late', 1_000_000 + 3_000);
    ends.add('early', 1_000_000 + 1_000);
    ends.add('middle', 1_000_000 + 2_000);
    await vi.advanceTimersByTimeAsync(999);
    expect(gone).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(gone).toEqual(['early']);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(gone).toEqual(['early', 'middle']);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(gone).toEqual(['early', 'middle', 'late']);
    expect(ends.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('never disconnects a connection that went first, and still ends the others on time', async () => {
    const { gone, ends } = setUp();
    ends.add('gone', 1_000_000 + 1_000);
    ends.add('stays', 1_000_000 + 2_000);
    ends.forget('gone');
    await vi.advanceTimersByTimeAsync(2_000);
    expect(gone).toEqual(['stays']);
  });

  it('disconnects at once a connection whose session has already ended', async () => {
    const { gone, ends } = setUp();
    ends.add('over', 1_000_000 - 1);
    await vi.advanceTimersByTimeAsync(0);
    expect(gone).toEqual(['over']);
  });

  it('holds one timer for thousands of connections', () => {
    const { ends } = setUp();
    for (let i = 0; i < 2_000; i++) ends.add(`s${i}`, 1_000_000 + 60_000 + i * 7);
    expect(ends.size).toBe(2_000);
    expect(vi.getTimerCount()).toBe(1);
  });

  it('waits past the longest delay setTimeout takes (about 24 days) without firing early', async () => {
    const { gone, ends } = setUp();
    const far = 1_000_000 + 2 ** 31 + 5_000;
    ends.add('far', far);
    await vi.advanceTimersByTimeAsync(2 ** 31 - 1);
    expect(gone).toEqual([]);
    await vi.advanceTimersByTimeAsync(far - Date.now());
    expect(gone).toEqual(['far']);
  });
});
