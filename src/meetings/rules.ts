// The rules of order of a council meeting as pure functions: agenda numbering, the invitation
// period, quorum, attendance at an item and the outcome of a vote. No I/O, no clock: callers pass
// in every instant and count, so the rules can be tested at their edges.

import { berlinDate } from '../infra/time.js';

const DAY_MS = 86_400_000;

// ---------------------------------------------------------------------------------------------
// Agenda numbering

/**
 * Agenda numbering from levels in order: [0,0,1,1,0] → ['1','2','2.1','2.2','3']. A level-1 item
 * with no main item before it is numbered as a main item.
 */
export function numberAgenda(levels: readonly (0 | 1)[]): string[] {
  const numbers: string[] = [];
  let main = 0;
  let sub = 0;
  for (const level of levels) {
    if (level !== 0 && level !== 1) throw new RangeError(`Agenda level must be 0 or 1, got ${String(level)}`);
    // A sub-item needs a parent; without one it would be numbered "0.1", which no agenda uses.
    if (level === 0 || main === 0) {
      main += 1;
      sub = 0;
      numbers.push(String(main));
    } else {
      sub += 1;
      numbers.push(`${main}.${sub}`);
    }
  }
  return numbers;
}

// ---------------------------------------------------------------------------------------------
// Calendar dates ('YYYY-MM-DD', no time zone: plain day arithmetic in UTC is exact)

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function parseIsoDate(date: string): { year: number; month: number; day: number } {
  const match = ISO_DATE.exec(date);
  if (match) {
    const year = Number(match[1]);
    const month = Number(match[2]);
    const day = Number(match[3]);
    const utc = new Date(Date.UTC(year, month - 1, day));
    // Rejects 2026-02-30 and the like, which Date.UTC would silently roll over.
    if (utc.getUTCFullYear() === year && utc.getUTCMonth() === month - 1 && utc.getUTCDate() === day) {
      return { year, month, day };
    }
  }
  throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${JSON.stringify(date)}`);
}

function toUtcMs(date: string): number {
  const { year, month, day } = parseIsoDate(date);
  return Date.UTC(year, month - 1, day);
}

function fromUtcMs(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function addDays(date: string, days: number): string {
  return fromUtcMs(toUtcMs(date) + days * DAY_MS);
}

// ---------------------------------------------------------------------------------------------
// Public holidays in Lower Saxony

// Years the four-digit format can express and the Gregorian computus applies to.
const FIRST_YEAR = 1583;
const LAST_YEAR = 9999;

/** Easter Sunday by the Gregorian computus (anonymous algorithm, Meeus/Jones/Butcher). */
function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return fromUtcMs(Date.UTC(year, month - 1, day));
}

const holidayCache = new Map<number, readonly string[]>();

function holidaysOf(year: number): readonly string[] {
  let holidays = holidayCache.get(year);
  if (!holidays) {
    const pad = String(year).padStart(4, '0');
    const easter = easterSunday(year);
    const dates = [
      `${pad}-01-01`, // Neujahr
      addDays(easter, -2), // Karfreitag
      addDays(easter, 1), // Ostermontag
      `${pad}-05-01`, // Tag der Arbeit
      addDays(easter, 39), // Christi Himmelfahrt
      addDays(easter, 50), // Pfingstmontag
      `${pad}-10-03`, // Tag der Deutschen Einheit
      `${pad}-12-25`, // 1. Weihnachtstag
      `${pad}-12-26`, // 2. Weihnachtstag
    ];
    // Reformationstag: a one-off national holiday in 2017 (500 years of the Reformation), a
    // statutory holiday in Lower Saxony since 2018.
    if (year >= 2017) dates.push(`${pad}-10-31`);
    // A Set because Christi Himmelfahrt can fall on 1 May (Easter on 23 March, e.g. 2008).
    holidays = [...new Set(dates)].sort();
    holidayCache.set(year, holidays);
  }
  return holidays;
}

/**
 * Lower Saxony (Niedersachsen) public holidays for a year, as 'YYYY-MM-DD' sorted: Neujahr,
 * Karfreitag, Ostermontag, 1. Mai, Christi Himmelfahrt, Pfingstmontag, Tag der Deutschen Einheit,
 * Reformationstag (31.10., a holiday in Lower Saxony since 2018; include it only for years >= 2018,
 * and 2017 as the one-off national day), 1./2. Weihnachtstag. Easter by the Gregorian computus.
 *
 * Today's list of holidays; apart from Reformationstag, earlier law (such as Buß- und Bettag until
 * 1994) is not modelled. Throws a RangeError for a year outside 1583–9999.
 */
export function publicHolidays(year: number): string[] {
  if (!Number.isInteger(year) || year < FIRST_YEAR || year > LAST_YEAR) {
    throw new RangeError(`Year out of range ${FIRST_YEAR}–${LAST_YEAR}: ${year}`);
  }
  return [...holidaysOf(year)];
}

/** Whether a calendar date 'YYYY-MM-DD' is a public holiday in Lower Saxony. */
export function isPublicHoliday(date: string): boolean {
  const { year } = parseIsoDate(date);
  if (year < FIRST_YEAR) throw new RangeError(`Year out of range ${FIRST_YEAR}–${LAST_YEAR}: ${year}`);
  return holidaysOf(year).includes(date);
}

/** Monday to Friday and not a public holiday. */
export function isWorkingDay(date: string): boolean {
  const weekday = new Date(toUtcMs(date)).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !isPublicHoliday(date);
}

// ---------------------------------------------------------------------------------------------
// Invitation period

export interface InvitationRule {
  periodDays: number;
  counting: 'calendar_days' | 'working_days';
}

/**
 * The period runs backwards from the meeting day (BGB §§ 187, 188 reading): between the day the
 * invitation is sent and the meeting day (both not counted) there must be at least `periodDays`
 * counted days (calendar days, or working days). Returns the last Berlin calendar date on which the
 * invitation can go out. Example: meeting Monday 2026-12-14, 7 calendar days → '2026-12-06'.
 *
 * The sending day itself may be any day, a Sunday or a holiday included: only the days in between
 * are counted. The deadline is not moved off a weekend (BGB § 193 protects someone who has to act
 * by a deadline; here it would only shorten the members' notice). A period of 0 days still needs
 * the invitation to go out the day before the meeting. Throws a RangeError for a negative or
 * non-integer period.
 */
export function latestInvitationDate(meetingStartsAt: Date, rule: InvitationRule): string {
  const { periodDays, counting } = rule;
  if (!Number.isInteger(periodDays) || periodDays < 0) {
    throw new RangeError(`Invitation period must be a non-negative whole number of days, got ${periodDays}`);
  }
  if (Number.isNaN(meetingStartsAt.getTime())) throw new RangeError('Invalid meeting start');
  // The meeting's Berlin date, not its UTC date: a meeting at 00:30 Berlin time still falls on the
  // previous day in UTC.
  const meetingDay = berlinDate(meetingStartsAt);
  if (counting === 'calendar_days') return addDays(meetingDay, -(periodDays + 1));

  let day = meetingDay;
  for (let counted = 0; counted < periodDays; ) {
    day = addDays(day, -1);
    if (isWorkingDay(day)) counted += 1;
  }
  // `day` is the earliest counted day; the invitation must be out the day before it.
  return addDays(day, -1);
}

/** Whether an invitation sent at `sentAt` (compared as Berlin calendar dates) is in time. */
export function invitationInTime(sentAt: Date, meetingStartsAt: Date, rule: InvitationRule): boolean {
  if (Number.isNaN(sentAt.getTime())) throw new RangeError('Invalid sending time');
  // ISO dates compare correctly as strings.
  return berlinDate(sentAt) <= latestInvitationDate(meetingStartsAt, rule);
}

// ---------------------------------------------------------------------------------------------
// Quorum

export interface QuorumRule {
  rule: 'majority_of_voting_members' | 'majority_of_all_members' | 'fixed_number';
  fixedNumber: number | null;
}

export interface Headcount {
  members: number;
  votingMembers: number;
  present: number;
  presentVoting: number;
}

function assertCount(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative whole number, got ${value}`);
}

/**
 * Required = more than half (floor(n/2)+1) of voting members, or of all members, or the fixed
 * number (of voting members present). Exactly half is not a quorum. A council with 0 (voting)
 * members never has a quorum.
 *
 * `present` in the result is what is compared: all members present under 'majority_of_all_members',
 * voting members present otherwise. Without a voting member no resolution can be passed, so a
 * council with no voting members has no quorum under any rule, the all-members rule included. Throws a RangeError for counts that cannot occur (negative,
 * fractional, more present than members, more voting than all) and for a 'fixed_number' rule
 * without a positive whole fixed number.
 */
export function quorum(rule: QuorumRule, count: Headcount): { required: number; present: number; reached: boolean } {
  const { members, votingMembers, present, presentVoting } = count;
  assertCount('members', members);
  assertCount('votingMembers', votingMembers);
  assertCount('present', present);
  assertCount('presentVoting', presentVoting);
  if (votingMembers > members || present > members || presentVoting > votingMembers || presentVoting > present) {
    throw new RangeError(`Inconsistent headcount: ${JSON.stringify(count)}`);
  }

  switch (rule.rule) {
    case 'majority_of_voting_members': {
      const required = Math.floor(votingMembers / 2) + 1;
      return { required, present: presentVoting, reached: votingMembers > 0 && presentVoting >= required };
    }
    case 'majority_of_all_members': {
      const required = Math.floor(members / 2) + 1;
      return { required, present, reached: votingMembers > 0 && present >= required };
    }
    case 'fixed_number': {
      const required = rule.fixedNumber;
      if (required === null || !Number.isInteger(required) || required < 1) {
        throw new RangeError(`A fixed-number quorum needs a positive whole number, got ${String(required)}`);
      }
      return { required, present: presentVoting, reached: votingMembers > 0 && presentVoting >= required };
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Attendance at an agenda item

export interface AttendanceAtItem {
  status: 'present' | 'excused' | 'absent';
  arrivedAtPosition: number | null;
  leftAtPosition: number | null;
}

/**
 * Present at the item at `position`: status present, arrived at or before it (null = from the
 * start), and not left at or before it (leftAtPosition = the first item they missed; null = stayed).
 */
export function presentAt(attendance: AttendanceAtItem, position: number): boolean {
  const { status, arrivedAtPosition, leftAtPosition } = attendance;
  return (
    status === 'present' &&
    (arrivedAtPosition === null || arrivedAtPosition <= position) &&
    (leftAtPosition === null || leftAtPosition > position)
  );
}

// ---------------------------------------------------------------------------------------------
// Votes

export type VoteInput = { kind: 'unanimous' } | { kind: 'counts'; yes: number; no: number; abstain: number };

export interface MajorityRule {
  tieRule: 'rejected' | 'chair_decides';
}

export type VoteOutcome =
  | { ok: true; result: 'adopted' | 'rejected'; tie: boolean; yes: number; no: number; abstain: number }
  | { ok: false; error: 'negative' | 'too_many_votes' | 'no_eligible_voters' | 'chair_vote_missing' };

/**
 * Simple majority of the votes cast (yes > no adopts; abstentions do not count). A tie (including all
 * abstaining, 0:0) is rejected by default; under 'chair_decides' the chair's casting vote
 * (`chairCastingVote`: true = adopt) decides and must be given. `eligibleVoters` = voting members
 * present at the item minus those barred for a conflict of interest; yes+no+abstain may not exceed it.
 * Unanimous means every eligible voter voted yes (counts are filled in: yes = eligibleVoters).
 * Non-integer or negative counts → 'negative'.
 *
 * Errors are checked in this order: 'negative', 'no_eligible_voters' (no vote can be held, whatever
 * was entered), 'too_many_votes', 'chair_vote_missing'. A casting vote given outside a tie, or under
 * 'rejected', is ignored. `eligibleVoters` is computed by the caller, not entered, so a negative or
 * fractional value throws a RangeError instead.
 */
export function voteOutcome(
  vote: VoteInput,
  options: MajorityRule & { eligibleVoters: number; chairCastingVote?: boolean | null },
): VoteOutcome {
  const { tieRule, eligibleVoters, chairCastingVote } = options;
  assertCount('eligibleVoters', eligibleVoters);

  if (vote.kind === 'unanimous') {
    if (eligibleVoters === 0) return { ok: false, error: 'no_eligible_voters' };
    return { ok: true, result: 'adopted', tie: false, yes: eligibleVoters, no: 0, abstain: 0 };
  }

  const { yes, no, abstain } = vote;
  for (const n of [yes, no, abstain]) {
    if (!Number.isInteger(n) || n < 0) return { ok: false, error: 'negative' };
  }
  if (eligibleVoters === 0) return { ok: false, error: 'no_eligible_voters' };
  if (yes + no + abstain > eligibleVoters) return { ok: false, error: 'too_many_votes' };

  if (yes !== no) return { ok: true, result: yes > no ? 'adopted' : 'rejected', tie: false, yes, no, abstain };
  if (tieRule === 'rejected') return { ok: true, result: 'rejected', tie: true, yes, no, abstain };
  if (chairCastingVote === undefined || chairCastingVote === null) return { ok: false, error: 'chair_vote_missing' };
  return { ok: true, result: chairCastingVote ? 'adopted' : 'rejected', tie: true, yes, no, abstain };
}
