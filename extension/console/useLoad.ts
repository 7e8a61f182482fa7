import { useCallback, useEffect, useState } from 'preact/hooks';

/** Loads on mount and on reload(); keeps the error in words for the page. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[] = []) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(() => {
    load().then(
      (d) => (setData(d), setError(null)),
      (e: Error) => setError(e.message),
    );
  }, deps);
  useEffect(reload, [reload]);
  return { data, error, reload };
}
