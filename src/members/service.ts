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
 * An appointment may not push a seat category over its quota. `activeOnStart` are the memberships
 * in force on the new membership's start date.
 */
export function checkAppointment(categories: readonly QuotaCategory[], activeOnStart: readonly { seatCategoryId: number }[], seatCategoryId: number): AppointmentCheck {
  const category = categories.find((c) => c.id === seatCategoryId);
  if (!category) return { ok: false, reason: 'unknown_category' };
  const filled = activeOnStart.filter((m) => m.seatCategoryId === seatCategoryId).length;
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
