/**
 * Click-jacking: a page that covers or fades the panel, then uncovers it just before a click it
 * lured (a "double-click to continue"), must not get that click. Covered takes effect at once;
 * uncovered only once the panel has been in view for UNCOVER_HOLD_MS without a break, long enough
 * for a person to see what is now under the pointer. Any covered report restarts the wait.
 */
export const UNCOVER_HOLD_MS = 800;

export function holdUncover(set: (covered: boolean) => void, holdMs = UNCOVER_HOLD_MS): (covered: boolean) => void {
  let waiting: ReturnType<typeof setTimeout> | null = null;
  return (covered) => {
    if (waiting) clearTimeout(waiting);
    waiting = null;
    if (covered) return set(true);
    waiting = setTimeout(() => {
      waiting = null;
      set(false);
    }, holdMs);
  };
}
