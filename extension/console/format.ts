/**
 * The console's one date format: "4 Dec 2026, 22:40" (a day alone: "4 Dec 2026"), in the
 * reader's time zone. Every page shows dates through these, so a date reads the same everywhere.
 */
type When = string | number | Date;
interface Where {
  /** Tests pin these; the console uses the browser's time zone. */
  timeZone?: string;
}

const DAY: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short', year: 'numeric' };
const TIME: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };

/** Day month year: English month names, whatever the browser's language, so one format reads the same for everyone. */
export function formatDay(when: When, where: Where = {}): string {
  const d = new Date(when);
  if (Number.isNaN(d.getTime())) return '';
  return new Intl.DateTimeFormat('en-GB', { ...DAY, timeZone: where.timeZone }).format(d);
}

/** A chart axis' day: "4 Dec", the same words as formatDay without the year. */
export function formatAxisDay(when: When, where: Where = {}): string {
  const d = new Date(when);
  if (Number.isNaN(d.getTime())) return '';
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: where.timeZone }).format(d);
}

/** Day and time to the minute. */
export function formatDateTime(when: When, where: Where = {}): string {
  const d = new Date(when);
  if (Number.isNaN(d.getTime())) return '';
  const time = new Intl.DateTimeFormat('en-GB', { ...TIME, timeZone: where.timeZone }).format(d);
  return `${formatDay(d, where)}, ${time}`;
}
