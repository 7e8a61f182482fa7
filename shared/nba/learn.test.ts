import { describe, expect, it } from 'vitest';
import {
  BORROWED_OUTCOMES,
  expectedAcceptance,
  type OfferStats,
  posterior,
  recordOutcome,
  recordOutcomes,
  segmentOf,
  tallyOf,
} from './learn';
import { sampleBeta, seededRng } from './sample';

const offer = { id: 'credit', prior: { alpha: 2, beta: 8 } };

describe('learning from outcomes', () => {
  it('starts from the admin’s prior', () => {
    expect(posterior(offer, {}, 'gold/high')).toEqual({ alpha: 2, beta: 8 });
    expect(expectedAcceptance(offer, {}, 'gold/high')).toBeCloseTo(0.2);
  });
  it('adds accepted to alpha and declined to beta in the outcome’s segment', () => {
    let stats: OfferStats = {};
    stats = recordOutcome(stats, { offerId: 'credit', segment: 'gold/high', accepted: true });
    stats = recordOutcome(stats, { offerId: 'credit', segment: 'gold/high', accepted: true });
    stats = recordOutcome(stats, { offerId: 'credit', segment: 'gold/high', accepted: false });
    expect(posterior(offer, stats, 'gold/high')).toEqual({ alpha: 4, beta: 9 });
    expect(tallyOf(stats, 'credit', 'silver/high')).toEqual({ accepted: 0, declined: 0 });
  });
  it('starts another segment from what the offer did elsewhere, worth at most BORROWED_OUTCOMES outcomes', () => {
    const stats: OfferStats = { credit: { 'gold/high': { accepted: 160, declined: 40 }, 'silver/high': { accepted: 1, declined: 4 } } };
    const p = posterior(offer, stats, 'silver/high');
    // Elsewhere: (2 + 160) / (10 + 200) accept; held as 10 + 30 outcomes; then this segment's own 1 and 4.
    const mean = 162 / 210;
    const strength = 10 + BORROWED_OUTCOMES;
    expect(p.alpha).toBeCloseTo(mean * strength + 1);
    expect(p.beta).toBeCloseTo((1 - mean) * strength + 4);
    // The segment's own outcomes, once many, outweigh what it borrowed.
    const many: OfferStats = { credit: { ...stats.credit, 'silver/high': { accepted: 100, declined: 900 } } };
    expect(expectedAcceptance(offer, many, 'silver/high')).toBeLessThan(0.13);
  });
  it('leaves the stats it was given untouched', () => {
    const before: OfferStats = {
      credit: { 'gold/high': { accepted: 1, declined: 1 } },
      other: { 'gold/low': { accepted: 5, declined: 0 } },
    };
    const frozen = structuredClone(before);
    const after = recordOutcomes(before, [
      { offerId: 'credit', segment: 'gold/high', accepted: false },
      { offerId: 'credit', segment: 'gold/low', accepted: true },
      { offerId: 'new', segment: 'gold/low', accepted: true },
    ]);
    expect(before).toEqual(frozen);
    expect(after.other).toBe(before.other); // untouched offers are shared, not copied
    expect(after).toEqual({
      credit: { 'gold/high': { accepted: 1, declined: 2 }, 'gold/low': { accepted: 1, declined: 0 } },
      other: { 'gold/low': { accepted: 5, declined: 0 } },
      new: { 'gold/low': { accepted: 1, declined: 0 } },
    });
  });
  it('reads only its own keys from stored stats', () => {
    expect(tallyOf({}, 'constructor', 'toString')).toEqual({ accepted: 0, declined: 0 });
  });
  it('segments by tier and churn level', () => expect(segmentOf({ tier: 'gold', churn: 'high' })).toBe('gold/high'));
});

describe('Thompson draws', () => {
  it('are the same for the same seed', () => {
    const a = seededRng(7);
    const b = seededRng(7);
    const draws = (r: () => number) => Array.from({ length: 5 }, () => sampleBeta(3, 4, r));
    expect(draws(a)).toEqual(draws(b));
  });
  it.each([
    [1, 1],
    [0.5, 0.5],
    [2, 8],
    [30, 70],
  ])('average to alpha / (alpha + beta) for Beta(%d, %d)', (alpha, beta) => {
    const rng = seededRng(alpha * 100 + beta);
    const n = 10_000;
    let sum = 0;
    let sumSq = 0;
    for (let i = 0; i < n; i++) {
      const x = sampleBeta(alpha, beta, rng);
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThanOrEqual(1);
      sum += x;
      sumSq += x * x;
    }
    const mean = alpha / (alpha + beta);
    const variance = (alpha * beta) / ((alpha + beta) ** 2 * (alpha + beta + 1));
    expect(sum / n).toBeCloseTo(mean, 2);
    expect(sumSq / n - (sum / n) ** 2).toBeCloseTo(variance, 2);
  });
});
