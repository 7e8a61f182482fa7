/**
 * The demo's history is written through the product's own repositories and services, which stamp
 * every row with Date.now(). To place a row in the past, the seed runs each step with the clock
 * set to that moment (ticking on from it in real time, so lock waits and ordering still work).
 * Only the seed does this, before the server listens; the product never back-dates a row.
 */
export async function atTime<T>(at: number, fn: () => Promise<T>): Promise<T> {
  const realNow = Date.now;
  const start = realNow();
  Date.now = () => at + (realNow() - start);
  try {
    return await fn();
  } finally {
    Date.now = realNow;
  }
}

/** A small seeded generator (mulberry32): the same demo every time. */
export function seededRandom(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    next,
    /** A whole number in [min, max]. */
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!,
    chance: (p: number) => next() < p,
  };
}
export type SeededRandom = ReturnType<typeof seededRandom>;
