import Html from '@kitajs/html';
import { de, type MessageKey } from './messages/de.js';
import { en } from './messages/en.js';
import { createFormatter, type Formatter } from './format.js';
import { directionOf, localePrefix, type Locale } from './locales.js';
import { resolveList, resolveText, type LocalizedList, type LocalizedText } from './localized.js';

export const catalogs: Record<Locale, Record<MessageKey, string>> = { de, en };
export type { MessageKey };

type Params = Record<string, string | number>;

/** Keys with plural forms exist as "key.one" / "key.other" (and whatever else a language needs). */
type PluralBase = MessageKey extends infer K ? (K extends `${infer B}.other` ? B : never) : never;

export interface Translator {
  locale: Locale;
  dir: 'ltr' | 'rtl';
  /** A message as plain text: for attributes (which JSX escapes) and for composing. */
  t(key: MessageKey, params?: Params): string;
  /** A message as escaped HTML, for element content: parameters may hold user data. */
  html(key: MessageKey, params?: Params): JSX.Element;
  plural(key: PluralBase, count: number, params?: Params): string;
  pluralHtml(key: PluralBase, count: number, params?: Params): JSX.Element;
  /** A stored text in the reader's language, or German; `lang` tells which, for a lang attribute. */
  text(value: LocalizedText): string;
  textWithLang(value: LocalizedText): { value: string; lang: Locale };
  list(value: LocalizedList): string[];
  fmt: Formatter;
  /** A language-neutral path ("/beiraete/mitte") as a link in the reader's language. */
  href(path: string): string;
}

export function interpolate(message: string, params: Params | undefined): string {
  if (!params) return message;
  return message.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

const translators = new Map<Locale, Translator>();

export function translator(locale: Locale): Translator {
  let existing = translators.get(locale);
  if (existing) return existing;
  const catalog = catalogs[locale];
  const fmt = createFormatter(locale);
  const pluralRules = new Intl.PluralRules(locale);
  const prefix = localePrefix(locale);
  const t = (key: MessageKey, params?: Params) => interpolate(catalog[key] ?? de[key] ?? key, params);
  const plural = (key: PluralBase, count: number, params?: Params) => {
    const specific = `${key}.${pluralRules.select(count)}` as MessageKey;
    const chosen = specific in catalog ? specific : (`${key}.other` as MessageKey);
    return t(chosen, { count: fmt.number(count), ...params });
  };
  existing = {
    locale,
    dir: directionOf(locale),
    t,
    html: (key, params) => Html.escapeHtml(t(key, params)),
    plural,
    pluralHtml: (key, count, params) => Html.escapeHtml(plural(key, count, params)),
    text: (value) => resolveText(value, locale).value,
    textWithLang(value) {
      const r = resolveText(value, locale);
      return { value: r.value, lang: r.locale };
    },
    list: (value) => resolveList(value, locale).value,
    fmt,
    href: (path) => (path === '/' ? prefix || '/' : `${prefix}${path}`),
  };
  translators.set(locale, existing);
  return existing;
}
