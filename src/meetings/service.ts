import { berlinYear } from '../infra/i18n/format.js';

export interface DatedMeeting {
  startsAt: Date;
  cancelled: boolean;
}

/** Upcoming meetings (soonest first) and past ones grouped by Berlin calendar year (newest first). */
export function splitMeetings<M extends DatedMeeting>(meetings: readonly M[], now: Date): { upcoming: M[]; pastByYear: Array<{ year: number; meetings: M[] }> } {
  const upcoming = meetings.filter((m) => m.startsAt >= now).sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  const past = meetings.filter((m) => m.startsAt < now).sort((a, b) => b.startsAt.getTime() - a.startsAt.getTime());
  const years = new Map<number, M[]>();
  for (const m of past) {
    const year = berlinYear(m.startsAt);
    const list = years.get(year) ?? [];
    list.push(m);
    years.set(year, list);
  }
  return { upcoming, pastByYear: [...years.entries()].sort(([a], [b]) => b - a).map(([year, list]) => ({ year, meetings: list })) };
}

/** The next meeting that will take place. */
export function nextMeeting<M extends DatedMeeting>(meetings: readonly M[], now: Date): M | undefined {
  return meetings.filter((m) => !m.cancelled && m.startsAt >= now).sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())[0];
}

/** Orders agenda numbers as people read them: 2 < 2.1 < 2.10 < 10. */
export function compareAgendaNumbers(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (x !== y) return x - y;
  }
  return 0;
}

/** Sub-items ("2.1") are indented under their parent. */
export function agendaDepth(number: string): number {
  return number.split('.').length - 1;
}

export interface VoteRecord {
  votesYes: number | null;
  votesNo: number | null;
  votesAbstain: number | null;
  unanimous: boolean;
}

export type VoteSummary = { kind: 'unanimous' } | { kind: 'counts'; yes: number; no: number; abstain: number } | undefined;

export function voteSummary(item: VoteRecord): VoteSummary {
  if (item.unanimous) return { kind: 'unanimous' };
  if (item.votesYes === null && item.votesNo === null && item.votesAbstain === null) return undefined;
  return { kind: 'counts', yes: item.votesYes ?? 0, no: item.votesNo ?? 0, abstain: item.votesAbstain ?? 0 };
}

export type MeetingStatus = 'planned' | 'invited' | 'held' | 'minutes_approved' | 'cancelled';

export function meetingStatus(meeting: { state: Exclude<MeetingStatus, 'cancelled'>; cancelled: boolean }): MeetingStatus {
  return meeting.cancelled ? 'cancelled' : meeting.state;
}
