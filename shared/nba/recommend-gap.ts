/**
 * A panel's suggestions are computed at most once per this many ms: the server pushes them when
 * the customer changes (the first change at once, the rest of a burst in one push at the window's
 * end), and the panel paces its own asks (on opening, after its own grant) the same way.
 * Apart from the wire schemas: the panel needs the number, not zod (a page's bundle stays small).
 */
export const RECOMMEND_GAP_MS = 500;
