/**
 * querySelector that also searches inside shadow roots and same-origin iframes. Web-component
 * helpdesks (ServiceNow Next Experience, Salesforce LWC with native shadow) nest their fields
 * several shadow roots deep, and some render a record inside a same-origin frame (ServiceNow's
 * classic form in #gsft_main, inside a shadow root), where document.querySelector cannot see.
 * Cross-origin frames (a helpdesk app's sandbox, Leeway's own panel) are skipped: their
 * document is not ours to read, and the browser says so by returning null or throwing.
 */

type ShadowOpener = (el: Element) => ShadowRoot | null;

/**
 * In a Chrome content script, chrome.dom opens closed roots too; elsewhere only open ones. The
 * adapters walk the whole page several times a second while reading, so the extension API is asked
 * only about custom elements (a hyphen in the name), the components that close their roots
 * (Salesforce LWC, ServiceNow); every other element answers through the cheap `shadowRoot`.
 */
const shadowOf: ShadowOpener = (el) => {
  if (el.shadowRoot) return el.shadowRoot;
  if (!el.localName.includes('-')) return null;
  const dom = (globalThis as { chrome?: { dom?: { openOrClosedShadowRoot?: ShadowOpener } } }).chrome?.dom;
  return dom?.openOrClosedShadowRoot?.(el) ?? null;
};

/** The document of a same-origin frame, or null (not a frame, cross-origin, not loaded). */
export function frameDocument(el: Element): Document | null {
  if (el.localName !== 'iframe' && el.localName !== 'frame') return null;
  try {
    return (el as HTMLIFrameElement).contentDocument ?? null;
  } catch {
    return null; // cross-origin
  }
}

/** Where a match was found, for diagnostics: the light DOM, inside a shadow root, or inside a frame. */
export type Depth = 'light' | 'shadow' | 'frame';

function walk<E extends Element>(root: ParentNode, selector: string, out: { el: E; depth: Depth }[], depth: Depth, level: number) {
  if (level > 12) return; // a page nesting deeper than this is not a helpdesk we read
  for (const el of root.querySelectorAll<E>(selector)) out.push({ el, depth });
  const own = 'localName' in root ? shadowOf(root as Element) : null;
  if (own) walk(own, selector, out, depth === 'frame' ? 'frame' : 'shadow', level + 1);
  for (const el of root.querySelectorAll('*')) {
    const shadow = shadowOf(el);
    if (shadow) walk(shadow, selector, out, depth === 'frame' ? 'frame' : 'shadow', level + 1);
    const doc = frameDocument(el);
    if (doc) walk(doc, selector, out, 'frame', level + 1);
  }
}

/** Every match under `root`: its light DOM, then every shadow root and same-origin frame below it, `root`'s own shadow root included. */
export function queryAllDeep<E extends Element = Element>(root: ParentNode, selector: string): E[] {
  return locateAll<E>(root, selector).map((m) => m.el);
}

/** queryAllDeep, saying for each match whether it sits in the light DOM, a shadow root or a frame. */
export function locateAll<E extends Element = Element>(root: ParentNode, selector: string): { el: E; depth: Depth }[] {
  const out: { el: E; depth: Depth }[] = [];
  try {
    walk(root, selector, out, 'light', 0);
  } catch {
    return []; // a selector the browser rejects matches nothing
  }
  return out;
}

export function queryDeep<E extends Element = Element>(root: ParentNode, selector: string, where?: (el: E) => boolean): E | null {
  return queryAllDeep<E>(root, selector).find((el) => !where || where(el)) ?? null;
}
