import { defaultLocale, type Locale } from './locales.js';

/** A text stored per language. German is required: it is the language of record and the fallback. */
export type LocalizedText = { de: string } & Partial<Record<Exclude<Locale, 'de'>, string>>;
/** A list (e.g. a council's tasks) stored per language, each language a whole list. */
export type LocalizedList = { de: string[] } & Partial<Record<Exclude<Locale, 'de'>, string[]>>;

export interface Resolved<T> {
  value: T;
  /** The language the value is actually in; differs from the reader's when it fell back. */
  locale: Locale;
}

export function resolveText(text: LocalizedText, locale: Locale): Resolved<string> {
  const own = text[locale];
  if (own !== undefined && own.trim() !== '') return { value: own, locale };
  return { value: text.de, locale: defaultLocale };
}

export function resolveList(list: LocalizedList, locale: Locale): Resolved<string[]> {
  const own = list[locale];
  if (own !== undefined && own.length > 0) return { value: own, locale };
  return { value: list.de, locale: defaultLocale };
}
