import { timeZone } from './i18n/format.js';

const isoDate = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });

/** The calendar date in Berlin at an instant, as "YYYY-MM-DD" (what a `date` column holds). */
export function berlinDate(instant: Date): string {
  return isoDate.format(instant);
}

const wallClock = new Intl.DateTimeFormat('en-GB', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });

/** The wall-clock time in Berlin at an instant, as "HH:MM". */
export function berlinTime(instant: Date): string {
  const parts = Object.fromEntries(wallClock.formatToParts(instant).map((p) => [p.type, p.value]));
  return `${parts.hour}:${parts.minute}`;
}

/**
 * The instant of a Berlin wall-clock time ("2026-12-14", "18:30"). A time skipped by the spring
 * change (02:30 on the last Sunday of March) gives null; a time that occurs twice in autumn gives the
 * first (summer-time) one.
 */
export function berlinInstant(date: string, time: string): Date | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = /^(\d{1,2}):(\d{2})$/.exec(time);
  if (!d || !t) return null;
  const [y, mo, da, h, mi] = [d[1], d[2], d[3], t[1], t[2]].map(Number) as [number, number, number, number, number];
  if (h > 23 || mi > 59) return null;
  const asUtc = Date.UTC(y, mo - 1, da, h, mi);
  // Berlin is UTC+1 or UTC+2: try both offsets, summer time first.
  for (const offsetHours of [2, 1]) {
    const candidate = new Date(asUtc - offsetHours * 3600_000);
    if (berlinDate(candidate) === date && berlinTime(candidate) === `${String(h).padStart(2, '0')}:${t[2]}`) return candidate;
  }
  return null;
}
