import { describe, expect, it } from 'vitest';
import { chairHistory, checkAppointment, defaultEndDate, displayName, splitByConsent, termYears } from '../../src/members/service.js';

describe('public member list', () => {
  it('names only members who consented and counts the others per category', () => {
    const members = [
      { id: 1, seatCategoryId: 1, publicConsent: true },
      { id: 2, seatCategoryId: 1, publicConsent: false },
      { id: 3, seatCategoryId: 3, publicConsent: false },
      { id: 4, seatCategoryId: 3, publicConsent: false },
    ];
    const result = splitByConsent(members);
    expect(result.named.map((m) => m.id)).toEqual([1]);
    expect(result.unnamedCount).toBe(3);
    expect([...result.unnamedByCategory]).toEqual([
      [1, 1],
      [3, 2],
    ]);
  });

  it('shows given and family name', () => {
    expect(displayName({ formOfAddress: 'Frau', givenName: 'Heide', familyName: 'Stolzenwald' })).toBe('Heide Stolzenwald');
  });
});

describe('chair history', () => {
  const terms = [
    { id: 'thimm', role: 'chair' as const, startDate: '2009-01-01', endDate: '2019-12-31', publicConsent: true },
    { id: 'stolzenwald', role: 'chair' as const, startDate: '2020-01-01', endDate: null, publicConsent: true },
    { id: 'deputy', role: 'deputy_chair' as const, startDate: '2022-03-01', endDate: null, publicConsent: true },
    { id: 'hidden', role: 'deputy_chair' as const, startDate: '2015-01-01', endDate: '2016-01-01', publicConsent: false },
  ];

  it('finds the chair in office, the deputies, and the former chairs', () => {
    const h = chairHistory(terms, '2026-11-25');
    expect(h.chair?.id).toBe('stolzenwald');
    expect(h.deputies.map((d) => d.id)).toEqual(['deputy']);
    expect(h.former.map((d) => d.id)).toEqual(['thimm']);
  });

  it('counts a term ending today as still in office', () => {
    expect(chairHistory(terms, '2019-12-31').chair?.id).toBe('thimm');
    expect(chairHistory(terms, '2020-01-01').chair?.id).toBe('stolzenwald');
  });

  it('gives the years of a term', () => {
    expect(termYears(terms[0]!)).toEqual({ from: 2009, to: 2019 });
    expect(termYears(terms[1]!)).toEqual({ from: 2020, to: null });
  });
});

describe('appointments', () => {
  const categories = [
    { id: 1, quota: 6, name: 'Mitglieder des Stadtbezirksrats' },
    { id: 3, quota: 11, name: 'Einwohnerinnen und Einwohner mit Migrationshintergrund' },
  ];
  const seats = (n: number, startDate = '2020-01-01', endDate: string | null = null) => Array.from({ length: n }, () => ({ startDate, endDate }));
  const term = (seatCategoryId: number) => ({ seatCategoryId, startDate: '2026-12-01', endDate: '2031-11-30' });

  it('allows filling the last free seat and refuses one over the quota, naming category and quota', () => {
    expect(checkAppointment(categories, seats(5), term(1))).toEqual({ ok: true });
    expect(checkAppointment(categories, seats(6), term(1))).toEqual({ ok: false, reason: 'over_quota', category: 'Mitglieder des Stadtbezirksrats', quota: 6, filled: 6 });
    expect(checkAppointment(categories, [], term(99))).toEqual({ ok: false, reason: 'unknown_category' });
  });

  it('counts seats taken later in the new term, and frees seats that end before it', () => {
    // Five seats now, and a sixth member appointed from next year: no room for another from December.
    expect(checkAppointment(categories, [...seats(5), ...seats(1, '2027-06-01')], term(1)).ok).toBe(false);
    // Six seats, but one ends the day before the new term: room.
    expect(checkAppointment(categories, [...seats(5), ...seats(1, '2020-01-01', '2026-11-30')], term(1))).toEqual({ ok: true });
  });

  it('ends a term the day before its anniversary, also from 29 February', () => {
    expect(defaultEndDate('2026-03-01', 5)).toBe('2031-02-28');
    expect(defaultEndDate('2024-02-29', 5)).toBe('2029-02-28');
    expect(defaultEndDate('2026-01-01', null)).toBeNull();
  });
});

/* Members administration */
import { addDays, chairTermsEndingWith, compositionWarnings, endingWithin, parseFormDate, peakOccupancy, periodsOverlap, planChairElection } from '../../src/members/service.js';
import { computeComposition } from '../../src/councils/service.js';

describe('dates typed in forms', () => {
  it('reads ISO dates and German dates typed by hand', () => {
    expect(parseFormDate('2026-03-01')).toBe('2026-03-01');
    expect(parseFormDate(' 1.3.2026 ')).toBe('2026-03-01');
    expect(parseFormDate('29.02.2028')).toBe('2028-02-29');
  });

  it('refuses days that do not exist and anything else', () => {
    for (const bad of ['31.02.2026', '2026-02-29', '2026-13-01', '00.01.2026', '1.1.26', 'morgen', '', '2026-3-1', '1.1.1800']) expect(parseFormDate(bad), bad).toBeNull();
  });

  it('moves dates across months and years', () => {
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2026-01-01', 90)).toBe('2026-04-01');
  });
});

describe('periods', () => {
  it('overlap when they share a day, open ends included', () => {
    expect(periodsOverlap({ startDate: '2026-01-01', endDate: '2026-01-31' }, { startDate: '2026-01-31', endDate: null })).toBe(true);
    expect(periodsOverlap({ startDate: '2026-01-01', endDate: '2026-01-30' }, { startDate: '2026-01-31', endDate: null })).toBe(false);
    expect(periodsOverlap({ startDate: '2026-01-01', endDate: null }, { startDate: '2020-01-01', endDate: null })).toBe(true);
  });

  it('counts the most periods in force on one day of a window', () => {
    const periods = [
      { startDate: '2020-01-01', endDate: '2026-03-31' },
      { startDate: '2026-04-01', endDate: null },
      { startDate: '2026-06-01', endDate: null },
      { startDate: '2027-01-01', endDate: null },
    ];
    expect(peakOccupancy(periods, '2026-01-01', '2026-05-31')).toBe(1);
    expect(peakOccupancy(periods, '2026-01-01', '2026-12-31')).toBe(2);
    expect(peakOccupancy(periods, '2026-01-01', null)).toBe(3);
    expect(peakOccupancy([], '2026-01-01', null)).toBe(0);
  });

  it('lists terms ending within the next days, soonest first', () => {
    const list = [
      { id: 1, startDate: '2021-01-01', endDate: '2026-05-01' },
      { id: 2, startDate: '2021-01-01', endDate: '2026-04-01' },
      { id: 3, startDate: '2021-01-01', endDate: null },
      { id: 4, startDate: '2021-01-01', endDate: '2026-01-31' },
      { id: 5, startDate: '2021-01-01', endDate: '2026-06-01' },
    ];
    expect(endingWithin(list, '2026-02-01', 90).map((m) => m.id)).toEqual([2, 1]);
  });
});

describe('composition warnings', () => {
  const categories = [
    { id: 1, quota: 2, forMigrationBackground: false },
    { id: 2, quota: 3, forMigrationBackground: true },
  ];
  it('names a category over its quota and a share below the minimum', () => {
    const composition = computeComposition(categories, [{ seatCategoryId: 1 }, { seatCategoryId: 1 }, { seatCategoryId: 1 }, { seatCategoryId: 2 }], 50);
    expect(compositionWarnings(composition, 50)).toEqual([
      { kind: 'over_quota', seatCategoryId: 1, filled: 3, quota: 2 },
      { kind: 'migration_share', percent: 25, minimum: 50 },
    ]);
  });
  it('has nothing to say about a composition within the rules, nor about an empty council', () => {
    expect(compositionWarnings(computeComposition(categories, [{ seatCategoryId: 1 }, { seatCategoryId: 2 }], 50), 50)).toEqual([]);
    expect(compositionWarnings(computeComposition(categories, [], 50), 50)).toEqual([]);
  });
});

describe('chair elections', () => {
  const terms = [
    { id: 1, personId: 10, role: 'chair' as const, startDate: '2009-01-01', endDate: '2019-12-31' },
    { id: 2, personId: 11, role: 'chair' as const, startDate: '2020-01-01', endDate: null },
    { id: 3, personId: 12, role: 'deputy_chair' as const, startDate: '2020-01-01', endDate: null },
  ];

  it('ends the running chair term the day before the new one', () => {
    expect(planChairElection(terms, { personId: 13, role: 'chair', startDate: '2026-03-01' })).toEqual({ ok: true, close: [{ id: 2, endDate: '2026-02-28' }] });
  });

  it('moves a deputy elected chair out of the deputy’s post', () => {
    expect(planChairElection(terms, { personId: 12, role: 'chair', startDate: '2026-03-01' })).toEqual({
      ok: true,
      close: [
        { id: 2, endDate: '2026-02-28' },
        { id: 3, endDate: '2026-02-28' },
      ],
    });
  });

  it('refuses a deputy where the council has none, and a start before the running term’s start', () => {
    expect(planChairElection(terms, { personId: 13, role: 'deputy_chair', startDate: '2026-03-01' })).toEqual({ ok: true, close: [{ id: 3, endDate: '2026-02-28' }] });
    expect(planChairElection(terms, { personId: 13, role: 'chair', startDate: '2020-01-01' })).toEqual({ ok: false, reason: 'starts_too_early', after: '2020-01-01' });
  });

  it('records the first chair of a new council', () => {
    expect(planChairElection([], { personId: 1, role: 'chair', startDate: '2026-03-01' })).toEqual({ ok: true, close: [] });
  });

  it('ends chair terms with the membership, unless one starts later', () => {
    const own = [terms[2]!];
    expect(chairTermsEndingWith(own, '2026-03-31')).toEqual({ close: [{ id: 3, endDate: '2026-03-31' }] });
    expect(chairTermsEndingWith([{ ...terms[2]!, endDate: '2026-01-31' }], '2026-03-31')).toEqual({ close: [] });
    expect(chairTermsEndingWith(own, '2019-12-31')).toEqual({ close: [], conflict: '2020-01-01' });
  });
});
