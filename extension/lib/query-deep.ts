/**
 * querySelector that also searches inside shadow roots. Web-component helpdesks
 * (ServiceNow Next Experience, Salesforce LWC with native shadow) nest their fields
 * several shadow roots deep, where document.querySelector cannot see.
 */

type ShadowOpener = (el: Element) => ShadowRoot | null;

/** In a Chrome content script, chrome.dom opens closed roots too; elsewhere only open ones. */
const shadowOf: ShadowOpener = (el) => {
  const dom = (globalThis as { chrome?: { dom?: { openOrClosedShadowRoot?: ShadowOpener } } }).chrome?.dom;
  return dom?.openOrClosedShadowRoot?.(el) ?? el.shadowRoot;
};

/** Every element matching `selector` under `root`: its light DOM, then every shadow root below it, `root`'s own included. */
export function queryAllDeep<E extends Element = Element>(root: ParentNode, selector: string): E[] {
  const out = [...root.querySelectorAll<E>(selector)];
  const own = root instanceof Element ? shadowOf(root) : null;
  if (own) out.push(...queryAllDeep<E>(own, selector));
  for (const el of root.querySelectorAll('*')) {
    const shadow = shadowOf(el);
    if (shadow) out.push(...queryAllDeep<E>(shadow, selector));
  }
  return out;
}

export function queryDeep<E extends Element = Element>(root: ParentNode, selector: string, where?: (el: E) => boolean): E | null {
  return queryAllDeep<E>(root, selector).find((el) => !where || where(el)) ?? null;
}

/**
 * waitFor for shadow DOM. A MutationObserver on the document does not see changes inside
 * shadow roots, so this polls; 50 ms is well under what a person notices.
 */
export function waitForDeep<E extends Element = Element>(
  root: ParentNode,
  selector: string,
  { signal, timeoutMs = 5000, where }: { signal: AbortSignal; timeoutMs?: number; where?: (el: E) => boolean },
): Promise<E | null> {
  return new Promise((resolve) => {
    const started = Date.now();
    const tick = () => {
      if (signal.aborted) return resolve(null);
      const el = queryDeep<E>(root, selector, where);
      if (el || Date.now() - started >= timeoutMs) return resolve(el);
      setTimeout(tick, 50);
    };
    tick();
  });
}
