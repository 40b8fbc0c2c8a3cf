export const locales = ['de', 'en'] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = 'de';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (locales as readonly string[]).includes(value);
}

const rightToLeft = new Set(['ar', 'fa', 'he', 'ur', 'ps', 'ku', 'ckb', 'dv', 'yi']);

/** Writing direction for a language tag: Beirat is meant to carry Arabic and Persian too. */
export function directionOf(tag: string): 'ltr' | 'rtl' {
  const language = tag.toLowerCase().split('-')[0] ?? '';
  return rightToLeft.has(language) ? 'rtl' : 'ltr';
}

/** The URL prefix of a language: German is unprefixed, every other language lives under /{tag}. */
export function localePrefix(locale: Locale): string {
  return locale === defaultLocale ? '' : `/${locale}`;
}

/** Splits a path into its language and the language-neutral rest ("/en/beiraete/x" → en, "/beiraete/x"). */
export function splitLocalePath(path: string): { locale: Locale; rest: string } {
  const match = /^\/([a-z]{2})(?=\/|$)(.*)$/.exec(path);
  if (match && isLocale(match[1]) && match[1] !== defaultLocale) {
    return { locale: match[1], rest: match[2] === '' ? '/' : match[2]! };
  }
  return { locale: defaultLocale, rest: path };
}
