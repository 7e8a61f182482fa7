/** A tiny inline chart: where a trend matters more than the numbers. */
export function Sparkline({ points, min, max, label }: { points: number[]; min: number; max: number; label: string }) {
  if (points.length < 2) return null;
  const w = 72;
  const h = 18;
  const x = (i: number) => (i / (points.length - 1)) * (w - 2) + 1;
  const y = (v: number) => h - 1 - ((Math.min(max, Math.max(min, v)) - min) / (max - min || 1)) * (h - 2);
  const d = points.map((v, i) => `${i ? 'L' : 'M'}${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
  const last = points.at(-1)!;
  return (
    <svg class="spark" width={w} height={h} viewBox={`0 0 ${w} ${h}`} role="img" aria-label={label}>
      <path d={d} fill="none" stroke="currentColor" stroke-width="1.5" />
      <circle cx={x(points.length - 1)} cy={y(last)} r="2" fill="currentColor" />
    </svg>
  );
}
