import { timeZone } from './i18n/format.js';

const isoDate = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });

/** The calendar date in Berlin at an instant, as "YYYY-MM-DD" (what a `date` column holds). */
export function berlinDate(instant: Date): string {
  return isoDate.format(instant);
}
