/** What the frame reads of the page: where focus is, and where the helpdesk's editor and sidebar are. */
import type { Rect } from './frame-place';

/** The focused element, inside open shadow roots too (a helpdesk's editor often is). */
export function deepActive(): HTMLElement | null {
  let at = document.activeElement;
  while (at?.shadowRoot?.activeElement) at = at.shadowRoot.activeElement;
  return at instanceof HTMLElement ? at : null;
}

/** Every visible match of `selector` in the page (never our own frame). */
export function measure(selector: string, own: Element): Rect[] {
  let found: Element[] = [];
  try {
    found = [...document.querySelectorAll(selector)];
  } catch {
    return []; // a selector this browser does not parse: nothing to avoid
  }
  return found
    .filter((el) => !own.contains(el))
    .map((el) => el.getBoundingClientRect())
    .filter((r) => r.width > 0 && r.height > 0)
    .map((r) => ({ left: r.left, top: r.top, width: r.width, height: r.height }));
}
