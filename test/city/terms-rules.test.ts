import { describe, expect, it } from 'vitest';
import { findOverlap, isCalendarDay, overlapFields, termForm, termsOverlap, type TermPeriod } from '../../src/city/terms-service.js';

const term = (startDate: string, endDate: string | null): TermPeriod => ({ startDate, endDate });
const current = term('2021-11-01', '2026-10-31');

describe('overlap of legislative terms', () => {
  it('finds terms that share a day, the first and last days included', () => {
    expect(termsOverlap(term('2026-10-31', '2031-10-31'), current)).toBe(true);
    expect(termsOverlap(term('2016-11-01', '2021-11-01'), current)).toBe(true);
    expect(termsOverlap(term('2022-01-01', '2023-01-01'), current)).toBe(true);
    expect(termsOverlap(term('2016-01-01', '2036-01-01'), current)).toBe(true);
  });

  it('lets terms follow one another day by day', () => {
    expect(termsOverlap(term('2026-11-01', '2031-10-31'), current)).toBe(false);
    expect(termsOverlap(term('2016-11-01', '2021-10-31'), current)).toBe(false);
    expect(termsOverlap(term('2021-11-01', '2021-11-01'), term('2021-11-02', null))).toBe(false);
  });

  it('treats a term without an end as running on', () => {
    const open = term('2031-11-01', null);
    expect(termsOverlap(open, term('2040-01-01', '2045-01-01'))).toBe(true);
    expect(termsOverlap(term('2040-01-01', '2045-01-01'), open)).toBe(true);
    expect(termsOverlap(open, term('2026-11-01', '2031-10-31'))).toBe(false);
    expect(termsOverlap(open, term('2026-11-01', '2031-11-01'))).toBe(true);
    expect(termsOverlap(term('2035-01-01', null), open)).toBe(true);
    expect(termsOverlap(term('2020-01-01', null), term('2031-11-01', null))).toBe(true);
    expect(termsOverlap(term('2020-01-01', '2031-10-31'), open)).toBe(false);
  });

  it('names the earliest colliding term and leaves out the term being edited', () => {
    const terms = [
      { id: 3, ...term('2026-11-01', '2031-10-31') },
      { id: 1, ...term('2016-11-01', '2021-10-31') },
      { id: 2, ...term('2021-11-01', '2026-10-31') },
    ];
    expect(findOverlap(term('2020-01-01', '2028-01-01'), terms)?.id).toBe(1);
    expect(findOverlap(term('2020-01-01', '2028-01-01'), terms, 1)?.id).toBe(2);
    expect(findOverlap(term('2021-11-01', '2026-12-31'), terms, 2)?.id).toBe(3);
    expect(findOverlap(term('2031-11-01', null), terms)).toBeUndefined();
    expect(findOverlap(term('2010-01-01', null), [])).toBeUndefined();
  });

  it('marks the date that falls inside the other term, or both when the new term encloses it', () => {
    expect(overlapFields(term('2024-01-01', '2028-01-01'), current)).toEqual(['startDate']);
    expect(overlapFields(term('2020-01-01', '2022-01-01'), current)).toEqual(['endDate']);
    expect(overlapFields(term('2022-01-01', '2023-01-01'), current)).toEqual(['startDate', 'endDate']);
    expect(overlapFields(term('2020-01-01', '2030-01-01'), current)).toEqual(['startDate', 'endDate']);
    expect(overlapFields(term('2020-01-01', null), current)).toEqual(['startDate', 'endDate']);
    expect(overlapFields(term('2020-01-01', null), term('2030-01-01', null))).toEqual(['endDate']);
    expect(overlapFields(term('2035-01-01', '2036-01-01'), term('2030-01-01', null))).toEqual(['startDate', 'endDate']);
  });
});

describe('the form of a legislative term', () => {
  const issues = (values: Record<string, unknown>) => {
    const result = termForm.safeParse(values);
    // A field may fail more than one check; the form shows its first message, once.
    return result.success ? [] : [...new Set(result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`))];
  };

  it('accepts a name and real calendar days, an empty end meaning open-ended', () => {
    expect(termForm.parse({ name: '  Wahlperiode 2031–2036 ', startDate: '2031-11-01', endDate: '2036-10-31' })).toEqual({ name: 'Wahlperiode 2031–2036', startDate: '2031-11-01', endDate: '2036-10-31' });
    expect(termForm.parse({ name: 'W', startDate: '2031-11-01', endDate: ' ' })).toEqual({ name: 'W', startDate: '2031-11-01', endDate: null });
    expect(termForm.parse({ name: 'W', startDate: '2031-11-01', endDate: '2031-11-01' }).endDate).toBe('2031-11-01');
  });

  it('refuses an end before the start, even beside another mistake', () => {
    expect(issues({ name: 'W', startDate: '2031-11-01', endDate: '2031-10-31' })).toEqual(['endDate: terms.error.endBeforeStart']);
    expect(issues({ name: '', startDate: '2031-11-01', endDate: '2031-10-31' })).toContain('endDate: terms.error.endBeforeStart');
  });

  it('refuses names out of bounds and dates that are not YYYY-MM-DD days', () => {
    expect(issues({ name: ' ', startDate: '2031-11-01', endDate: '' })).toHaveLength(1);
    expect(issues({ name: 'x'.repeat(201), startDate: '2031-11-01', endDate: '' })).toHaveLength(1);
    expect(issues({ name: 'x'.repeat(200), startDate: '2031-11-01', endDate: '' })).toEqual([]);
    for (const bad of ['2031-02-30', '01.11.2031', '2031-1-1', '20311-01-01', 'morgen', '1899-12-31']) {
      expect(issues({ name: 'W', startDate: bad, endDate: '' }), bad).toEqual(['startDate: form.error.date']);
      expect(issues({ name: 'W', startDate: '1950-01-01', endDate: bad }), bad).toEqual(['endDate: form.error.date']);
    }
    expect(issues({ name: 'W', startDate: ['2031-11-01', '2031-11-02'], endDate: '' })).toHaveLength(1);
  });

  it('knows the calendar', () => {
    expect(isCalendarDay('2028-02-29')).toBe(true);
    expect(isCalendarDay('2027-02-29')).toBe(false);
    expect(isCalendarDay('2031-13-01')).toBe(false);
    expect(isCalendarDay('2031-11-01 ')).toBe(false);
  });
});
