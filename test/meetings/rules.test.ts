import { describe, expect, it } from 'vitest';
import {
  invitationInTime,
  isPublicHoliday,
  isWorkingDay,
  latestInvitationDate,
  numberAgenda,
  presentAt,
  publicHolidays,
  quorum,
  voteOutcome,
  type AttendanceAtItem,
  type Headcount,
  type InvitationRule,
} from '../../src/meetings/rules.js';
import { compareAgendaNumbers } from '../../src/meetings/service.js';

describe('numberAgenda', () => {
  it('numbers main items and their sub-items', () => {
    expect(numberAgenda([0, 0, 1, 1, 0])).toEqual(['1', '2', '2.1', '2.2', '3']);
  });

  it('gives an empty agenda no numbers', () => {
    expect(numberAgenda([])).toEqual([]);
  });

  it('numbers a leading sub-item as a main item, and later sub-items under it', () => {
    expect(numberAgenda([1])).toEqual(['1']);
    expect(numberAgenda([1, 1, 0, 1])).toEqual(['1', '1.1', '2', '2.1']);
  });

  it('restarts sub-item numbering under each main item', () => {
    expect(numberAgenda([0, 1, 1, 1, 0, 1])).toEqual(['1', '1.1', '1.2', '1.3', '2', '2.1']);
  });

  it('counts many sub-items past 9', () => {
    const numbers = numberAgenda([0, ...Array<1>(12).fill(1)]);
    expect(numbers.slice(-3)).toEqual(['1.10', '1.11', '1.12']);
    expect(numbers).toHaveLength(13);
  });

  it('counts ten and more main items, in an order compareAgendaNumbers agrees with', () => {
    const levels: (0 | 1)[] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0];
    const numbers = numberAgenda(levels);
    expect(numbers.slice(8)).toEqual(['9', '10', '10.1', '10.2', '11', '12']);
    expect([...numbers].sort(compareAgendaNumbers)).toEqual(numbers);
  });

  it('rejects a level other than 0 or 1', () => {
    expect(() => numberAgenda([0, 2 as 1])).toThrow(RangeError);
  });
});

describe('public holidays in Lower Saxony', () => {
  it('lists 2025 (Easter Sunday 20 April)', () => {
    expect(publicHolidays(2025)).toEqual([
      '2025-01-01',
      '2025-04-18',
      '2025-04-21',
      '2025-05-01',
      '2025-05-29',
      '2025-06-09',
      '2025-10-03',
      '2025-10-31',
      '2025-12-25',
      '2025-12-26',
    ]);
  });

  it('lists 2026 (Easter Sunday 5 April)', () => {
    expect(publicHolidays(2026)).toEqual([
      '2026-01-01',
      '2026-04-03',
      '2026-04-06',
      '2026-05-01',
      '2026-05-14',
      '2026-05-25',
      '2026-10-03',
      '2026-10-31',
      '2026-12-25',
      '2026-12-26',
    ]);
  });

  it('lists 2027 (Easter Sunday 28 March)', () => {
    expect(publicHolidays(2027)).toEqual([
      '2027-01-01',
      '2027-03-26',
      '2027-03-29',
      '2027-05-01',
      '2027-05-06',
      '2027-05-17',
      '2027-10-03',
      '2027-10-31',
      '2027-12-25',
      '2027-12-26',
    ]);
  });

  it('has Reformationstag from 2017 (the one-off national day) but not before', () => {
    expect(isPublicHoliday('2016-10-31')).toBe(false);
    expect(publicHolidays(2016)).toHaveLength(9);
    expect(isPublicHoliday('2017-10-31')).toBe(true);
    expect(isPublicHoliday('2018-10-31')).toBe(true);
    expect(isPublicHoliday('2026-10-31')).toBe(true);
  });

  it('lists a date once when Christi Himmelfahrt falls on 1 May (2008)', () => {
    const holidays = publicHolidays(2008);
    expect(holidays.filter((d) => d === '2008-05-01')).toHaveLength(1);
    expect(holidays).toEqual([...new Set(holidays)].sort());
  });

  it('does not hand out its cached list to be changed', () => {
    publicHolidays(2026).push('2026-07-01');
    expect(isPublicHoliday('2026-07-01')).toBe(false);
  });

  it('is no holiday on an ordinary day, or on Easter Sunday itself', () => {
    expect(isPublicHoliday('2026-04-07')).toBe(false);
    expect(isPublicHoliday('2026-04-05')).toBe(false); // a Sunday, but not a listed holiday
  });

  it('rejects malformed dates and years', () => {
    expect(() => isPublicHoliday('2026-02-30')).toThrow(RangeError);
    expect(() => isPublicHoliday('26-10-03')).toThrow(RangeError);
    expect(() => publicHolidays(2026.5)).toThrow(RangeError);
  });
});

describe('isWorkingDay', () => {
  it('is Monday to Friday', () => {
    expect(isWorkingDay('2026-12-14')).toBe(true); // Monday
    expect(isWorkingDay('2026-12-18')).toBe(true); // Friday
    expect(isWorkingDay('2026-12-19')).toBe(false); // Saturday
    expect(isWorkingDay('2026-12-20')).toBe(false); // Sunday
  });

  it('is not a public holiday on a weekday', () => {
    expect(isWorkingDay('2026-04-03')).toBe(false); // Karfreitag
    expect(isWorkingDay('2026-04-06')).toBe(false); // Ostermontag
    expect(isWorkingDay('2025-10-03')).toBe(false); // Friday, Tag der Deutschen Einheit
    expect(isWorkingDay('2025-10-31')).toBe(false); // Friday, Reformationstag
  });
});

/** A Berlin wall-clock time given with its UTC offset, e.g. berlin('2026-03-30T00:30', 2). */
const berlin = (local: string, offsetHours: 1 | 2) => new Date(`${local}:00+0${offsetHours}:00`);

const calendar = (periodDays: number): InvitationRule => ({ periodDays, counting: 'calendar_days' });
const working = (periodDays: number): InvitationRule => ({ periodDays, counting: 'working_days' });

describe('latestInvitationDate', () => {
  it('counts calendar days between sending day and meeting day, neither included', () => {
    // 7 to 13 December are the seven days in between.
    expect(latestInvitationDate(berlin('2026-12-14T18:00', 1), calendar(7))).toBe('2026-12-06');
    expect(latestInvitationDate(berlin('2026-12-14T18:00', 1), calendar(1))).toBe('2026-12-12');
  });

  it('needs the day before the meeting at the least, even for a period of 0 days', () => {
    expect(latestInvitationDate(berlin('2026-12-14T18:00', 1), calendar(0))).toBe('2026-12-13');
    expect(latestInvitationDate(berlin('2026-12-14T18:00', 1), working(0))).toBe('2026-12-13');
  });

  it('skips the weekend when counting working days', () => {
    // Mon 14 Dec, 3 working days: Fri 11, Thu 10, Wed 9; so out by Tue 8.
    expect(latestInvitationDate(berlin('2026-12-14T18:00', 1), working(3))).toBe('2026-12-08');
    // Only the days in between are counted: the latest day may itself be a Sunday.
    expect(latestInvitationDate(berlin('2026-12-15T18:00', 1), working(1))).toBe('2026-12-13');
  });

  it('skips Easter (Karfreitag and Ostermontag) when counting working days', () => {
    // Thu 9 Apr 2026, 3 working days: Wed 8, Tue 7, (Mon 6 Ostermontag, weekend, Fri 3 Karfreitag), Thu 2.
    expect(latestInvitationDate(berlin('2026-04-09T18:00', 2), working(3))).toBe('2026-04-01');
    // The Tuesday after Easter Monday, 1 working day: Thu 2 April.
    expect(latestInvitationDate(berlin('2026-04-07T18:00', 2), working(1))).toBe('2026-04-01');
  });

  it('skips 3 October and 31 October when counting working days', () => {
    // Tue 7 Oct 2025, 3 working days: Mon 6, (weekend, Fri 3 Oct), Thu 2, Wed 1.
    expect(latestInvitationDate(berlin('2025-10-07T18:00', 2), working(3))).toBe('2025-09-30');
    // Mon 3 Nov 2025, 2 working days: (weekend, Fri 31 Oct), Thu 30, Wed 29.
    expect(latestInvitationDate(berlin('2025-11-03T18:00', 1), working(2))).toBe('2025-10-28');
  });

  it('skips Christmas and New Year across the turn of the year', () => {
    // Mon 4 Jan 2027, 5 working days: (weekend, Fri 1 Jan), Thu 31, Wed 30, Tue 29, Mon 28,
    // (Sun 27, Sat 26, Fri 25 Dec), Thu 24.
    expect(latestInvitationDate(berlin('2027-01-04T18:00', 1), working(5))).toBe('2026-12-23');
    // With calendar days the holidays count like any day.
    expect(latestInvitationDate(berlin('2027-01-04T18:00', 1), calendar(5))).toBe('2026-12-29');
  });

  it('handles a meeting held on a public holiday, whose day is not counted either way', () => {
    // Ostermontag 6 Apr 2026, 1 working day: (Sun 5, Sat 4, Fri 3 Karfreitag), Thu 2.
    expect(latestInvitationDate(berlin('2026-04-06T11:00', 2), working(1))).toBe('2026-04-01');
    expect(latestInvitationDate(berlin('2026-04-06T11:00', 2), calendar(1))).toBe('2026-04-04');
  });

  it('uses the Berlin date of the meeting across the spring clock change', () => {
    // Clocks go forward on Sunday 29 March 2026. 00:30 on Monday 30 March is still 29 March in UTC.
    const earlyMonday = berlin('2026-03-30T00:30', 2);
    expect(earlyMonday.toISOString().slice(0, 10)).toBe('2026-03-29');
    const lateMonday = berlin('2026-03-30T23:30', 2);
    expect(latestInvitationDate(earlyMonday, calendar(7))).toBe('2026-03-22');
    expect(latestInvitationDate(lateMonday, calendar(7))).toBe('2026-03-22');
    // Tue 31 March 00:30 (30 March in UTC), 2 working days: Mon 30, Fri 27.
    expect(latestInvitationDate(berlin('2026-03-31T00:30', 2), working(2))).toBe('2026-03-26');
  });

  it('uses the Berlin date of the meeting across the autumn clock change', () => {
    // Clocks go back on Sunday 25 October 2026; the seven days in between are 26 Oct to 1 Nov.
    const earlyMonday = berlin('2026-11-02T00:30', 1);
    expect(earlyMonday.toISOString().slice(0, 10)).toBe('2026-11-01');
    expect(latestInvitationDate(earlyMonday, calendar(7))).toBe('2026-10-25');
    expect(latestInvitationDate(berlin('2026-11-02T23:30', 1), calendar(7))).toBe('2026-10-25');
    // Mon 2 Nov, 5 working days: Fri 30, Thu 29, Wed 28, Tue 27, Mon 26 (31 Oct is a Saturday).
    expect(latestInvitationDate(earlyMonday, working(5))).toBe('2026-10-25');
    expect(latestInvitationDate(earlyMonday, working(6))).toBe('2026-10-22');
  });

  it('rejects a negative or fractional period', () => {
    expect(() => latestInvitationDate(berlin('2026-12-14T18:00', 1), calendar(-1))).toThrow(RangeError);
    expect(() => latestInvitationDate(berlin('2026-12-14T18:00', 1), working(1.5))).toThrow(RangeError);
  });
});

describe('invitationInTime', () => {
  const meeting = berlin('2026-12-14T18:00', 1);

  it('is in time all through the latest day, Berlin time, and too late from the next', () => {
    expect(invitationInTime(berlin('2026-12-05T09:00', 1), meeting, calendar(7))).toBe(true);
    expect(invitationInTime(berlin('2026-12-06T00:00', 1), meeting, calendar(7))).toBe(true);
    expect(invitationInTime(berlin('2026-12-06T23:59', 1), meeting, calendar(7))).toBe(true);
    // 00:00 on 7 December in Berlin is still 6 December in UTC.
    const midnight = berlin('2026-12-07T00:00', 1);
    expect(midnight.toISOString().slice(0, 10)).toBe('2026-12-06');
    expect(invitationInTime(midnight, meeting, calendar(7))).toBe(false);
    expect(invitationInTime(berlin('2026-12-07T12:00', 1), meeting, calendar(7))).toBe(false);
  });

  it('compares Berlin dates around the spring clock change', () => {
    const monday = berlin('2026-03-30T00:30', 2);
    // 22 March is still winter time.
    expect(invitationInTime(berlin('2026-03-22T23:30', 1), monday, calendar(7))).toBe(true);
    expect(invitationInTime(berlin('2026-03-23T00:30', 1), monday, calendar(7))).toBe(false);
  });

  it('applies working-day counting: the latest day in time, the next day too late', () => {
    const afterEaster = berlin('2026-04-09T18:00', 2);
    expect(invitationInTime(berlin('2026-04-01T20:00', 2), afterEaster, working(3))).toBe(true);
    expect(invitationInTime(berlin('2026-04-02T08:00', 2), afterEaster, working(3))).toBe(false);
  });
});

describe('quorum', () => {
  const votingMajority = { rule: 'majority_of_voting_members', fixedNumber: null } as const;
  const allMajority = { rule: 'majority_of_all_members', fixedNumber: null } as const;
  const fixed = (n: number) => ({ rule: 'fixed_number', fixedNumber: n }) as const;
  const count = (members: number, votingMembers: number, present: number, presentVoting: number): Headcount => ({
    members,
    votingMembers,
    present,
    presentVoting,
  });

  it('is not reached with exactly half of the voting members present', () => {
    expect(quorum(votingMajority, count(12, 10, 7, 5))).toEqual({ required: 6, present: 5, reached: false });
  });

  it('is reached with half plus one', () => {
    expect(quorum(votingMajority, count(12, 10, 6, 6))).toEqual({ required: 6, present: 6, reached: true });
  });

  it('needs more than half of an odd number', () => {
    expect(quorum(votingMajority, count(9, 9, 4, 4))).toEqual({ required: 5, present: 4, reached: false });
    expect(quorum(votingMajority, count(9, 9, 5, 5))).toEqual({ required: 5, present: 5, reached: true });
    expect(quorum(votingMajority, count(1, 1, 1, 1))).toEqual({ required: 1, present: 1, reached: true });
  });

  it('counts every member present under the all-members rule', () => {
    // 12 members, 8 with a vote; 7 present, only 4 of them voting.
    expect(quorum(allMajority, count(12, 8, 7, 4))).toEqual({ required: 7, present: 7, reached: true });
    expect(quorum(votingMajority, count(12, 8, 7, 4))).toEqual({ required: 5, present: 4, reached: false });
    expect(quorum(allMajority, count(12, 8, 6, 6))).toEqual({ required: 7, present: 6, reached: false });
  });

  it('counts voting members present against a fixed number', () => {
    expect(quorum(fixed(3), count(10, 8, 3, 3))).toEqual({ required: 3, present: 3, reached: true });
    expect(quorum(fixed(3), count(10, 8, 5, 2))).toEqual({ required: 3, present: 2, reached: false });
  });

  it('never has a quorum without members, or without voting members', () => {
    expect(quorum(votingMajority, count(0, 0, 0, 0)).reached).toBe(false);
    expect(quorum(allMajority, count(0, 0, 0, 0))).toEqual({ required: 1, present: 0, reached: false });
    expect(quorum(fixed(1), count(0, 0, 0, 0)).reached).toBe(false);
    // Three advisory members only: all present, yet nobody could vote.
    expect(quorum(allMajority, count(3, 0, 3, 0)).reached).toBe(false);
  });

  it('rejects a fixed-number rule without a positive number, and impossible counts', () => {
    expect(() => quorum({ rule: 'fixed_number', fixedNumber: null }, count(5, 5, 5, 5))).toThrow(RangeError);
    expect(() => quorum(fixed(0), count(5, 5, 5, 5))).toThrow(RangeError);
    expect(() => quorum(votingMajority, count(5, 5, 6, 5))).toThrow(RangeError);
    expect(() => quorum(votingMajority, count(5, 5, 3, 4))).toThrow(RangeError);
    expect(() => quorum(votingMajority, count(5, 5, -1, 0))).toThrow(RangeError);
    expect(() => quorum(votingMajority, count(5, 6, 3, 3))).toThrow(RangeError);
  });
});

describe('presentAt', () => {
  const attendance = (
    status: AttendanceAtItem['status'],
    arrivedAtPosition: number | null = null,
    leftAtPosition: number | null = null,
  ): AttendanceAtItem => ({ status, arrivedAtPosition, leftAtPosition });

  it('is present throughout when there from the start and staying', () => {
    expect(presentAt(attendance('present'), 1)).toBe(true);
    expect(presentAt(attendance('present'), 40)).toBe(true);
  });

  it('counts a late arrival from the item they arrived at', () => {
    expect(presentAt(attendance('present', 3), 2)).toBe(false);
    expect(presentAt(attendance('present', 3), 3)).toBe(true);
    expect(presentAt(attendance('present', 3), 4)).toBe(true);
  });

  it('counts an early departure up to the item before the first one missed', () => {
    expect(presentAt(attendance('present', null, 5), 4)).toBe(true);
    expect(presentAt(attendance('present', null, 5), 5)).toBe(false);
    expect(presentAt(attendance('present', null, 5), 6)).toBe(false);
  });

  it('handles arriving late and leaving early', () => {
    const brief = attendance('present', 2, 4);
    expect([1, 2, 3, 4].map((p) => presentAt(brief, p))).toEqual([false, true, true, false]);
    // Left before the item they arrived at: present at none.
    expect(presentAt(attendance('present', 3, 3), 3)).toBe(false);
  });

  it('is never present when excused or absent', () => {
    expect(presentAt(attendance('excused'), 1)).toBe(false);
    expect(presentAt(attendance('absent'), 1)).toBe(false);
    expect(presentAt(attendance('absent', 1, null), 2)).toBe(false);
  });
});

describe('voteOutcome', () => {
  const counts = (yes: number, no: number, abstain: number) => ({ kind: 'counts', yes, no, abstain }) as const;
  const byDefault = { tieRule: 'rejected', eligibleVoters: 9 } as const;
  const chair = (chairCastingVote?: boolean | null) => ({ tieRule: 'chair_decides', eligibleVoters: 9, chairCastingVote }) as const;

  it('adopts with more yes than no, and rejects otherwise', () => {
    expect(voteOutcome(counts(5, 3, 1), byDefault)).toEqual({ ok: true, result: 'adopted', tie: false, yes: 5, no: 3, abstain: 1 });
    expect(voteOutcome(counts(3, 5, 1), byDefault)).toEqual({ ok: true, result: 'rejected', tie: false, yes: 3, no: 5, abstain: 1 });
    expect(voteOutcome(counts(1, 0, 0), byDefault)).toMatchObject({ ok: true, result: 'adopted', tie: false });
  });

  it('leaves abstentions out of the majority', () => {
    expect(voteOutcome(counts(2, 1, 6), byDefault)).toMatchObject({ ok: true, result: 'adopted', tie: false });
  });

  it('rejects a tie by default, and ignores a casting vote then', () => {
    expect(voteOutcome(counts(4, 4, 1), byDefault)).toEqual({ ok: true, result: 'rejected', tie: true, yes: 4, no: 4, abstain: 1 });
    expect(voteOutcome(counts(4, 4, 1), { ...byDefault, chairCastingVote: true })).toMatchObject({ result: 'rejected', tie: true });
  });

  it('lets the chair decide a tie under chair_decides', () => {
    expect(voteOutcome(counts(4, 4, 1), chair(true))).toEqual({ ok: true, result: 'adopted', tie: true, yes: 4, no: 4, abstain: 1 });
    expect(voteOutcome(counts(4, 4, 1), chair(false))).toEqual({ ok: true, result: 'rejected', tie: true, yes: 4, no: 4, abstain: 1 });
  });

  it('requires the casting vote for a tie under chair_decides', () => {
    expect(voteOutcome(counts(4, 4, 1), chair())).toEqual({ ok: false, error: 'chair_vote_missing' });
    expect(voteOutcome(counts(4, 4, 1), chair(null))).toEqual({ ok: false, error: 'chair_vote_missing' });
  });

  it('needs no casting vote when there is no tie, and ignores one given', () => {
    expect(voteOutcome(counts(5, 3, 0), chair())).toMatchObject({ ok: true, result: 'adopted', tie: false });
    expect(voteOutcome(counts(5, 3, 0), chair(false))).toMatchObject({ ok: true, result: 'adopted', tie: false });
  });

  it('treats everyone abstaining as a tie', () => {
    expect(voteOutcome(counts(0, 0, 9), byDefault)).toEqual({ ok: true, result: 'rejected', tie: true, yes: 0, no: 0, abstain: 9 });
    expect(voteOutcome(counts(0, 0, 9), chair())).toEqual({ ok: false, error: 'chair_vote_missing' });
    expect(voteOutcome(counts(0, 0, 9), chair(true))).toMatchObject({ ok: true, result: 'adopted', tie: true });
  });

  it('rejects more votes than eligible voters once barred members are taken out', () => {
    // 9 voting members present, 2 barred for a conflict of interest.
    const eligibleVoters = 9 - 2;
    expect(voteOutcome(counts(4, 3, 1), { tieRule: 'rejected', eligibleVoters })).toEqual({ ok: false, error: 'too_many_votes' });
    expect(voteOutcome(counts(4, 3, 0), { tieRule: 'rejected', eligibleVoters })).toMatchObject({ ok: true, result: 'adopted' });
    expect(voteOutcome(counts(3, 3, 1), { tieRule: 'chair_decides', eligibleVoters: 6 })).toEqual({
      ok: false,
      error: 'too_many_votes',
    });
  });

  it('fills in the counts of a unanimous vote', () => {
    expect(voteOutcome({ kind: 'unanimous' }, { tieRule: 'rejected', eligibleVoters: 7 })).toEqual({
      ok: true,
      result: 'adopted',
      tie: false,
      yes: 7,
      no: 0,
      abstain: 0,
    });
  });

  it('cannot be unanimous, or held at all, with no eligible voters', () => {
    expect(voteOutcome({ kind: 'unanimous' }, { tieRule: 'rejected', eligibleVoters: 0 })).toEqual({ ok: false, error: 'no_eligible_voters' });
    expect(voteOutcome(counts(0, 0, 0), { tieRule: 'chair_decides', eligibleVoters: 0, chairCastingVote: true })).toEqual({
      ok: false,
      error: 'no_eligible_voters',
    });
    expect(voteOutcome(counts(1, 0, 0), { tieRule: 'rejected', eligibleVoters: 0 })).toEqual({ ok: false, error: 'no_eligible_voters' });
  });

  it('rejects negative and non-integer counts before anything else', () => {
    for (const vote of [counts(-1, 0, 0), counts(0, -2, 0), counts(0, 0, -1), counts(1.5, 0, 0), counts(Number.NaN, 0, 0), counts(Infinity, 0, 0)]) {
      expect(voteOutcome(vote, byDefault)).toEqual({ ok: false, error: 'negative' });
    }
    expect(voteOutcome(counts(-1, 0, 0), { tieRule: 'rejected', eligibleVoters: 0 })).toEqual({ ok: false, error: 'negative' });
    expect(voteOutcome(counts(20, -1, 0), byDefault)).toEqual({ ok: false, error: 'negative' });
  });

  it('throws on an impossible number of eligible voters, which the caller computes', () => {
    expect(() => voteOutcome({ kind: 'unanimous' }, { tieRule: 'rejected', eligibleVoters: -1 })).toThrow(RangeError);
    expect(() => voteOutcome(counts(1, 0, 0), { tieRule: 'rejected', eligibleVoters: 2.5 })).toThrow(RangeError);
  });
});
