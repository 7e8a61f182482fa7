import { describe, expect, it } from 'vitest';
import { ago, duration, timeLeft } from './time-words';

describe('time words, one wording for every screen', () => {
  const now = Date.parse('2026-12-05T12:00:00Z');
  const at = (s: number) => new Date(now + s * 1000).toISOString();
  it('durations: seconds while they matter, whole hours without "0 min"', () => {
    expect(duration(45_000)).toBe('45 s');
    expect(duration(185_000)).toBe('3 min 05 s');
    expect(duration(14 * 60_000)).toBe('14 min');
    expect(duration(65 * 60_000)).toBe('1 h 5 min');
    expect(duration(12 * 3600_000)).toBe('12 h');
    expect(duration(2 * 86_400_000)).toBe('2 d');
  });
  it('deadlines and ages', () => {
    expect(timeLeft(at(14 * 60), now)).toBe('14 min left');
    expect(timeLeft(at(-130), now)).toBe('2 min 10 s overdue');
    expect(ago(at(-20), now)).toBe('just now');
    expect(ago(at(-180), now)).toBe('3 min ago');
    expect(ago(at(-12 * 3600), now)).toBe('12 h ago');
  });
});
