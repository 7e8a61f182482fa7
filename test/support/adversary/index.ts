/**
 * The adversarial page harness (issue 15): every adapter with a fixture, built-in and the
 * declarative one, through every way a helpdesk page makes its URL, its DOM and its API disagree,
 * sampled every animation frame in the page and in the panel's frame (panel-frames.ts). A run
 * fails when any frame shows a customer who is not the current ticket's, or when it ends on
 * anything but the ticket's customer (or, where the page makes the requester unprovable, on
 * "Reading…"/"could not read" — never the wrong one).
 *
 * Used by test/e2e/adversarial-adapters.test.ts and by the `adapter_stale_frames` benchmark, so
 * both count the same thing. One Leeway server, one fixture server, one Chromium; conditions of
 * one helpdesk run one after another (the API switch is per host), helpdesks in parallel pages.
 */
import type { HelpdeskFixture } from '../../fixtures/_shared/site';
import { ALL_FIXTURES, CONDITIONS, type Condition, type RunResult } from './conditions';
import { runCondition } from './run-condition';
import type { HarnessStack } from './stack';

export * from './conditions';
export { runCondition } from './run-condition';
export * from './stack';

/** HARNESS_ONLY / HARNESS_CONDITIONS (comma lists of ids) narrow a run while debugging. */
const only = (name: string) => process.env[name]?.split(',').filter(Boolean);
export const selectedFixtures = () =>
  only('HARNESS_ONLY') ? ALL_FIXTURES.filter((f) => only('HARNESS_ONLY')!.includes(f.id)) : ALL_FIXTURES;
export const selectedConditions = () =>
  only('HARNESS_CONDITIONS') ? CONDITIONS.filter((c) => only('HARNESS_CONDITIONS')!.includes(c.id)) : CONDITIONS;
/** Pages at a time (HARNESS_PARALLEL): 5 keeps the whole harness within a few minutes on 2 cores. */
export const harnessParallel = () => Number(process.env.HARNESS_PARALLEL ?? 5);

/**
 * Every fixture through every condition. A fixture's conditions run one after another (its API
 * switch is per host); `parallel` fixtures at a time, each in its own page.
 */
export async function runHarness(
  stack: HarnessStack,
  o: { fixtures?: HelpdeskFixture[]; conditions?: Condition[]; parallel?: number; onResult?: (r: RunResult) => void } = {},
): Promise<RunResult[]> {
  const queue = [...(o.fixtures ?? selectedFixtures())];
  const conditions = o.conditions ?? selectedConditions();
  const results: RunResult[] = [];
  const worker = async () => {
    for (let f = queue.shift(); f; f = queue.shift()) {
      for (const c of conditions) {
        const r = await runCondition(stack, f, c);
        results.push(r);
        o.onResult?.(r);
      }
    }
  };
  await Promise.all(Array.from({ length: o.parallel ?? harnessParallel() }, worker));
  return results;
}

export const totalStaleFrames = (results: RunResult[]) => results.reduce((n, r) => n + r.staleFrames, 0);
