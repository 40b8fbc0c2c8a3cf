/** Seat quotas and eligibility: the council's rules as plain functions. */

export interface SeatRule {
  id: number;
  quota: number;
  forMigrationBackground: boolean;
}

export interface CompositionRow {
  seatCategoryId: number;
  quota: number;
  filled: number;
  vacant: number;
  /** More members than seats: a rule is broken. */
  overQuota: number;
}

export interface Composition {
  rows: CompositionRow[];
  totalQuota: number;
  totalFilled: number;
  /** Filled seats reserved for residents with a migration background. */
  migrationSeatsFilled: number;
  /** Share of all filled seats held in the migration-background category, 0–100 (0 when empty). */
  migrationSharePercent: number;
  /** Whether that share meets the council's minimum. */
  migrationShareMet: boolean;
}

export function computeComposition(
  categories: readonly SeatRule[],
  memberships: readonly { seatCategoryId: number }[],
  minMigrationSharePercent: number,
): Composition {
  const counts = new Map<number, number>();
  for (const m of memberships) counts.set(m.seatCategoryId, (counts.get(m.seatCategoryId) ?? 0) + 1);
  const rows = categories.map((c) => {
    const filled = counts.get(c.id) ?? 0;
    return { seatCategoryId: c.id, quota: c.quota, filled, vacant: Math.max(0, c.quota - filled), overQuota: Math.max(0, filled - c.quota) };
  });
  const totalFilled = rows.reduce((s, r) => s + r.filled, 0);
  const migrationSeatsFilled = categories.filter((c) => c.forMigrationBackground).reduce((s, c) => s + (counts.get(c.id) ?? 0), 0);
  const migrationSharePercent = totalFilled === 0 ? 0 : (migrationSeatsFilled / totalFilled) * 100;
  return {
    rows,
    totalQuota: rows.reduce((s, r) => s + r.quota, 0),
    totalFilled,
    migrationSeatsFilled,
    migrationSharePercent,
    // Compared in integers so 50 % of 19 seats is not lost to floating point.
    migrationShareMet: totalFilled > 0 && migrationSeatsFilled * 100 >= minMigrationSharePercent * totalFilled,
  };
}

export type DistrictTie = 'lives' | 'works' | 'club';

export interface EligibilityRules {
  eligibilityMinAge: number | null;
  eligibilityTies: readonly DistrictTie[];
}

export interface EligibilityCheck {
  age?: number;
  ties: readonly DistrictTie[];
}

/** Who may sit for the migration-background seats: old enough and tied to the district in an accepted way. */
export function checkEligibility(rules: EligibilityRules, applicant: EligibilityCheck): { eligible: boolean; reasons: Array<'too_young' | 'age_unknown' | 'no_tie'> } {
  const reasons: Array<'too_young' | 'age_unknown' | 'no_tie'> = [];
  if (rules.eligibilityMinAge !== null) {
    if (applicant.age === undefined) reasons.push('age_unknown');
    else if (applicant.age < rules.eligibilityMinAge) reasons.push('too_young');
  }
  if (rules.eligibilityTies.length > 0 && !applicant.ties.some((tie) => rules.eligibilityTies.includes(tie))) reasons.push('no_tie');
  return { eligible: reasons.length === 0, reasons };
}

/**
 * The council's name after "des" in German ("Sitzung des Integrationsbeirats Mitte"): a name
 * starting with a "…beirat" noun takes the genitive s; any other name is left as it is. English
 * needs no change.
 */
export function councilGenitive(name: string, locale: string): string {
  return locale === 'de' ? name.replace(/^(\S*[Bb]eirat)(?=\s|$)/, '$1s') : name;
}
