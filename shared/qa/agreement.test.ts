import { describe, expect, it } from 'vitest';
import { calibrationReport, cohensKappa, krippendorffAlphaInterval } from './agreement';

describe("Krippendorff's alpha (interval)", () => {
  it('matches the hand-computed value', () => {
    // Units (resolutions) and the scores two auditors gave: u1 = [1, 2], u2 = [3, 3], u3 = [2, 4].
    // Pairable values: 1, 2, 3, 3, 2, 4 → n = 6, mean 2.5.
    // D_o = (1/n) Σ_u Σ_{i≠j} (v_i − v_j)² / (m_u − 1)
    //     = (1/6) · [ (1·2)/1 + 0 + (4·2)/1 ] = 10/6
    // D_e = Σ_{i≠j} (v_i − v_j)² / (n(n − 1)); Σ_{i<j} (v_i − v_j)² = n · Σ (v − mean)²
    //     = 6 · (2.25 + 0.25 + 0.25 + 0.25 + 0.25 + 2.25) = 33, ordered pairs: 66 → D_e = 66/30
    // α = 1 − (10/6)/(66/30) = 1 − 25/33 = 8/33 ≈ 0.2424
    expect(
      krippendorffAlphaInterval([
        [1, 2],
        [3, 3],
        [2, 4],
      ]),
    ).toBeCloseTo(8 / 33, 10);
  });

  it('ignores units with one score (nothing to pair) and handles three raters with a gap', () => {
    expect(krippendorffAlphaInterval([[1, 2], [3, 3], [2, 4], [5]])).toBeCloseTo(8 / 33, 10);
    // u1 = [1, 1, 1], u2 = [3, 3, 4]: values 1,1,1,3,3,4, n = 6, mean 13/6.
    // D_o = (1/6) · [0 + ((0 + 1 + 1) · 2)/2] = (1/6) · 2 = 1/3   (ordered pairs in u2: (3,4) twice, (3,4) twice → 4·1 = 4, /2 = 2)
    // Σ (v − mean)² = 3·(7/6)² + 2·(5/6)² + (11/6)² = (147 + 50 + 121)/36 = 318/36
    // Σ_{i<j} = 6 · 318/36 = 53 → ordered 106 → D_e = 106/30
    // α = 1 − (1/3)/(106/30) = 1 − 10/106 = 96/106 ≈ 0.9057
    expect(
      krippendorffAlphaInterval([
        [1, 1, 1],
        [3, 3, 4],
      ]),
    ).toBeCloseTo(96 / 106, 10);
  });

  it('is 1 for perfect agreement and null with nothing to compare', () => {
    expect(
      krippendorffAlphaInterval([
        [2, 2],
        [4, 4],
      ]),
    ).toBe(1);
    expect(krippendorffAlphaInterval([[3]])).toBeNull();
  });
});

describe("Cohen's kappa", () => {
  it('matches the hand-computed value', () => {
    const a = ['y', 'y', 'n', 'y', 'n', 'y', 'y', 'n', 'y', 'y'];
    const b = ['y', 'n', 'n', 'y', 'n', 'y', 'y', 'y', 'y', 'y'];
    // p_o = 8/10 agree (they differ at items 2 and 8). a says y 7 times (n 3), b says y 7 times (n 3):
    // p_e = 0.7·0.7 + 0.3·0.3 = 0.58
    // κ = (0.8 − 0.58)/(1 − 0.58) = 0.22/0.42 = 11/21 ≈ 0.5238
    expect(cohensKappa(a, b)).toBeCloseTo(11 / 21, 10);
    expect(cohensKappa([1, 2, 3], [1, 2, 3])).toBe(1);
  });
});

describe('calibration report', () => {
  it('gives alpha per criterion and names where auditors diverge', () => {
    const report = calibrationReport(
      ['empathy', 'followed_policy'],
      [
        { auditorId: 'x', resolutionId: 'u1', scores: { empathy: 1, followed_policy: 5 } },
        { auditorId: 'y', resolutionId: 'u1', scores: { empathy: 2, followed_policy: 5 } },
        { auditorId: 'x', resolutionId: 'u2', scores: { empathy: 3, followed_policy: 4 } },
        { auditorId: 'y', resolutionId: 'u2', scores: { empathy: 3, followed_policy: 4 } },
        { auditorId: 'x', resolutionId: 'u3', scores: { empathy: 2, followed_policy: 2 } },
        { auditorId: 'y', resolutionId: 'u3', scores: { empathy: 4, followed_policy: 2 } },
      ],
    );
    expect(report[0]!.alpha).toBeCloseTo(8 / 33, 10);
    expect(report[0]!.diverging.map((d) => d.resolutionId)).toEqual(['u3']);
    expect(report[1]!.alpha).toBe(1);
    expect(report[1]!.diverging).toEqual([]);
  });
});
