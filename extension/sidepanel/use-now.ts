import { useEffect, useState } from 'preact/hooks';

/** The time, re-read every second: one clock for the whole side panel, so every countdown and age ticks together. */
export function useNow(everyMs = 1000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(t);
  }, [everyMs]);
  return now;
}
