import { describe, expect, it } from 'vitest';
import { agendaDepth, compareAgendaNumbers, meetingStatus, nextMeeting, splitMeetings, voteSummary } from '../../src/meetings/service.js';

const m = (iso: string, cancelled = false) => ({ startsAt: new Date(iso), cancelled });

describe('meeting lists', () => {
  const now = new Date('2026-11-25T12:00:00Z');
  const meetings = [m('2025-03-10T17:30:00Z'), m('2026-12-14T17:30:00Z', true), m('2027-02-08T17:30:00Z'), m('2026-09-14T16:30:00Z'), m('2025-12-31T23:30:00Z')];

  it('splits upcoming (soonest first) from past, grouped by Berlin year (newest first)', () => {
    const { upcoming, pastByYear } = splitMeetings(meetings, now);
    expect(upcoming.map((x) => x.startsAt.toISOString().slice(0, 10))).toEqual(['2026-12-14', '2027-02-08']);
    // 31 Dec 23:30 UTC is already 1 January in Berlin.
    expect(pastByYear.map((g) => [g.year, g.meetings.length])).toEqual([
      [2026, 2],
      [2025, 1],
    ]);
  });

  it('skips a cancelled meeting when naming the next one', () => {
    expect(nextMeeting(meetings, now)?.startsAt.toISOString()).toBe('2027-02-08T17:30:00.000Z');
    expect(nextMeeting([], now)).toBeUndefined();
  });
});

describe('agenda numbers', () => {
  it('sorts as people read them', () => {
    expect(['10', '2.10', '2', '1', '2.1', '2.2'].sort(compareAgendaNumbers)).toEqual(['1', '2', '2.1', '2.2', '2.10', '10']);
    expect(agendaDepth('2.1')).toBe(1);
    expect(agendaDepth('3')).toBe(0);
  });
});

describe('vote summary', () => {
  it('reads unanimous, counts, and nothing recorded', () => {
    expect(voteSummary({ votesYes: null, votesNo: null, votesAbstain: null, unanimous: true })).toEqual({ kind: 'unanimous' });
    expect(voteSummary({ votesYes: 14, votesNo: 1, votesAbstain: null, unanimous: false })).toEqual({ kind: 'counts', yes: 14, no: 1, abstain: 0 });
    expect(voteSummary({ votesYes: null, votesNo: null, votesAbstain: null, unanimous: false })).toBeUndefined();
  });

  it('lets a cancellation override the state', () => {
    expect(meetingStatus({ state: 'invited', cancelled: true })).toBe('cancelled');
    expect(meetingStatus({ state: 'held', cancelled: false })).toBe('held');
  });
});
