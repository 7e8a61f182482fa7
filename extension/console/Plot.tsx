import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';

/** A uPlot chart owned by a Preact element: created on mount and on new data, destroyed after. */
export function Plot({
  options,
  data,
  label,
}: {
  options: Omit<uPlot.Options, 'width' | 'height'>;
  data: uPlot.AlignedData;
  label: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current!;
    const chart = new uPlot({ width: Math.max(320, el.clientWidth || 560), height: 240, ...options }, data, el);
    return () => chart.destroy();
  }, [options, data]);
  return <div class="plot" ref={ref} role="img" aria-label={label} />;
}
