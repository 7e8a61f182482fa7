/**
 * Keyboard-only driving for the e2e tests: Tab until an element (found by role and name) has
 * focus, and check that whatever has focus shows it (WCAG 2.4.7), the panel's frame included.
 */
import type { ElementHandle, Frame, Locator, Page } from 'playwright-core';

/** A focus indicator: the element's own outline or box-shadow, or its field wrapper's (`.money:focus-within`). */
function ringShown(el: Element): boolean {
  const shows = (e: Element, shadow: boolean) => {
    const s = getComputedStyle(e);
    return (s.outlineStyle !== 'none' && Number.parseFloat(s.outlineWidth) > 0) || (shadow && s.boxShadow !== 'none');
  };
  if (shows(el, true)) return true;
  let p = el.parentElement;
  for (let i = 0; p && i < 3; i++, p = p.parentElement) if (p.matches(':focus-within') && shows(p, false)) return true;
  return false;
}

function describe(el: Element): string {
  const name = el.getAttribute('aria-label') ?? (el as HTMLInputElement).labels?.[0]?.textContent ?? el.textContent ?? '';
  return `${el.tagName.toLowerCase()} "${name.trim().replace(/\s+/g, ' ').slice(0, 60)}" in ${location.pathname}`;
}

/** Leeway's own documents (the panel, side panel, console): the helpdesk page around them is not ours to judge. */
function ours(el: Element): boolean {
  return el.ownerDocument.location.protocol === 'chrome-extension:';
}

/** What has focus in the page, through its frames (the panel's document included); null for none (the body). */
async function focused(page: Page): Promise<ElementHandle<Element> | null> {
  let frame: Frame | null = page.mainFrame();
  for (let depth = 0; frame && depth < 4; depth++) {
    const el = (await frame.evaluateHandle(() => document.activeElement)).asElement() as ElementHandle<Element> | null;
    if (!el || (await el.evaluate((e) => e === document.body))) return null;
    if (!(await el.evaluate((e) => e.tagName === 'IFRAME'))) return el;
    frame = await el.contentFrame();
  }
  return null;
}

/** The focused element, described, when it shows no focus indicator; null when it does (or nothing has focus). */
export async function focusNotShown(page: Page): Promise<string | null> {
  const el = await focused(page);
  if (!el || !(await el.evaluate(ours))) return null;
  const [shown, what] = await Promise.all([el.evaluate(ringShown), el.evaluate(describe)]);
  return shown ? null : what;
}

/** The focused element, described (for failure messages). */
export async function focusedWhat(page: Page): Promise<string> {
  const el = await focused(page);
  return el ? el.evaluate(describe) : 'nothing (the body)';
}

const hasFocus = (target: Locator) =>
  target.evaluate((el) => el.ownerDocument.activeElement === el && el.ownerDocument.hasFocus()).catch(() => false);

/**
 * Presses Tab (Shift+Tab with `back`) until `target` has focus, at most `max` times. Every element
 * passed on the way must show its focus: those that do not are added to `unseen`.
 */
export async function tabTo(page: Page, target: Locator, unseen: Set<string>, { max = 60, back = false } = {}): Promise<void> {
  for (let i = 0; i <= max; i++) {
    const missing = await focusNotShown(page);
    if (missing) unseen.add(missing);
    if (await hasFocus(target)) return;
    if (i < max) await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`Tab never reached ${target}; focus is on ${await focusedWhat(page)}`);
}

/** Tabs once through every control of the page; the ones that had focus without showing it. */
export async function tabThrough(page: Page): Promise<string[]> {
  const controls = await page.evaluate(
    () => document.querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex="-1"])').length,
  );
  const unseen = new Set<string>();
  for (let i = 0; i <= controls; i++) {
    await page.keyboard.press('Tab');
    const missing = await focusNotShown(page);
    if (missing) unseen.add(missing);
  }
  return [...unseen];
}
