import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createPolicySchedule } from './policy-schedule';

const DAY = 86_400_000;

/** An app whose only version ahead is the tenant's at `at`; counts the reads. */
function appWithVersionAt(at: number) {
  const reads = { n: 0 };
  const app = {
    repos: { policies: { upcoming: async (after: number) => (reads.n++, at > after ? [{ tenantId: 't1', at }] : []) } },
    log: { error: vi.fn() },
  } as unknown as FastifyInstance;
  return { app, reads };
}

afterEach(() => vi.useRealTimers());

describe('the policy schedule', () => {
  it('waits out a version 60 days ahead in steps setTimeout can take, and pushes once when it is in force', async () => {
    vi.useFakeTimers({ now: 0 });
    const { app, reads } = appWithVersionAt(60 * DAY);
    const inForce = vi.fn();
    const schedule = createPolicySchedule(app, inForce);
    schedule.reread();
    await vi.advanceTimersByTimeAsync(DAY);
    // setTimeout refuses waits past ~24.8 days (it fires at once): without steps this would spin.
    expect(reads.n).toBe(1);
    await vi.advanceTimersByTimeAsync(59 * DAY - 10);
    expect(inForce).not.toHaveBeenCalled();
    expect(reads.n).toBe(3); // two steps of 24.8 days, each reading again
    await vi.advanceTimersByTimeAsync(100);
    expect(inForce).toHaveBeenCalledTimes(1);
    expect(inForce).toHaveBeenCalledWith('t1');
    await schedule.close();
  });

  it('sets no timer once closed, and drops the ones set', async () => {
    vi.useFakeTimers({ now: 0 });
    const { app } = appWithVersionAt(1_000);
    const inForce = vi.fn();
    const schedule = createPolicySchedule(app, inForce);
    schedule.reread();
    await vi.advanceTimersByTimeAsync(10);
    await schedule.close();
    schedule.reread();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(inForce).not.toHaveBeenCalled();
  });
});
