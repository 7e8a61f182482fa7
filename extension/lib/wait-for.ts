/**
 * The one way adapters watch the host page: resolve with the first element matching
 * `selector` under `root`, now or when it appears; reject when `signal` aborts or the
 * time runs out. Helpdesks render panels late, so reading "right now" is not enough.
 */
export function waitFor<E extends Element = Element>(
  root: ParentNode,
  selector: string,
  { signal, timeoutMs = 5000 }: { signal: AbortSignal; timeoutMs?: number },
): Promise<E | null> {
  const found = root.querySelector<E>(selector);
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
      const el = root.querySelector<E>(selector);
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
