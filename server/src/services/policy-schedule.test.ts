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

  it('applies reads in the order they were asked: an older, slower answer never replaces a newer one', async () => {
    vi.useFakeTimers({ now: 0 });
    // The start's read answers late with what was ahead then; the read after a publish, at once, with the sooner version.
    const answers = [
      { delay: 100, ahead: [{ tenantId: 't1', at: 10_000 }] },
      { delay: 0, ahead: [{ tenantId: 't1', at: 2_000 }] },
    ];
    let call = 0;
    const app = {
      repos: {
        policies: {
          upcoming: async (after: number) => {
            const a = answers[Math.min(call++, answers.length - 1)]!;
            await new Promise((r) => setTimeout(r, a.delay));
            return a.ahead.filter((v) => v.at > after);
          },
        },
      },
      log: { error: vi.fn() },
    } as unknown as FastifyInstance;
    const inForce = vi.fn();
    const schedule = createPolicySchedule(app, inForce);
    schedule.reread();
    schedule.reread('t1');
    await vi.advanceTimersByTimeAsync(2_200);
    expect(inForce).toHaveBeenCalledTimes(1);
    await schedule.close();
  });

  it('tries a failed read again, so a database failing over at the wrong moment loses no version', async () => {
    vi.useFakeTimers({ now: 0 });
    let fail = true;
    const error = vi.fn();
    const app = {
      repos: {
        policies: {
          upcoming: async (after: number) => {
            if (fail) throw new Error('connection refused');
            return after < 60_000 ? [{ tenantId: 't1', at: 60_000 }] : [];
          },
        },
      },
      log: { error },
    } as unknown as FastifyInstance;
    const inForce = vi.fn();
    const schedule = createPolicySchedule(app, inForce);
    schedule.reread();
    await vi.advanceTimersByTimeAsync(10);
    expect(error).toHaveBeenCalledTimes(1);
    fail = false;
    await vi.advanceTimersByTimeAsync(60_000);
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
