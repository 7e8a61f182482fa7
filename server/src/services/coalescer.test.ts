import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCoalescer } from './coalescer';

const createSignalsCoalescer = (push: (tenantId: string, customerId: string) => Promise<void>, windowMs: number) =>
  createCoalescer<[string, string]>(push, windowMs);

afterEach(() => vi.useRealTimers());

describe('pushes, coalesced per subject (here signals, per customer)', () => {
  it('pushes the first change at once and folds a burst into one more push at the window’s end', async () => {
    vi.useFakeTimers();
    const pushes: string[] = [];
    const c = createSignalsCoalescer(async (t, id) => void pushes.push(`${t}/${id}`), 100);
    c.changed('t', 'dana');
    expect(pushes).toEqual(['t/dana']);
    for (let i = 0; i < 50; i++) c.changed('t', 'dana');
    c.changed('t', 'marco');
    expect(pushes).toEqual(['t/dana', 't/marco']);
    await vi.advanceTimersByTimeAsync(100);
    expect(pushes).toEqual(['t/dana', 't/marco', 't/dana']);
    // The trailing push opened a window of its own; nothing changed in it, so nothing more.
    await vi.advanceTimersByTimeAsync(500);
    expect(pushes).toEqual(['t/dana', 't/marco', 't/dana']);
    c.close();
  });

  it('pushes again at once once a quiet window has passed', async () => {
    vi.useFakeTimers();
    const pushes: string[] = [];
    const c = createSignalsCoalescer(async (_t, id) => void pushes.push(id), 100);
    c.changed('t', 'dana');
    await vi.advanceTimersByTimeAsync(150);
    c.changed('t', 'dana');
    expect(pushes).toEqual(['dana', 'dana']);
    c.close();
  });

  it('pushes nothing after close', async () => {
    vi.useFakeTimers();
    const pushes: string[] = [];
    const c = createSignalsCoalescer(async (_t, id) => void pushes.push(id), 100);
    c.changed('t', 'dana');
    c.changed('t', 'dana');
    c.close();
    await vi.advanceTimersByTimeAsync(200);
    c.changed('t', 'dana');
    expect(pushes).toEqual(['dana']);
  });

  it('never runs two pushes of one subject at once: the trailing push waits for a slow one to settle', async () => {
    vi.useFakeTimers();
    let running = 0;
    let most = 0;
    const c = createSignalsCoalescer(async () => {
      most = Math.max(most, ++running);
      await new Promise((r) => setTimeout(r, 1_000));
      running--;
    }, 100);
    c.changed('t', 'dana');
    await vi.advanceTimersByTimeAsync(200);
    c.changed('t', 'dana'); // inside the window, which lasts until the slow push settles
    await vi.advanceTimersByTimeAsync(500);
    expect(running).toBe(1);
    await vi.advanceTimersByTimeAsync(600); // the first settled: the trailing push starts alone
    expect(running).toBe(1);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(running).toBe(0);
    expect(most).toBe(1);
    c.close();
  });

  it('closing resolves once the pushes already running have settled, and starts no trailing one', async () => {
    vi.useFakeTimers();
    const settled: string[] = [];
    const c = createSignalsCoalescer(async (_t, id) => {
      await new Promise((r) => setTimeout(r, 1_000));
      settled.push(id);
    }, 100);
    c.changed('t', 'dana');
    c.changed('t', 'dana'); // would be a trailing push, had the coalescer stayed open
    let closed = false;
    void c.close().then(() => (closed = true));
    await vi.advanceTimersByTimeAsync(900);
    expect(closed).toBe(false);
    await vi.advanceTimersByTimeAsync(200);
    expect(closed).toBe(true);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(settled).toEqual(['dana']);
  });
  it('lets a caller lead a window with what it sends itself, folding the changes in it into one trailing push', async () => {
    vi.useFakeTimers();
    const pushes: string[] = [];
    const c = createSignalsCoalescer(async (_t, id) => void pushes.push(id), 100);
    expect(c.lead('t', 'dana')).toBe(true);
    expect(pushes).toEqual([]); // the leader sent it: nothing computed here
    expect(c.lead('t', 'dana')).toBe(false);
    c.changed('t', 'dana');
    expect(pushes).toEqual([]);
    await vi.advanceTimersByTimeAsync(100);
    expect(pushes).toEqual(['dana']);
    // A window is open again (the trailing push's): a change now is folded, not led.
    expect(c.lead('t', 'dana')).toBe(false);
    await vi.advanceTimersByTimeAsync(100);
    expect(pushes).toEqual(['dana', 'dana']);
    await vi.advanceTimersByTimeAsync(100);
    expect(c.lead('t', 'dana')).toBe(true);
    await c.close();
    expect(c.lead('t', 'marco')).toBe(false);
  });
});
