import { describe, expect, it } from 'vitest';
import { findCatalogProblems } from '../../src/infra/i18n/catalog-check.js';
import { locales } from '../../src/infra/i18n/locales.js';
import { de } from '../../src/infra/i18n/messages/de.js';
import { catalogs, interpolate, translator } from '../../src/infra/i18n/translator.js';

describe('message catalogs', () => {
  it.each(locales.filter((l) => l !== 'de'))('%s has every German key, with text and the same placeholders', (locale) => {
    expect(findCatalogProblems(de, catalogs[locale])).toEqual([]);
  });

  it('reports a key missing from the English catalog', () => {
    const { ['council.tasks']: _removed, ...withoutOne } = catalogs.en;
    expect(findCatalogProblems(de, withoutOne)).toEqual(['missing key: council.tasks']);
  });

  it('reports a translation that drops a placeholder', () => {
    expect(findCatalogProblems({ a: 'Hallo {name}' }, { a: 'Hello' })).toEqual(['placeholders differ: a']);
  });

  it('interpolates parameters and leaves unknown ones visible', () => {
    expect(interpolate('{a} und {b}', { a: 1 })).toBe('1 und {b}');
  });

  it('chooses plural forms by the language’s rules', () => {
    expect(translator('de').plural('members.unnamed', 1)).toContain('1 weiteres Mitglied');
    expect(translator('en').plural('members.unnamed', 3)).toBe('Plus 3 more members who prefer not to be named.');
  });

  it('escapes parameters in HTML messages', async () => {
    const html = await translator('de').html('projects.intro', { council: '<b>x</b>' });
    expect(html).not.toContain('<b>');
    expect(html).toContain('&lt;b>x&lt;/b>');
  });

  it('falls back to German for stored texts without a translation', () => {
    expect(translator('en').textWithLang({ de: 'Nur Deutsch' })).toEqual({ value: 'Nur Deutsch', lang: 'de' });
    expect(translator('en').text({ de: 'Deutsch', en: 'English' })).toBe('English');
  });
});
