/**
 * Issue 15's adversarial page harness, in real Chromium: every adapter with a fixture (the 13
 * built-in ones with a host, and a declarative one) through every condition in
 * test/support/adversary.ts — API refused (403, 429 with Retry-After, a hang), the DOM lagging
 * the URL by 0–1,000 ms, the previous pane kept mounted and active before and after the new one,
 * the current card redrawn with the same and with a different value, fragments on the ticket's
 * URL, back/forward, double and triple switches 10–450 ms apart. Sampled every animation frame in
 * the page and in the panel's frame: 0 frames may show another ticket's customer, and each run
 * must end on the ticket's customer (or on Reading…/could not read where the page makes the
 * requester unprovable). The totals go to test-results/adapter-stale-frames.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adapters } from '../../extension/adapters';
import {
  ALL_FIXTURES,
  runHarness,
  selectedConditions,
  selectedFixtures,
  startHarnessStack,
  totalStaleFrames,
  type HarnessStack,
  type RunResult,
} from '../support/adversary';
import { HELPDESK_FIXTURES } from '../support/helpdesks-stack';

const OUT = 'test-results';
let stack: HarnessStack;
let results: RunResult[] = [];

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  stack = await startHarnessStack();
}, 120_000);
afterAll(() => stack?.close());

const row = (r: RunResult) =>
  `${r.adapter.padEnd(11)} ${r.condition.padEnd(22)} ${r.outcome.padEnd(7)} stale=${String(r.staleFrames).padStart(3)} frames=${String(r.pageFrames).padStart(4)} end=${r.end}${r.note ? `  (${r.note})` : ''}`;

describe('the adversarial page harness: every adapter, every condition, every animation frame', () => {
  it('covers every built-in adapter that has a host, and the declarative one', () => {
    const withHost = adapters.filter((a) => a.matches.length > 0).map((a) => a.id);
    expect(HELPDESK_FIXTURES.map((f) => f.id).sort()).toEqual(withHost.sort());
    expect(ALL_FIXTURES).toHaveLength(HELPDESK_FIXTURES.length + 1);
  });

  it("shows no frame of another ticket's customer and ends on the right one", async () => {
    const started = Date.now();
    const fixtures = selectedFixtures();
    const conditions = selectedConditions();
    results = await runHarness(stack, { fixtures, conditions, onResult: (r) => console.log(row(r)) });
    const total = totalStaleFrames(results);
    const byAdapter = Object.fromEntries(
      ALL_FIXTURES.map((f) => [
        f.id,
        Object.fromEntries(
          results.filter((r) => r.adapter === f.id).map((r) => [r.condition, r.outcome === 'skipped' ? 'skipped' : r.staleFrames]),
        ),
      ]),
    );
    writeFileSync(
      `${OUT}/adapter-stale-frames.json`,
      `${JSON.stringify(
        {
          total,
          runs: results.length,
          failed: results.filter((r) => r.outcome === 'fail').length,
          skipped: results.filter((r) => r.outcome === 'skipped').length,
          seconds: Math.round((Date.now() - started) / 1000),
          byAdapter,
          results,
        },
        null,
        2,
      )}\n`,
    );
    expect(results).toHaveLength(fixtures.length * conditions.length);
    const failed = results.filter((r) => r.outcome === 'fail').map(row);
    expect(
      total,
      `stale frames:\n${results
        .filter((r) => r.staleFrames)
        .map(row)
        .join('\n')}`,
    ).toBe(0);
    expect(failed, 'runs that did not end on the right customer').toEqual([]);
  }, 600_000);
});
