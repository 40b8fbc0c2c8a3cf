import { describe, expect, it } from 'vitest';
import { createFormatter } from '../../src/infra/i18n/format.js';
import { directionOf, splitLocalePath } from '../../src/infra/i18n/locales.js';
import { berlinDate } from '../../src/infra/time.js';

const nbsp = '\u00a0';

describe('formatting', () => {
  it('formats money from cents in the reader’s locale', () => {
    expect(createFormatter('de').money(220000)).toBe(`2.200,00${nbsp}€`);
    expect(createFormatter('en').money(220000)).toBe('€2,200.00');
    expect(createFormatter('de').money(5)).toBe(`0,05${nbsp}€`);
  });

  it('shows times in Berlin, winter and summer, whatever the server’s zone', () => {
    const de = createFormatter('de');
    expect(de.time(new Date('2026-01-12T17:30:00Z'))).toBe('18:30');
    expect(de.time(new Date('2026-07-13T16:30:00Z'))).toBe('18:30');
  });

  it('treats a calendar date as that day in Berlin', () => {
    expect(createFormatter('de').dateLong('2026-12-14')).toBe('Montag, 14. Dezember 2026');
    expect(createFormatter('en').dateLong('2026-12-14')).toBe('Monday, 14 December 2026');
    expect(berlinDate(new Date('2026-12-31T23:30:00Z'))).toBe('2027-01-01');
  });
});

describe('language paths', () => {
  it('splits the language prefix off a path', () => {
    expect(splitLocalePath('/en/beiraete/mitte')).toEqual({ locale: 'en', rest: '/beiraete/mitte' });
    expect(splitLocalePath('/en')).toEqual({ locale: 'en', rest: '/' });
    expect(splitLocalePath('/beiraete/mitte')).toEqual({ locale: 'de', rest: '/beiraete/mitte' });
    expect(splitLocalePath('/de/beiraete')).toEqual({ locale: 'de', rest: '/de/beiraete' });
    expect(splitLocalePath('/english')).toEqual({ locale: 'de', rest: '/english' });
  });

  it('knows right-to-left scripts', () => {
    expect(directionOf('ar')).toBe('rtl');
    expect(directionOf('fa-IR')).toBe('rtl');
    expect(directionOf('tr')).toBe('ltr');
  });
});
