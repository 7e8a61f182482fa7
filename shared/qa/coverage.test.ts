import { describe, expect, it } from 'vitest';
import { detectorCoverage } from './coverage';
import { detectAll } from './detectors';
import { generateHistory } from './generate';

const checked = (h: Parameters<typeof detectorCoverage>[0]) =>
  Object.fromEntries(detectorCoverage(h).map((c) => [c.detector, c.agentsChecked]));

describe('detector coverage: "not enough data" is not "clean"', () => {
  it('an empty period: no finding, and every detector had too little to judge anyone', () => {
    const empty = { resolutions: [], grants: [], exceptions: [] };
    expect(detectAll(empty)).toEqual([]);
    expect(checked(empty)).toEqual({
      boundary_hugging: 0,
      splitting: 0,
      close_reopen: 0,
      lenient_approver: 0,
      missing_surveys: 0,
      unusual_reveals: 0,
    });
  });

  it('says what each detector needs, in words', () => {
    const needs = Object.fromEntries(detectorCoverage({ resolutions: [], grants: [], exceptions: [] }).map((c) => [c.detector, c.needs]));
    expect(needs).toEqual({
      boundary_hugging: 'at least 10 grants under a limit by one agent',
      splitting: 'at least 2 grants under a limit by one agent',
      close_reopen: 'at least 20 resolutions by one agent',
      lenient_approver: 'at least 8 decided exception requests by one agent',
      missing_surveys: 'at least 30 resolutions by one agent',
      unusual_reveals: 'reveals by at least 3 agents, to compare them',
    });
  });

  it('a full, clean history: no finding, and the agents each detector judged', () => {
    const h = generateHistory({ seed: 11 });
    expect(detectAll(h)).toEqual([]);
    const c = checked(h);
    // Eight agents of sixty resolutions each: enough for every history detector.
    expect(c).toMatchObject({ boundary_hugging: 8, splitting: 8, close_reopen: 8, missing_surveys: 8 });
    expect(c.unusual_reveals).toBe(0); // no reveals in a generated history
  });

  it('counts an agent only from their minimum on', () => {
    const h = generateHistory({ seed: 11, agents: 2, resolutionsPerAgent: 25 });
    expect(checked(h)).toMatchObject({ close_reopen: 2, missing_surveys: 0 });
  });
});
