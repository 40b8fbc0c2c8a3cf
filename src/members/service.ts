/** What the public may see of a council's members and chairs. */

export interface PersonName {
  formOfAddress: string | null;
  givenName: string;
  familyName: string;
}

export function displayName(person: PersonName): string {
  return `${person.givenName} ${person.familyName}`.trim();
}

export interface PublicListInput {
  seatCategoryId: number;
  publicConsent: boolean;
}

/**
 * Members who consented are named; the others are only counted, per seat category, so the public
 * sees that seats are filled without learning who holds them.
 */
export function splitByConsent<M extends PublicListInput>(memberships: readonly M[]): { named: M[]; unnamedCount: number; unnamedByCategory: Map<number, number> } {
  const named: M[] = [];
  const unnamedByCategory = new Map<number, number>();
  for (const m of memberships) {
    if (m.publicConsent) named.push(m);
    else unnamedByCategory.set(m.seatCategoryId, (unnamedByCategory.get(m.seatCategoryId) ?? 0) + 1);
  }
  return { named, unnamedCount: memberships.length - named.length, unnamedByCategory };
}

export interface ChairTermInput {
  role: 'chair' | 'deputy_chair';
  startDate: string;
  endDate: string | null;
  publicConsent: boolean;
}

export interface ChairHistory<T> {
  chair: T | undefined;
  deputies: T[];
  /** Ended terms, most recent first. */
  former: T[];
}

/** Splits chair terms into those in force on `today` (YYYY-MM-DD) and the history. */
export function chairHistory<T extends ChairTermInput>(terms: readonly T[], today: string): ChairHistory<T> {
  const visible = terms.filter((t) => t.publicConsent);
  const current = visible.filter((t) => t.startDate <= today && (t.endDate === null || t.endDate >= today));
  const former = visible.filter((t) => t.endDate !== null && t.endDate < today).sort((a, b) => (a.startDate < b.startDate ? 1 : -1));
  const byStart = (a: T, b: T) => (a.startDate < b.startDate ? 1 : -1);
  return {
    chair: current.filter((t) => t.role === 'chair').sort(byStart)[0],
    deputies: current.filter((t) => t.role === 'deputy_chair').sort(byStart),
    former,
  };
}

/** "2009–2019", "seit 2020" style spans are built from years; the view adds the words. */
export function termYears(term: { startDate: string; endDate: string | null }): { from: number; to: number | null } {
  return { from: Number(term.startDate.slice(0, 4)), to: term.endDate === null ? null : Number(term.endDate.slice(0, 4)) };
}

export interface QuotaCategory {
  id: number;
  quota: number;
  name: string;
}

export type AppointmentCheck = { ok: true } | { ok: false; reason: 'over_quota'; category: string; quota: number; filled: number } | { ok: false; reason: 'unknown_category' };

/**
 * An appointment may not push a seat category over its quota at any day of the new term.
 * `seatsOfCategory` are that category's memberships overlapping the term.
 */
export function checkAppointment(
  categories: readonly QuotaCategory[],
  seatsOfCategory: readonly Period[],
  appointment: { seatCategoryId: number; startDate: string; endDate: string | null },
): AppointmentCheck {
  const category = categories.find((c) => c.id === appointment.seatCategoryId);
  if (!category) return { ok: false, reason: 'unknown_category' };
  const filled = peakOccupancy(seatsOfCategory, appointment.startDate, appointment.endDate);
  if (filled + 1 > category.quota) return { ok: false, reason: 'over_quota', category: category.name, quota: category.quota, filled };
  return { ok: true };
}

/** The last day of a term that starts on `startDate` and may last `years` (a term from 2026-03-01 for 5 years ends 2031-02-28). */
export function defaultEndDate(startDate: string, years: number | null): string | null {
  if (years === null) return null;
  const [y, m, d] = startDate.split('-').map(Number) as [number, number, number];
  const end = new Date(Date.UTC(y + years, m - 1, d));
  // 29 February plus whole years lands on 1 March in common years; either way, the day before.
  end.setUTCDate(end.getUTCDate() - 1);
  return end.toISOString().slice(0, 10);
}

/* Members administration: dates typed in forms, periods, composition warnings, chair elections */

/**
 * A date as a form sends it: "2026-03-01" from a date input, or "1.3.2026" typed by hand where the
 * browser shows a plain text field. Null when it is not a real calendar day ("31.02.2026").
 */
export function parseFormDate(input: string): string | null {
  const value = input.trim();
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const german = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(value);
  const [y, m, d] = iso ? [iso[1], iso[2], iso[3]].map(Number) : german ? [german[3], german[2], german[1]].map(Number) : [];
  if (y === undefined || m === undefined || d === undefined) return null;
  // Years outside this range are typing mistakes, and PostgreSQL's date type would refuse some.
  if (y < 1900 || y > 2199) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

/** A calendar date (YYYY-MM-DD) moved by whole days. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

export interface Period {
  startDate: string;
  /** Null: open-ended. */
  endDate: string | null;
}

/** Whether two periods share at least one day. */
export function periodsOverlap(a: Period, b: Period): boolean {
  return (a.endDate === null || b.startDate <= a.endDate) && (b.endDate === null || a.startDate <= b.endDate);
}

/**
 * The most periods in force on any one day from `from` to `to` (null: open-ended). The count can
 * only rise on the first day or on a day a period starts, so only those days are counted.
 */
export function peakOccupancy(periods: readonly Period[], from: string, to: string | null): number {
  const window: Period = { startDate: from, endDate: to };
  const inWindow = periods.filter((p) => periodsOverlap(p, window));
  const days = [from, ...inWindow.map((p) => p.startDate).filter((d) => d > from)];
  return Math.max(0, ...days.map((day) => inWindow.filter((p) => p.startDate <= day && (p.endDate === null || p.endDate >= day)).length));
}

/** Memberships whose term ends from `today` to `days` days later, soonest first. */
export function endingWithin<M extends Period>(memberships: readonly M[], today: string, days: number): M[] {
  const last = addDays(today, days);
  return memberships.filter((m) => m.endDate !== null && m.endDate >= today && m.endDate <= last).sort((a, b) => (a.endDate! < b.endDate! ? -1 : a.endDate! > b.endDate! ? 1 : 0));
}

export type CompositionWarning =
  | { kind: 'over_quota'; seatCategoryId: number; filled: number; quota: number }
  | { kind: 'migration_share'; percent: number; minimum: number };

/** The council's rules a composition breaks: more members than seats, or too small a migration-background share. */
export function compositionWarnings(
  composition: { rows: ReadonlyArray<{ seatCategoryId: number; quota: number; filled: number; overQuota: number }>; totalFilled: number; migrationSharePercent: number; migrationShareMet: boolean },
  minMigrationSharePercent: number,
): CompositionWarning[] {
  const warnings: CompositionWarning[] = composition.rows
    .filter((r) => r.overQuota > 0)
    .map((r) => ({ kind: 'over_quota' as const, seatCategoryId: r.seatCategoryId, filled: r.filled, quota: r.quota }));
  // An empty council breaks no share rule: there is nothing to share yet.
  if (composition.totalFilled > 0 && !composition.migrationShareMet) warnings.push({ kind: 'migration_share', percent: composition.migrationSharePercent, minimum: minMigrationSharePercent });
  return warnings;
}

export interface ChairTermRecord extends Period {
  id: number;
  personId: number;
  role: 'chair' | 'deputy_chair';
}

export type ChairElectionPlan =
  | { ok: true; close: Array<{ id: number; endDate: string }> }
  /** A term of that role (or the person's other role) starts on `after` or later: the new one must start after it. */
  | { ok: false; reason: 'starts_too_early'; after: string };

/**
 * What an election changes: one chair at a time (and one deputy at a time), so the terms of the
 * role still running on the new start end the day before it; a deputy elected chair leaves the
 * deputy's post the same way. (A council's `deputiesAllowed` is about personal deputies for
 * members, not about the deputy chair, which every council may elect.)
 */
export function planChairElection(
  terms: readonly ChairTermRecord[],
  election: { personId: number; role: 'chair' | 'deputy_chair'; startDate: string },
): ChairElectionPlan {
  const affected = terms.filter((t) => t.role === election.role || t.personId === election.personId);
  const latestStart = affected.reduce<string | undefined>((max, t) => (max === undefined || t.startDate > max ? t.startDate : max), undefined);
  if (latestStart !== undefined && election.startDate <= latestStart) return { ok: false, reason: 'starts_too_early', after: latestStart };
  const endDate = addDays(election.startDate, -1);
  return { ok: true, close: affected.filter((t) => t.endDate === null || t.endDate >= election.startDate).map((t) => ({ id: t.id, endDate })) };
}

/**
 * Chair terms that end with a membership ending on `endDate`: only members hold the chair. A term
 * starting after that day cannot be shortened: `conflict` names its start.
 */
export function chairTermsEndingWith(terms: readonly ChairTermRecord[], endDate: string): { close: Array<{ id: number; endDate: string }>; conflict?: string } {
  const running = terms.filter((t) => t.endDate === null || t.endDate > endDate);
  const late = running.find((t) => t.startDate > endDate);
  if (late) return { close: [], conflict: late.startDate };
  return { close: running.map((t) => ({ id: t.id, endDate })) };
}
