import { useEffect, useState } from 'preact/hooks';

/** The time, re-read every second: one clock per page (side panel, panel), so every countdown and age on it ticks together. */
export function useNow(everyMs = 1000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(t);
  }, [everyMs]);
  return now;
}
