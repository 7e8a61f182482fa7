import { describe, expect, it } from 'vitest';
import { timeOrderedId } from './time-ordered-id';

describe('timeOrderedId', () => {
  it('is a UUID version 7 with the RFC variant, its first 48 bits the time in milliseconds', () => {
    const at = Date.UTC(2026, 11, 7, 9, 0, 0, 123);
    const id = timeOrderedId(at);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Number.parseInt(id.replace('-', '').slice(0, 12), 16)).toBe(at);
  });

  it('sorts by time, as text, and differs within one millisecond', () => {
    const ids = [1, 2, 255, 256, 4096, 2 ** 40].map((ms) => timeOrderedId(Date.UTC(2026, 0, 1) + ms));
    expect([...ids].sort()).toEqual(ids);
    const same = new Set(Array.from({ length: 1000 }, () => timeOrderedId(0)));
    expect(same.size).toBe(1000);
  });
});
