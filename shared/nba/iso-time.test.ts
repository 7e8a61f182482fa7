import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseIsoTime } from './iso-time';

describe('parseIsoTime reads as Date.parse does', () => {
  it.each([
    '2026-11-23T10:00:00Z',
    '2026-11-23T10:00:00.5Z',
    '2026-11-23T10:00:00.123456Z',
    '2026-02-28T23:59:59+05:30',
    '2024-02-29T12:00:00Z',
    '2000-02-29T12:00:00Z',
    '2100-02-29T12:00:00Z',
    '2026-02-30T00:00:00Z',
    '2026-04-30T23:59:59.999Z',
    '2026-04-31T00:00:00Z',
    '2026-12-31T23:59:59Z',
    '2026-12-32T00:00:00Z',
    '202x-11-23T10:00:00Z',
    '20x6-11-23T10:00:00Z',
    '2026-1x-23T10:00:00Z',
    '2026-11-23T10:00:0xZ',
    '2026-11-23T10:00:00.x23Z',
    '2026-11-23T10:00:00+05:3x',
    '2026-01-31T00:00:00-08:00',
    '1969-12-31T23:59:59.999Z',
    '0001-01-01T00:00:00Z',
    '2026-13-01T00:00:00Z',
    '2026-11-23T24:00:00Z',
    '2026-11-23T10:00:00.Z',
    '2026-11-23T10:00:00',
    '2026-11-23 10:00:00Z',
    '2026-11-23T10:00:00+0530',
    'yesterday',
    '',
  ])('%s', (s) => expect(parseIsoTime(s)).toEqual(Date.parse(s)));

  it('for any date-time in the shape events have', () => {
    const iso = fc
      .record({
        t: fc.integer({ min: Date.parse('1900-01-01T00:00:00Z'), max: Date.parse('2200-01-01T00:00:00Z') }),
        offsetMinutes: fc.integer({ min: -14 * 60, max: 14 * 60 }),
        fraction: fc.constantFrom('', '.1', '.12', '.123', '.1234567'),
      })
      .map(({ t, offsetMinutes, fraction }) => {
        const local = new Date(t + offsetMinutes * 60_000).toISOString().slice(0, 19);
        if (offsetMinutes === 0) return `${local}${fraction}Z`;
        const abs = Math.abs(offsetMinutes);
        const pad = (n: number) => String(n).padStart(2, '0');
        return `${local}${fraction}${offsetMinutes > 0 ? '+' : '-'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
      });
    fc.assert(
      fc.property(iso, (s) => parseIsoTime(s) === Date.parse(s)),
      { numRuns: 5_000 },
    );
  });
});
