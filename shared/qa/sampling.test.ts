import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateHistory } from './generate';
import { buildQueue, type SamplingRules } from './sampling';
import { DAY, type QaResolution } from './types';

// Every rule off: each test turns on the one it checks.
const OFF: Partial<SamplingRules> = {
  randomShare: 0,
  perAgentWeeklyMin: 0,
  exceptions: false,
  lowSurveyBelow: null,
  repeatContactDays: null,
  nearLimitPct: null,
  longHandleSeconds: null,
  newAgentWeeks: null,
};
const base = (over: Partial<QaResolution> = {}, i = 0): QaResolution => ({
  id: `r${i}`,
  agentId: 'a1',
  team: 'billing',
  at: Date.UTC(2026, 1, 2) + i * 1000,
  ticketRef: `zendesk:${i}`,
  category: 'billing',
  outcome: 'resolved',
  handleTimeSeconds: 300,
  actions: [{ action: 'refund', amountCents: 1000, via: 'leeway', limitCents: 5000 }],
  surveyScore: null,
  repeatContactDays: null,
  reopened: false,
  agentSince: Date.UTC(2025, 0, 1),
  hasNote: true,
  ...over,
});
const ids = (picks: { resolutionId: string }[]) => picks.map((p) => p.resolutionId).sort();

describe('each rule picks what it should and nothing else', () => {
  const history = [
    base({}, 0),
    base({ actions: [{ action: 'refund', amountCents: 9000, via: 'exception', limitCents: 5000 }] }, 1),
    base({ surveyScore: 0.25 }, 2),
    base({ surveyScore: 0.5 }, 3), // at the threshold: not low
    base({ repeatContactDays: 3 }, 4),
    base({ repeatContactDays: 12 }, 5), // after the window
    base({ actions: [{ action: 'refund', amountCents: 4800, via: 'leeway', limitCents: 5000 }] }, 6),
    base({ actions: [{ action: 'refund', amountCents: 4400, via: 'leeway', limitCents: 5000 }] }, 7), // 12% under
    base({ handleTimeSeconds: 4000 }, 8),
    base({ agentId: 'new', agentSince: Date.UTC(2026, 1, 1) }, 9),
  ];
  const cases: [string, Partial<SamplingRules>, string[], RegExp][] = [
    ['exceptions and overrides', { exceptions: true }, ['r1'], /^exception: refund \$90 beyond leeway$/],
    ['low survey scores', { lowSurveyBelow: 0.5 }, ['r2'], /^low survey score \(25%\)$/],
    ['repeat contacts within N days', { repeatContactDays: 7 }, ['r4'], /^customer came back 3 days after "resolved"$/],
    ['amounts just under a limit', { nearLimitPct: 10 }, ['r6'], /^refund \$48 just under its \$50 limit$/],
    ['long handle times', { longHandleSeconds: 1800 }, ['r8'], /^long handle time \(67 min\)$/],
    ['first weeks of a new agent', { newAgentWeeks: 4 }, ['r9'], /^agent in their first 4 weeks$/],
  ];
  for (const [name, rule, expected, why] of cases) {
    it(name, () => {
      const picks = buildQueue(history, { ...OFF, ...rule });
      expect(ids(picks)).toEqual(expected);
      for (const p of picks) expect(p.why).toEqual([expect.stringMatching(why)]);
    });
  }

  it('one pick per resolution, with every reason that picked it', () => {
    const r = base({ surveyScore: 0.1, handleTimeSeconds: 5000 }, 0);
    expect(buildQueue([r], { ...OFF, lowSurveyBelow: 0.5, longHandleSeconds: 1800 })).toEqual([
      { resolutionId: 'r0', agentId: 'a1', why: ['low survey score (10%)', 'long handle time (83 min)'] },
    ]);
  });

  it('never picks a resolution already reviewed or queued', () => {
    const picks = buildQueue(history, { exceptions: true, randomShare: 1, perAgentWeeklyMin: 5 }, new Set(['r1', 'r2']));
    expect(ids(picks)).not.toContain('r1');
    expect(ids(picks)).not.toContain('r2');
    expect(picks).toHaveLength(history.length - 2);
  });

  it('tops up every agent to the weekly minimum, and no further', () => {
    const h = [
      ...Array.from({ length: 10 }, (_, i) => base({ agentId: 'a', at: Date.UTC(2026, 1, 2) + i * DAY }, i)),
      ...Array.from({ length: 3 }, (_, i) => base({ agentId: 'b' }, 100 + i)),
    ];
    const picks = buildQueue(h, { ...OFF, perAgentWeeklyMin: 2 });
    // Agent a worked two weeks (Thursday-based week buckets split the 10 days), b one week.
    const weeks = new Set(h.filter((r) => r.agentId === 'a').map((r) => Math.floor(r.at / (7 * DAY)))).size;
    expect(picks.filter((p) => p.agentId === 'a')).toHaveLength(2 * weeks);
    expect(picks.filter((p) => p.agentId === 'b')).toHaveLength(2);
    expect(picks.every((p) => p.why[0] === 'per-agent minimum of 2 a week')).toBe(true);
  });
});

describe('rates and determinism', () => {
  const big = generateHistory({ agents: 20, resolutionsPerAgent: 2_500, seed: 7 }).resolutions; // 50,000

  it('the random share holds within a tolerance over a large history', () => {
    for (const share of [0.01, 0.05, 0.2]) {
      const n = buildQueue(big, { ...OFF, randomShare: share, seed: `rate-${share}` }).length;
      // Binomial: 4 standard deviations is a tolerance a fair generator essentially never breaks.
      const sd = Math.sqrt(big.length * share * (1 - share));
      expect(Math.abs(n - big.length * share)).toBeLessThan(4 * sd);
    }
  });

  it('is deterministic with a seed, and a different seed gives a different queue', () => {
    const rules = { randomShare: 0.05, seed: 'week-6' };
    expect(buildQueue(big, rules)).toEqual(buildQueue(big, rules));
    expect(ids(buildQueue(big, { ...rules, seed: 'week-7' }))).not.toEqual(ids(buildQueue(big, rules)));
  });

  it('property: the queue is a subset of the history without duplicates, and excluded ids never appear', () => {
    const small = big.slice(0, 400);
    fc.assert(
      fc.property(
        fc.integer(),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 0, max: 5 }),
        fc.array(fc.integer({ min: 0, max: 399 })),
        (seed, share, min, ex) => {
          const exclude = new Set(ex.map((i) => small[i]!.id));
          const picks = buildQueue(small, { seed, randomShare: share, perAgentWeeklyMin: min }, exclude);
          const got = picks.map((p) => p.resolutionId);
          expect(new Set(got).size).toBe(got.length);
          for (const id of got) expect(exclude.has(id)).toBe(false);
          for (const p of picks) expect(p.why.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 50 },
    );
  });
});
