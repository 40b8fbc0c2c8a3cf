import { and, asc, desc, eq, inArray, type SQL } from 'drizzle-orm';
import { councils } from '../councils/schema.js';
import type { LocalizedText } from '../infra/i18n/localized.js';
import type { Database } from '../infra/db/database.js';
import { budgets, grantAllocations, grants } from './schema.js';
import { publicGrantStatuses } from './service.js';

export type Grant = typeof grants.$inferSelect;

/**
 * What the public pages and the open data show of a grant: never the application's contact data,
 * and only these columns are read (a council's project page lists hundreds of grants).
 */
export const publicGrantColumns = {
  id: grants.id,
  councilId: grants.councilId,
  year: grants.year,
  number: grants.number,
  recipientName: grants.recipientName,
  recipientKind: grants.recipientKind,
  title: grants.title,
  summary: grants.summary,
  outcome: grants.outcome,
  periodStart: grants.periodStart,
  periodEnd: grants.periodEnd,
  amountRecommendedCents: grants.amountRecommendedCents,
  amountApprovedCents: grants.amountApprovedCents,
  amountPaidCents: grants.amountPaidCents,
  status: grants.status,
  decisionPaperNumber: grants.decisionPaperNumber,
  decidedOn: grants.decidedOn,
  isExample: grants.isExample,
};
export type PublicGrant = Pick<Grant, keyof typeof publicGrantColumns>;

/** The years a council has public grants in, newest first. */
export async function listPublicGrantYears(db: Database, councilId: number): Promise<number[]> {
  const rows = await db
    .selectDistinct({ year: grants.year })
    .from(grants)
    .where(and(eq(grants.councilId, councilId), inArray(grants.status, [...publicGrantStatuses])))
    .orderBy(desc(grants.year));
  return rows.map((r) => r.year);
}

/** Funded projects: only grants the district council approved are public; all years, or those given. */
export async function listPublicGrants(db: Database, councilId: number, limit?: number, years?: readonly number[]): Promise<PublicGrant[]> {
  const query = db
    .select(publicGrantColumns)
    .from(grants)
    .where(and(eq(grants.councilId, councilId), inArray(grants.status, [...publicGrantStatuses]), ...(years ? [inArray(grants.year, [...years])] : [])))
    .orderBy(desc(grants.year), asc(grants.number));
  return limit === undefined ? query : query.limit(limit);
}

export async function findPublicGrant(db: Database, councilId: number, grantId: number): Promise<PublicGrant | undefined> {
  const [grant] = await db
    .select(publicGrantColumns)
    .from(grants)
    .where(and(eq(grants.id, grantId), eq(grants.councilId, councilId), inArray(grants.status, [...publicGrantStatuses])))
    .limit(1);
  return grant;
}

/** One budget's share of a public grant: whose money (council's own, district council's, a neighbour's). */
export interface FundingSource {
  kind: 'council' | 'district_council';
  councilId: number;
  councilSlug: string;
  councilName: LocalizedText;
  councilShortName: LocalizedText;
  amountCents: number;
}

/** The funding sources of grants, by grant id: the council's own budget first, then by amount. */
export async function listFundingSources(db: Database, grantIds: readonly number[]): Promise<Map<number, FundingSource[]>> {
  const result = new Map<number, FundingSource[]>();
  if (grantIds.length === 0) return result;
  const rows = await db
    .select({
      grantId: grantAllocations.grantId,
      grantCouncilId: grants.councilId,
      kind: budgets.kind,
      councilId: budgets.councilId,
      councilSlug: councils.slug,
      councilName: councils.name,
      councilShortName: councils.shortName,
      amountCents: grantAllocations.amountCents,
    })
    .from(grantAllocations)
    .innerJoin(grants, eq(grants.id, grantAllocations.grantId))
    .innerJoin(budgets, eq(budgets.id, grantAllocations.budgetId))
    .innerJoin(councils, eq(councils.id, budgets.councilId))
    .where(inArray(grantAllocations.grantId, [...grantIds]));
  const own = (r: (typeof rows)[number]) => (r.councilId === r.grantCouncilId && r.kind === 'council' ? 0 : 1);
  rows.sort((a, b) => a.grantId - b.grantId || own(a) - own(b) || b.amountCents - a.amountCents || a.councilSlug.localeCompare(b.councilSlug));
  for (const { grantId, grantCouncilId: _council, ...source } of rows) {
    if (source.amountCents <= 0) continue;
    const list = result.get(grantId) ?? [];
    list.push(source);
    result.set(grantId, list);
  }
  return result;
}

/** Whether a grant's money comes from anywhere but its own council's budget: then the sources are shown. */
export function isCoFunded(grantCouncilId: number, sources: readonly FundingSource[] | undefined): boolean {
  return (sources ?? []).some((s) => s.councilId !== grantCouncilId || s.kind !== 'council');
}

export interface PublicGrantWithCouncil {
  grant: PublicGrant;
  council: { id: number; slug: string; name: LocalizedText };
}

/** Public grants with their council, for the open data: one council or (without `councilId`) the whole city. */
export async function listPublicGrantsWithCouncil(db: Database, options: { councilId?: number; bodyId?: number }): Promise<PublicGrantWithCouncil[]> {
  const conditions: SQL[] = [inArray(grants.status, [...publicGrantStatuses])];
  if (options.councilId !== undefined) conditions.push(eq(grants.councilId, options.councilId));
  if (options.bodyId !== undefined) conditions.push(eq(councils.bodyId, options.bodyId));
  return db
    .select({ grant: publicGrantColumns, council: { id: councils.id, slug: councils.slug, name: councils.name } })
    .from(grants)
    .innerJoin(councils, eq(councils.id, grants.councilId))
    .where(and(...conditions))
    .orderBy(desc(grants.year), asc(councils.slug), asc(grants.number), asc(grants.id));
}
