import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { paced } from './paced';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

/** A call that resolves when told, counting starts. */
function calls() {
  const pending: (() => void)[] = [];
  const starts: number[] = [];
  const call = () => {
    starts.push(Date.now());
    return new Promise<void>((r) => pending.push(r));
  };
  const finish = async () => {
    pending.shift()?.();
    await vi.advanceTimersByTimeAsync(0);
  };
  return { call, starts, finish };
}

describe('a paced call', () => {
  it('calls at once after a quiet spell', () => {
    const c = calls();
    const p = paced(c.call, 500);
    p.request();
    expect(c.starts).toHaveLength(1);
  });

  it('turns a burst of fifty changes into two calls: the first at once, one more after the gap', async () => {
    const c = calls();
    const t0 = Date.now();
    const p = paced(c.call, 500);
    for (let i = 0; i < 50; i++) {
      p.request();
      await vi.advanceTimersByTimeAsync(5);
    }
    await c.finish();
    await vi.advanceTimersByTimeAsync(1_000);
    await c.finish();
    expect(c.starts.map((s) => s - t0)).toEqual([0, 500]);
  });

  it('never has two calls out: a change during a slow call is asked for once it ends', async () => {
    const c = calls();
    const t0 = Date.now();
    const p = paced(c.call, 100);
    p.request();
    await vi.advanceTimersByTimeAsync(150);
    p.request();
    p.request();
    await vi.advanceTimersByTimeAsync(500);
    expect(c.starts).toHaveLength(1);
    await c.finish();
    expect(c.starts.map((s) => s - t0)).toEqual([0, 650]);
  });

  it('a failed call does not stop the next', async () => {
    let n = 0;
    const p = paced(() => (n++ ? Promise.resolve() : Promise.reject(new Error('lost'))), 10);
    p.request();
    await vi.advanceTimersByTimeAsync(20);
    p.request();
    expect(n).toBe(2);
  });

  it('calls nothing more once stopped', async () => {
    const c = calls();
    const p = paced(c.call, 500);
    p.request();
    p.request();
    p.stop();
    await c.finish();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(c.starts).toHaveLength(1);
  });
});
