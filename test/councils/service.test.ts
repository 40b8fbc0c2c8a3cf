import { describe, expect, it } from 'vitest';
import { checkEligibility, computeComposition, councilGenitive } from '../../src/councils/service.js';
import { slugify } from '../../src/councils/slug.js';

const categories = [
  { id: 1, quota: 6, forMigrationBackground: false },
  { id: 2, quota: 2, forMigrationBackground: false },
  { id: 3, quota: 11, forMigrationBackground: true },
];
const seats = (counts: Record<number, number>) => Object.entries(counts).flatMap(([id, n]) => Array.from({ length: n }, () => ({ seatCategoryId: Number(id) })));

describe('seat composition', () => {
  it('counts filled seats per category against the quota (Herrenhausen-Stöcken: 6 + 2 + 11)', () => {
    const c = computeComposition(categories, seats({ 1: 6, 2: 2, 3: 11 }), 50);
    expect(c.rows.map((r) => [r.filled, r.quota])).toEqual([
      [6, 6],
      [2, 2],
      [11, 11],
    ]);
    expect(c.totalQuota).toBe(19);
    expect(c.totalFilled).toBe(19);
    expect(c.migrationShareMet).toBe(true);
  });

  it('reports vacancies and seats over quota', () => {
    const c = computeComposition(categories, seats({ 1: 7, 3: 9 }), 50);
    expect(c.rows[0]).toMatchObject({ filled: 7, vacant: 0, overQuota: 1 });
    expect(c.rows[1]).toMatchObject({ filled: 0, vacant: 2, overQuota: 0 });
    expect(c.rows[2]).toMatchObject({ filled: 9, vacant: 2 });
  });

  it('holds the migration share at exactly half and fails just below it', () => {
    expect(computeComposition(categories, seats({ 1: 4, 3: 4 }), 50).migrationShareMet).toBe(true);
    expect(computeComposition(categories, seats({ 1: 5, 3: 4 }), 50).migrationShareMet).toBe(false);
  });

  it('does not call an empty council compliant', () => {
    const c = computeComposition(categories, [], 50);
    expect(c.migrationSharePercent).toBe(0);
    expect(c.migrationShareMet).toBe(false);
  });
});

describe('eligibility', () => {
  const rules = { eligibilityMinAge: 16, eligibilityTies: ['lives', 'works'] as const };
  it('accepts someone of 16 who works in the district', () => {
    expect(checkEligibility(rules, { age: 16, ties: ['works'] })).toEqual({ eligible: true, reasons: [] });
  });
  it('refuses someone of 15, and a tie the council does not accept', () => {
    expect(checkEligibility(rules, { age: 15, ties: ['lives'] }).reasons).toEqual(['too_young']);
    expect(checkEligibility(rules, { age: 30, ties: ['club'] }).reasons).toEqual(['no_tie']);
    expect(checkEligibility(rules, { ties: [] }).reasons).toEqual(['age_unknown', 'no_tie']);
  });
});

describe('slugs', () => {
  it('turns district names into URL slugs', () => {
    expect(slugify('Herrenhausen-Stöcken')).toBe('herrenhausen-stoecken');
    expect(slugify('Kirchrode-Bemerode-Wülferode')).toBe('kirchrode-bemerode-wuelferode');
    expect(slugify('Südstadt-Bult')).toBe('suedstadt-bult');
    expect(slugify('  Straße  am Ufer ')).toBe('strasse-am-ufer');
  });
});

describe('councilGenitive', () => {
  it('adds the genitive s to a "…beirat" name in German, leaves other names and English alone', () => {
    expect(councilGenitive('Integrationsbeirat Mitte', 'de')).toBe('Integrationsbeirats Mitte');
    expect(councilGenitive('Integrationsbeirat Herrenhausen-Stöcken', 'de')).toBe('Integrationsbeirats Herrenhausen-Stöcken');
    expect(councilGenitive('Seniorenbeirat', 'de')).toBe('Seniorenbeirats');
    expect(councilGenitive('Migrationsausschuss Nord', 'de')).toBe('Migrationsausschuss Nord');
    expect(councilGenitive('Integrationsbeiratsforum', 'de')).toBe('Integrationsbeiratsforum');
    expect(councilGenitive('Integration Council Mitte', 'en')).toBe('Integration Council Mitte');
  });
});
