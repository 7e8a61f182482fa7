/**
 * adapter_stale_frames: issue 15's adversarial page harness (test/support/adversary.ts), the same
 * code the e2e test runs, in its own server, fixture server and Chromium: every adapter with a
 * fixture through every condition, every animation frame sampled in the page and in the panel's
 * frame. The figure is the sum of frames that showed another ticket's customer: its floor is 0
 * and anything else is a bug. Runs that did not end on the right customer are reported too.
 */
import { runHarness, startHarnessStack, totalStaleFrames } from '../test/support/adversary';
import { ensureExtensionBuilt } from './extension-build';
import { figure, type Figure } from './types';

export const staleFrameNames = ['adapter_stale_frames', 'adapter_stale_runs_failed'];

export async function staleFramesBench(): Promise<Figure[]> {
  await ensureExtensionBuilt();
  const stack = await startHarnessStack();
  try {
    const results = await runHarness(stack);
    const failed = results.filter((r) => r.outcome === 'fail');
    for (const r of failed)
      console.error(`  ${r.adapter} ${r.condition}: ${r.staleFrames} stale frames, ended on ${r.end}${r.note ? ` (${r.note})` : ''}`);
    return [
      figure('adapter_stale_frames', totalStaleFrames(results), 'frames', 0),
      figure('adapter_stale_runs_failed', failed.length, 'runs', 0),
    ];
  } finally {
    await stack.close();
  }
}
