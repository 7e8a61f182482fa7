import type { RefObject } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

/**
 * When the item holding the focus leaves a list (a request decided here or by someone else, taken
 * up a level), the focus moves to the item now in its place, or the one before when it was the
 * last, or to `empty` when none is left: not to the page, where a keyboard user starts over.
 * Items are the list's children matching `item` (focusable: tabindex="-1" at least).
 */
export function useFocusInList(list: RefObject<HTMLElement>, item: string, empty: RefObject<HTMLElement>, items: unknown[]) {
  // The index of the item last holding the focus, while the focus is inside the list.
  const held = useRef<number | null>(null);

  useEffect(() => {
    const el = list.current;
    if (!el) return;
    const indexOf = (target: EventTarget | null) =>
      target instanceof Element ? [...el.querySelectorAll(item)].findIndex((i) => i.contains(target)) : -1;
    const onIn = (e: FocusEvent) => {
      const i = indexOf(e.target);
      held.current = i >= 0 ? i : null;
    };
    // Leaving for elsewhere (a click, Tab): nothing to restore. A removed node fires no such event with a new target.
    const onOut = (e: FocusEvent) => {
      if (e.relatedTarget && !el.contains(e.relatedTarget as Node)) held.current = null;
    };
    el.addEventListener('focusin', onIn);
    el.addEventListener('focusout', onOut);
    return () => {
      el.removeEventListener('focusin', onIn);
      el.removeEventListener('focusout', onOut);
    };
  }, [list.current]);

  useEffect(() => {
    const at = held.current;
    const el = list.current;
    if (at === null || !el) return;
    const focused = document.activeElement;
    if (focused && focused !== document.body && el.contains(focused)) return; // still in the list
    if (focused && focused !== document.body) return void (held.current = null); // moved elsewhere
    const now = [...el.querySelectorAll<HTMLElement>(item)];
    const next = now[Math.min(at, now.length - 1)] ?? empty.current;
    held.current = null;
    next?.focus();
  }, [items]);
}
