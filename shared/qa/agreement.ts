/**
 * Inter-rater agreement for calibration. Krippendorff's alpha (interval metric) handles any
 * number of auditors and missing scores; Cohen's kappa is the familiar two-rater figure.
 */

/** units[u] = the values the raters gave unit u (missing ones left out). */
export function krippendorffAlphaInterval(units: readonly (readonly number[])[]): number | null {
  const pairable = units.filter((u) => u.length >= 2);
  const all = pairable.flat();
  const n = all.length;
  if (n < 2) return null;
  // Observed disagreement: within-unit ordered pairs, each unit weighted 1/(m_u − 1).
  let dObs = 0;
  for (const u of pairable) {
    let s = 0;
    for (let i = 0; i < u.length; i++) for (let j = 0; j < u.length; j++) if (i !== j) s += (u[i]! - u[j]!) ** 2;
    dObs += s / (u.length - 1);
  }
  dObs /= n;
  // Expected disagreement: all ordered pairs of pairable values, over n(n − 1).
  let dExp = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) dExp += (all[i]! - all[j]!) ** 2;
  dExp /= n * (n - 1);
  if (dExp === 0) return dObs === 0 ? 1 : null;
  return 1 - dObs / dExp;
}

/** Cohen's kappa for two raters over the same items (nominal categories). */
export function cohensKappa(a: readonly (string | number)[], b: readonly (string | number)[]): number | null {
  if (a.length !== b.length || a.length === 0) return null;
  const n = a.length;
  const po = a.filter((x, i) => x === b[i]).length / n;
  const cats = new Set([...a, ...b]);
  let pe = 0;
  for (const c of cats) pe += (a.filter((x) => x === c).length / n) * (b.filter((x) => x === c).length / n);
  if (pe === 1) return 1;
  return (po - pe) / (1 - pe);
}

export interface CalibrationScore {
  auditorId: string;
  resolutionId: string;
  scores: Record<string, number>;
}

/** Per criterion: alpha over the resolutions, and the resolutions where auditors are `spread` or more apart. */
export function calibrationReport(criteria: readonly string[], scores: readonly CalibrationScore[], spread = 2) {
  const resolutions = [...new Set(scores.map((s) => s.resolutionId))];
  return criteria.map((criterion) => {
    const units = resolutions.map((r) =>
      scores.filter((s) => s.resolutionId === r && typeof s.scores[criterion] === 'number').map((s) => s.scores[criterion]!),
    );
    const diverging = resolutions
      .map((r, i) => ({
        resolutionId: r,
        values: scores
          .filter((s) => s.resolutionId === r && typeof s.scores[criterion] === 'number')
          .map((s) => ({ auditorId: s.auditorId, score: s.scores[criterion]! })),
        range: units[i]!.length ? Math.max(...units[i]!) - Math.min(...units[i]!) : 0,
      }))
      .filter((d) => d.range >= spread);
    return { criterion, alpha: krippendorffAlphaInterval(units), diverging };
  });
}
