import { describe, expect, it } from 'vitest';
import { formatAxisDay, formatDateTime, formatDay } from './format';

describe('the console date format', () => {
  const at = '2026-12-04T22:40:31.000Z';
  it('a day and a time, one way everywhere', () => {
    expect(formatDateTime(at, { timeZone: 'UTC' })).toBe('4 Dec 2026, 22:40');
    expect(formatDateTime(Date.parse(at), { timeZone: 'UTC' })).toBe('4 Dec 2026, 22:40');
    expect(formatDay(at, { timeZone: 'UTC' })).toBe('4 Dec 2026');
    expect(formatAxisDay(at, { timeZone: 'UTC' })).toBe('4 Dec');
  });
  it("in the reader's time zone", () => {
    expect(formatDateTime(at, { timeZone: 'Asia/Tokyo' })).toBe('5 Dec 2026, 07:40');
  });
  it('nothing for a missing or broken date', () => {
    expect(formatDateTime('not a date')).toBe('');
    expect(formatDay('')).toBe('');
  });
});
