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
  const seats = (n: number, id: number) => Array.from({ length: n }, () => ({ seatCategoryId: id }));

  it('allows filling the last free seat and refuses one over the quota, naming category and quota', () => {
    expect(checkAppointment(categories, seats(5, 1), 1)).toEqual({ ok: true });
    expect(checkAppointment(categories, seats(6, 1), 1)).toEqual({ ok: false, reason: 'over_quota', category: 'Mitglieder des Stadtbezirksrats', quota: 6, filled: 6 });
    expect(checkAppointment(categories, seats(6, 1), 3)).toEqual({ ok: true });
    expect(checkAppointment(categories, [], 99)).toEqual({ ok: false, reason: 'unknown_category' });
  });

  it('ends a term the day before its anniversary, also from 29 February', () => {
    expect(defaultEndDate('2026-03-01', 5)).toBe('2031-02-28');
    expect(defaultEndDate('2024-02-29', 5)).toBe('2029-02-28');
    expect(defaultEndDate('2026-01-01', null)).toBeNull();
  });
});
