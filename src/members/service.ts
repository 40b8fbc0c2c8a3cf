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
