/**
 * Durations and relative times in one wording for every screen (panel, side panel, console):
 * "45 s", "3 min 05 s", "14 min", "1 h 5 min", "12 h", "2 d"; "14 min left", "2 min 10 s overdue";
 * "just now", "3 min ago". Pure: the caller passes `now` (a ticking one, so the words tick).
 */
const MIN = 60;
const HOUR = 3600;
const DAY = 86_400;

/** Seconds are shown while they matter (under ten minutes). */
export function duration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < MIN) return `${s} s`;
  if (s < 10 * MIN) return `${Math.floor(s / MIN)} min ${String(s % MIN).padStart(2, '0')} s`;
  if (s < HOUR) return `${Math.floor(s / MIN)} min`;
  if (s < DAY) {
    const min = Math.floor((s % HOUR) / MIN);
    return min ? `${Math.floor(s / HOUR)} h ${min} min` : `${Math.floor(s / HOUR)} h`;
  }
  return `${Math.floor(s / DAY)} d`;
}

/** A deadline as people read it: "14 min left", "2 min 10 s overdue". */
export function timeLeft(dueAt: string, now: number): string {
  const ms = Date.parse(dueAt) - now;
  return ms >= 0 ? `${duration(ms)} left` : `${duration(-ms)} overdue`;
}

/** "just now", "3 min ago", "2 h 5 min ago", "4 d ago": by the minute, as a glance needs. */
export function ago(at: string, now: number): string {
  const s = Math.floor((now - Date.parse(at)) / 1000);
  if (s < MIN) return 'just now';
  if (s < HOUR) return `${Math.floor(s / MIN)} min ago`;
  return `${duration(s * 1000)} ago`;
}
