/** Percentiles by linear interpolation between closest ranks (R-7, what spreadsheets use). */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) throw new Error('percentile of no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * (p / 100);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/** Rounds for display and JSON: figures are not more precise than ~3 significant digits anyway. */
export const round = (v: number, digits = 3): number => Number(v.toFixed(digits));

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Milliseconds on the wall-clock-anchored high-resolution clock that pages also use. */
export const nowMs = (): number => performance.timeOrigin + performance.now();
