/**
 * Date.parse for the one shape stored events have (2026-11-23T10:00:00Z, an optional fraction,
 * Z or ±hh:mm), by arithmetic on char codes: ~10× faster than Date.parse, whose ~150 ns a call
 * would take 1.5 ms of a 5 ms budget for a customer with 10,000 events. Anything else, and a day
 * past the 28th (month lengths), goes to Date.parse itself; iso-time.test.ts holds the two to the
 * same answers.
 */

const DASH = 45;
const COLON = 58;
const T = 84;
const Z = 90;
const DOT = 46;
const PLUS = 43;

/** The digit at i, or -1000 (which fails every range check below) for anything else. */
function digit(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1000;
}
const two = (s: string, i: number) => digit(s, i) * 10 + digit(s, i + 1);

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Milliseconds since the epoch, as Date.parse gives them; NaN for what it cannot read. */
export function parseIsoTime(s: string): number {
  const n = s.length;
  if (n < 20 || s.charCodeAt(4) !== DASH || s.charCodeAt(7) !== DASH || s.charCodeAt(10) !== T) return Date.parse(s);
  if (s.charCodeAt(13) !== COLON || s.charCodeAt(16) !== COLON) return Date.parse(s);
  const year = two(s, 0) * 100 + two(s, 2);
  const month = two(s, 5);
  const day = two(s, 8);
  const hour = two(s, 11);
  const minute = two(s, 14);
  const second = two(s, 17);
  if (!(year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= 28 && hour >= 0 && hour <= 23)) return Date.parse(s);
  if (!(minute >= 0 && minute <= 59 && second >= 0 && second <= 59)) return Date.parse(s);
  let i = 19;
  let ms = 0;
  if (s.charCodeAt(i) === DOT) {
    // Milliseconds are the first three digits; further ones are read past, as Date.parse does.
    for (i++; i < n; i++) {
      const d = digit(s, i);
      if (d < 0) break;
      if (i < 23) ms += d * (i === 20 ? 100 : i === 21 ? 10 : 1);
    }
    if (i === 20) return Date.parse(s);
  }
  let offset = 0;
  const sign = s.charCodeAt(i);
  if (sign === Z) {
    if (i + 1 !== n) return Date.parse(s);
  } else if ((sign === PLUS || sign === DASH) && i + 6 === n && s.charCodeAt(i + 3) === COLON) {
    const h = two(s, i + 1);
    const m = two(s, i + 4);
    if (!(h >= 0 && h <= 23 && m >= 0 && m <= 59)) return Date.parse(s);
    offset = (sign === PLUS ? 1 : -1) * (h * 60 + m) * 60_000;
  } else return Date.parse(s);
  return daysFromCivil(year, month, day) * 86_400_000 + hour * 3_600_000 + minute * 60_000 + second * 1000 + ms - offset;
}
