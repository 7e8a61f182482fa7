/**
 * The one way adapters watch the host page: resolve with the first element matching
 * `selector` under `root` (and passing `where`, if given), now or when it appears; resolve
 * null when `signal` aborts or the time runs out. Helpdesks render panels late, so reading
 * "right now" is not enough; `where` lets an adapter wait for the *new* ticket's element
 * rather than take the previous ticket's, which single-page apps keep for a few frames.
 */
export function waitFor<E extends Element = Element>(
  root: ParentNode,
  selector: string,
  { signal, timeoutMs = 5000, where }: { signal: AbortSignal; timeoutMs?: number; where?: (el: E) => boolean },
): Promise<E | null> {
  const query = () => (where ? ([...root.querySelectorAll<E>(selector)].find(where) ?? null) : root.querySelector<E>(selector));
  if (signal.aborted) return Promise.resolve(null);
  const found = query();
  if (found) return Promise.resolve(found);
  return new Promise((resolve) => {
    const done = (el: E | null) => {
      observer.disconnect();
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      resolve(el);
    };
    const onAbort = () => done(null);
    const observer = new MutationObserver(() => {
      const el = query();
      if (el) done(el);
    });
    const timer = setTimeout(() => done(null), timeoutMs);
    signal.addEventListener('abort', onAbort, { once: true });
    observer.observe(root instanceof Document ? root.documentElement : (root as Node), {
      childList: true,
      subtree: true,
      attributes: true,
    });
  });
}
