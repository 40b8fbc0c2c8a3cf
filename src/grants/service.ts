import type { grantStatus } from './schema.js';

export type GrantStatus = (typeof grantStatus.enumValues)[number];

/** From the district council's approval on, a grant and its amount are public. */
export const publicGrantStatuses = ['approved', 'notified', 'paid', 'proof_due', 'proof_received', 'closed'] as const satisfies readonly GrantStatus[];

export function isPublicGrantStatus(status: GrantStatus): boolean {
  return (publicGrantStatuses as readonly GrantStatus[]).includes(status);
}

/** "IB-01/2025": the council's running number within the year, two digits at least; a draft has none (""). */
export function formatGrantNumber(year: number, number: number | null): string {
  if (number === null) return '';
  return `IB-${String(number).padStart(2, '0')}/${year}`;
}

export function parseGrantNumber(text: string): { year: number; number: number } | undefined {
  const match = /^IB-(\d{2,3})\/(\d{4})$/.exec(text.trim());
  if (!match) return undefined;
  const number = Number(match[1]);
  return number >= 1 ? { year: Number(match[2]), number } : undefined;
}

export interface AmountedGrant {
  year: number;
  amountApprovedCents: number | null;
  amountRecommendedCents: number | null;
}

/** The amount a funded project is shown with: what was approved ("bis zu"), else what was recommended. */
export function fundedAmountCents(grant: AmountedGrant): number {
  return grant.amountApprovedCents ?? grant.amountRecommendedCents ?? 0;
}

export interface YearGroup<G> {
  year: number;
  grants: G[];
  totalCents: number;
}

/** Groups grants by year, newest year first, each with the sum of its funded amounts. */
export function groupGrantsByYear<G extends AmountedGrant>(grants: readonly G[]): YearGroup<G>[] {
  const byYear = new Map<number, G[]>();
  for (const grant of grants) {
    const list = byYear.get(grant.year) ?? [];
    list.push(grant);
    byYear.set(grant.year, list);
  }
  return [...byYear.entries()]
    .sort(([a], [b]) => b - a)
    .map(([year, list]) => ({ year, grants: list, totalCents: list.reduce((sum, g) => sum + fundedAmountCents(g), 0) }));
}

/** How many of the latest years the projects page shows; older years have a page each. */
export const recentProjectYears = 3;

/**
 * The years one projects page shows: the latest few, or the one asked for. A year the council has
 * no public grants in is no page (undefined).
 */
export function projectPageYears(yearsWithGrants: readonly number[], requested: number | undefined): number[] | undefined {
  if (requested === undefined) return yearsWithGrants.slice(0, recentProjectYears);
  return yearsWithGrants.includes(requested) ? [requested] : undefined;
}
