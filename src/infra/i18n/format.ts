import type { Locale } from './locales.js';

/** Council business happens in Hannover: every date and time is shown in Berlin time, whatever the server's zone. */
export const timeZone = 'Europe/Berlin';

const intlLocale: Record<Locale, string> = { de: 'de-DE', en: 'en-GB' };

// Intl formatters are costly to build and safe to share.
const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();
function dateFormat(locale: Locale, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `d|${locale}|${JSON.stringify(options)}`;
  let f = cache.get(key) as Intl.DateTimeFormat | undefined;
  if (!f) cache.set(key, (f = new Intl.DateTimeFormat(intlLocale[locale], { timeZone, ...options })));
  return f;
}
function numberFormat(locale: Locale, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `n|${locale}|${JSON.stringify(options)}`;
  let f = cache.get(key) as Intl.NumberFormat | undefined;
  if (!f) cache.set(key, (f = new Intl.NumberFormat(intlLocale[locale], options)));
  return f;
}

/** A calendar date ("2026-12-14") means that day in Berlin, not midnight UTC. */
function toInstant(value: Date | string): Date {
  if (typeof value !== 'string') return value;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return new Date(`${value}T12:00:00Z`);
  return new Date(value);
}

export interface Formatter {
  locale: Locale;
  /** "Montag, 14. Dezember 2026" */
  dateLong(value: Date | string): string;
  /** "14.12.2026" */
  dateShort(value: Date | string): string;
  /** "18:30" */
  time(value: Date): string;
  /** "Dezember 2026" */
  monthYear(value: Date | string): string;
  year(value: Date | string): string;
  /** "2.200,00 €" from integer cents. */
  money(cents: number): string;
  number(value: number): string;
  /** ISO 8601 with offset, for <time datetime>. */
  machine(value: Date): string;
}

export function createFormatter(locale: Locale): Formatter {
  return {
    locale,
    dateLong: (v) => dateFormat(locale, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(toInstant(v)),
    dateShort: (v) => dateFormat(locale, { day: '2-digit', month: '2-digit', year: 'numeric' }).format(toInstant(v)),
    time: (v) => dateFormat(locale, { hour: '2-digit', minute: '2-digit' }).format(v),
    monthYear: (v) => dateFormat(locale, { month: 'long', year: 'numeric' }).format(toInstant(v)),
    year: (v) => dateFormat(locale, { year: 'numeric' }).format(toInstant(v)),
    money: (cents) => numberFormat(locale, { style: 'currency', currency: 'EUR' }).format(cents / 100),
    number: (v) => numberFormat(locale, {}).format(v),
    machine: (v) => v.toISOString(),
  };
}

/** The calendar year of an instant in Berlin. */
export function berlinYear(value: Date): number {
  return Number(dateFormat('de', { year: 'numeric' }).format(value));
}
