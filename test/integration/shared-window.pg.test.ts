/**
 * Push windows shared by a deployment's processes through Redis (server/src/services/shared-window.ts):
 * at most one push per subject per window whichever process saw the change, the last change always
 * pushed, pushes never overlapping, a dead holder's changes pushed by another, and a Redis failure
 * costing a push too many, never one missing. Each "process" here is its own set of windows on its
 * own Redis connection, as a server process has.
 */
import { Redis } from 'ioredis';
import { afterAll, afterEach, expect, it } from 'vitest';
import { createSharedWindows, type SharedWindows } from '../../server/src/services/shared-window';
import { deleteRedisKeys, uniqueRedisPrefix } from '../support/cluster';
import { REDIS_TEST_URL } from '../support/test-database';

const WINDOW_MS = 100;
const prefix = uniqueRedisPrefix('shared-window');
const opened: { redis: Redis; windows: SharedWindows<[string]> }[] = [];
afterEach(async () => {
  for (const p of opened.splice(0)) {
    await p.windows.close();
    p.redis.disconnect();
  }
});
afterAll(() => deleteRedisKeys(prefix));

let subjects = 0;
const freshSubject = () => `customer-${++subjects}`;

/** One process's windows, counting its pushes per subject (and failing on two at once). */
function process_(opts: { pushMs?: number; redis?: Redis } = {}) {
  const redis = opts.redis ?? new Redis(REDIS_TEST_URL);
  const pushes: string[] = [];
  const errors: unknown[] = [];
  let running = 0;
  let overlapped = false;
  const windows = createSharedWindows<[string]>(redis, {
    prefix,
    windowMs: WINDOW_MS,
    push: async (subject) => {
      if (++running > 1) overlapped = true;
      pushes.push(subject);
      await new Promise((r) => setTimeout(r, opts.pushMs ?? 0));
      running--;
    },
    onError: (err) => errors.push(err),
  });
  opened.push({ redis, windows });
  return { windows, pushes, errors, overlapped: () => overlapped, redis };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

it('pushes once per window across processes: the first change at once, the others folded into one push at its end', async () => {
  const a = process_();
  const b = process_();
  const c = freshSubject();
  await a.windows.changed(c);
  expect(a.pushes).toEqual([c]);
  // Within a's window: b pushes nothing itself, it marks the change for a's window.
  await b.windows.changed(c);
  await b.windows.changed(c);
  expect(b.pushes).toEqual([]);
  // a's window ends: one push for both of b's changes, in a new window.
  await expect.poll(() => a.pushes.length).toBe(2);
  await sleep(WINDOW_MS * 3);
  expect([...a.pushes, ...b.pushes]).toEqual([c, c]); // and no more after it
  // Quiet since: the next change, wherever it is seen, is pushed at once.
  await b.windows.changed(c);
  expect(b.pushes).toEqual([c]);
});

it('a change its caller sent itself opens the window, pushing nothing; changes elsewhere in it are pushed at its end', async () => {
  const a = process_();
  const b = process_();
  const c = freshSubject();
  expect(await a.windows.lead(c)).toBe(true);
  expect(await b.windows.lead(c)).toBe(false); // marked: a pushes at its window's end
  expect(a.pushes).toEqual([]);
  await expect.poll(() => a.pushes).toEqual([c]);
  expect(b.pushes).toEqual([]);
});

it('nothing changed during a window: nothing is pushed at its end', async () => {
  const a = process_();
  const c = freshSubject();
  await a.windows.changed(c);
  await sleep(WINDOW_MS * 3);
  expect(a.pushes).toEqual([c]);
});

it('a slow push is never overtaken: the window ends once it has settled', async () => {
  const a = process_({ pushMs: WINDOW_MS * 3 });
  const b = process_();
  const c = freshSubject();
  const first = a.windows.changed(c);
  await sleep(10);
  await b.windows.changed(c);
  await first;
  await expect.poll(() => a.pushes.length).toBe(2);
  expect(a.overlapped()).toBe(false);
  expect(b.pushes).toEqual([]);
});

it("a dead holder's marked change is pushed by the process that marked it, once the window expires", async () => {
  const a = process_();
  const b = process_();
  const c = freshSubject();
  await a.windows.changed(c);
  // a dies holding the window: its end never runs.
  await a.windows.close();
  await b.windows.changed(c);
  expect(b.pushes).toEqual([]);
  await expect.poll(() => b.pushes, { timeout: 5_000 }).toEqual([c]);
});

it('Redis failing: the change is pushed anyway and the failure reported', async () => {
  const broken = new Redis('redis://127.0.0.1:1', { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  broken.on('error', () => undefined); // reported through onError
  const a = process_({ redis: broken });
  const c = freshSubject();
  await a.windows.changed(c);
  expect(a.pushes).toEqual([c]);
  expect(a.errors.length).toBeGreaterThan(0);
});

it("Redis failing when a dead holder's window is checked: the marked change is pushed anyway", async () => {
  const a = process_();
  const b = process_();
  const c = freshSubject();
  await a.windows.changed(c);
  await a.windows.close(); // a dies holding the window
  await b.windows.changed(c); // marked for a's window
  b.redis.disconnect(); // and Redis is gone by the time b checks on it
  await expect.poll(() => b.pushes, { timeout: 5_000 }).toEqual([c]);
  expect(b.errors.length).toBeGreaterThan(0);
});
