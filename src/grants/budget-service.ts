import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm';
import { recordAudit, type AuditActor, type Tx } from '../audit/service.js';
import { councils } from '../councils/schema.js';
import type { LocalizedText } from '../infra/i18n/localized.js';
import type { Database } from '../infra/db/database.js';
import { budgetFigures, checkAllocation, splitDifference, sumFigures, type BudgetFigures, type BudgetGrant } from './budget.js';
import { budgets, grantAllocations, grantPayments, grants } from './schema.js';
import { fundedAmountCents, type GrantStatus } from './service.js';
import { committedStatuses, pendingStatuses } from './states.js';

/**
 * Budgets in the database: each budget's figures from its allocations and payments (the arithmetic is
 * in budget.ts), setting a year's allocated amounts, and a grant's co-funding split. Every check
 * against what remains runs inside the transaction that writes, with the budgets locked, so two
 * offices allocating at once cannot both take the last euro.
 */

export type BudgetRow = typeof budgets.$inferSelect;
export type BudgetKind = BudgetRow['kind'];
export const budgetKinds: readonly BudgetKind[] = ['council', 'district_council'];

export interface CarriedGrant extends BudgetGrant {
  grantId: number;
  councilId: number;
  councilSlug: string;
  councilName: LocalizedText;
  year: number;
  number: number | null;
  title: LocalizedText;
  recipientName: string;
}

export interface BudgetWithFigures {
  budget: BudgetRow;
  council: { id: number; slug: string; name: LocalizedText; shortName: LocalizedText };
  figures: BudgetFigures;
  grants: CarriedGrant[];
}

/** The grants each budget carries: by allocation, or by a payment even without one. */
async function carriedGrants(tx: Tx, budgetIds: readonly number[]): Promise<Map<number, CarriedGrant[]>> {
  const result = new Map<number, CarriedGrant[]>(budgetIds.map((id) => [id, []]));
  if (budgetIds.length === 0) return result;
  const [allocations, payments] = await Promise.all([
    tx.select({ budgetId: grantAllocations.budgetId, grantId: grantAllocations.grantId, amountCents: grantAllocations.amountCents }).from(grantAllocations).where(inArray(grantAllocations.budgetId, [...budgetIds])),
    tx
      .select({ budgetId: grantPayments.budgetId, grantId: grantPayments.grantId, kind: grantPayments.kind, cents: sql<number>`sum(${grantPayments.amountCents})::int` })
      .from(grantPayments)
      .where(inArray(grantPayments.budgetId, [...budgetIds]))
      .groupBy(grantPayments.budgetId, grantPayments.grantId, grantPayments.kind),
  ]);
  const key = (budgetId: number, grantId: number) => `${budgetId}/${grantId}`;
  const entries = new Map<string, { budgetId: number; grantId: number; allocationCents: number; payoutCents: number; repaymentCents: number }>();
  const entry = (budgetId: number, grantId: number) => {
    const k = key(budgetId, grantId);
    let e = entries.get(k);
    if (!e) entries.set(k, (e = { budgetId, grantId, allocationCents: 0, payoutCents: 0, repaymentCents: 0 }));
    return e;
  };
  for (const a of allocations) entry(a.budgetId, a.grantId).allocationCents = a.amountCents;
  for (const p of payments) {
    const e = entry(p.budgetId, p.grantId);
    if (p.kind === 'payout') e.payoutCents = Number(p.cents);
    else e.repaymentCents = Number(p.cents);
  }
  const grantIds = [...new Set([...entries.values()].map((e) => e.grantId))];
  if (grantIds.length === 0) return result;
  const rows = await tx
    .select({ id: grants.id, status: grants.status, councilId: grants.councilId, councilSlug: councils.slug, councilName: councils.name, year: grants.year, number: grants.number, title: grants.title, recipientName: grants.recipientName })
    .from(grants)
    .innerJoin(councils, eq(councils.id, grants.councilId))
    .where(inArray(grants.id, grantIds));
  const byId = new Map(rows.map((r) => [r.id, r]));
  for (const e of entries.values()) {
    const g = byId.get(e.grantId)!;
    result.get(e.budgetId)!.push({
      grantId: g.id,
      status: g.status,
      councilId: g.councilId,
      councilSlug: g.councilSlug,
      councilName: g.councilName,
      year: g.year,
      number: g.number,
      title: g.title,
      recipientName: g.recipientName,
      allocationCents: e.allocationCents,
      payoutCents: e.payoutCents,
      repaymentCents: e.repaymentCents,
    });
  }
  for (const list of result.values()) list.sort((a, b) => a.year - b.year || a.councilId - b.councilId || (a.number ?? 1000) - (b.number ?? 1000) || a.grantId - b.grantId);
  return result;
}

/** Budgets with their council, figures and carried grants; `exceptGrant` leaves one grant out of the figures. */
async function withFigures(tx: Tx, rows: readonly BudgetRow[], exceptGrant?: number): Promise<BudgetWithFigures[]> {
  if (rows.length === 0) return [];
  const carried = await carriedGrants(tx, rows.map((b) => b.id));
  const owners = await tx
    .select({ id: councils.id, slug: councils.slug, name: councils.name, shortName: councils.shortName })
    .from(councils)
    .where(inArray(councils.id, [...new Set(rows.map((b) => b.councilId))]));
  const ownerById = new Map(owners.map((c) => [c.id, c]));
  return rows.map((budget) => {
    const list = carried.get(budget.id) ?? [];
    return { budget, council: ownerById.get(budget.councilId)!, figures: budgetFigures(budget.allocatedCents, list.filter((g) => g.grantId !== exceptGrant)), grants: list };
  });
}

const kindOrder = (kind: BudgetKind) => budgetKinds.indexOf(kind);

export interface CouncilYearBudgets {
  year: number;
  budgets: BudgetWithFigures[];
  totals: BudgetFigures;
  /** Recommended or approved grants of the year whose allocations do not add up to their amount. */
  unallocated: Array<{ grantId: number; number: number | null; title: LocalizedText; recipientName: string; status: GrantStatus; amountCents: number; allocatedCents: number }>;
}

/** A council's budgets of one year with their figures, the totals, and what is not (fully) allocated. */
export async function loadCouncilYearBudgets(db: Database, councilId: number, year: number): Promise<CouncilYearBudgets> {
  const rows = await db.select().from(budgets).where(and(eq(budgets.councilId, councilId), eq(budgets.year, year)));
  rows.sort((a, b) => kindOrder(a.kind) - kindOrder(b.kind));
  const list = await withFigures(db, rows);
  const counted = [...pendingStatuses, ...committedStatuses];
  const yearGrants = await db
    .select({
      id: grants.id,
      number: grants.number,
      title: grants.title,
      recipientName: grants.recipientName,
      status: grants.status,
      year: grants.year,
      amountApprovedCents: grants.amountApprovedCents,
      amountRecommendedCents: grants.amountRecommendedCents,
      allocatedCents: sql<number>`coalesce((select sum(${grantAllocations.amountCents}) from ${grantAllocations} where ${grantAllocations.grantId} = ${grants.id}), 0)::int`,
    })
    .from(grants)
    .where(and(eq(grants.councilId, councilId), eq(grants.year, year), inArray(grants.status, [...counted])))
    .orderBy(asc(grants.number), asc(grants.id));
  const unallocated = yearGrants
    .map((g) => ({ grantId: g.id, number: g.number, title: g.title, recipientName: g.recipientName, status: g.status, amountCents: fundedAmountCents(g), allocatedCents: Number(g.allocatedCents) }))
    .filter((g) => g.status !== 'closed' && g.allocatedCents !== g.amountCents);
  return { year, budgets: list, totals: sumFigures(list.map((b) => b.figures)), unallocated };
}

/** The years worth offering on a council's budget page: with budgets or grants, and the current one. */
export async function budgetYears(db: Database, councilId: number, currentYear: number): Promise<number[]> {
  const [withBudgets, withGrants] = await Promise.all([
    db.selectDistinct({ year: budgets.year }).from(budgets).where(eq(budgets.councilId, councilId)),
    db.selectDistinct({ year: grants.year }).from(grants).where(eq(grants.councilId, councilId)),
  ]);
  return [...new Set([currentYear, currentYear + 1, ...withBudgets.map((r) => r.year), ...withGrants.map((r) => r.year)])].sort((a, b) => b - a);
}

// ---------------------------------------------------------------------------------------------------
// Setting a year's budgets
// ---------------------------------------------------------------------------------------------------

export type BudgetRefusal = { ok: false; reason: 'below_committed'; kind: BudgetKind; committedCents: number } | { ok: false; reason: 'override_reason' };

/**
 * Sets the allocated amounts of a council's budgets for a year (absent kinds are left alone). Lowering
 * a budget below what it has bound would overcommit it: refused, unless the office overrides with a
 * reason, which goes into the audit trail.
 */
export async function saveYearBudgets(
  db: Database,
  councilId: number,
  year: number,
  amounts: Partial<Record<BudgetKind, number>>,
  override: { reason: string } | undefined,
  actor: AuditActor,
): Promise<{ ok: true; overridden: boolean } | BudgetRefusal> {
  return db.transaction(async (tx) => {
    const existing = await tx.select().from(budgets).where(and(eq(budgets.councilId, councilId), eq(budgets.year, year))).orderBy(asc(budgets.id)).for('update');
    const figures = new Map((await withFigures(tx, existing)).map((b) => [b.budget.kind, b.figures]));
    const overcommitted: Array<{ kind: BudgetKind; committedCents: number }> = [];
    for (const kind of budgetKinds) {
      const cents = amounts[kind];
      const f = figures.get(kind);
      if (cents === undefined || !f) continue;
      const committedCents = f.approvedCents + f.recommendedCents;
      // Only lowering can overcommit; leaving an overcommitted budget as it is needs no new override.
      if (cents < committedCents && cents < f.allocatedCents) overcommitted.push({ kind, committedCents });
    }
    if (overcommitted.length > 0 && !override) return { ok: false, reason: 'below_committed', ...overcommitted[0]! } as const;
    if (overcommitted.length > 0 && override!.reason.trim() === '') return { ok: false, reason: 'override_reason' } as const;
    for (const kind of budgetKinds) {
      const cents = amounts[kind];
      if (cents === undefined) continue;
      const before = existing.find((b) => b.kind === kind);
      if (before && before.allocatedCents === cents) continue;
      const [after] = before
        ? await tx.update(budgets).set({ allocatedCents: cents }).where(eq(budgets.id, before.id)).returning()
        : await tx.insert(budgets).values({ councilId, year, kind, allocatedCents: cents }).returning();
      await recordAudit(tx, { actor, action: before ? 'budget.update' : 'budget.create', entityType: 'budget', entityId: after!.id, councilId, before: before ?? null, after: after! });
      const over = overcommitted.find((o) => o.kind === kind);
      if (over) {
        await recordAudit(tx, {
          actor,
          action: 'budget.override',
          entityType: 'budget',
          entityId: after!.id,
          councilId,
          before: { allocatedCents: before?.allocatedCents ?? null },
          after: { allocatedCents: cents, committedCents: over.committedCents, reason: override!.reason.trim() },
        });
      }
    }
    return { ok: true, overridden: overcommitted.length > 0 } as const;
  });
}

// ---------------------------------------------------------------------------------------------------
// A grant's co-funding split
// ---------------------------------------------------------------------------------------------------

export type GrantRow = typeof grants.$inferSelect;

/** Statuses in which the split can no longer change: the grant is decided against, or settled. */
export const settledStatuses: readonly GrantStatus[] = ['draft', 'not_recommended', 'rejected', 'withdrawn', 'closed'];

export interface GrantFinancing {
  grant: GrantRow;
  editable: boolean;
  /** The amount the split should add up to: approved, else recommended; null before a recommendation. */
  targetCents: number | null;
  /** This council's budgets of the grant's year; figures leave this grant out. */
  own: BudgetWithFigures[];
  /** Other councils' own budgets of the year, for co-funding by a neighbour; figures leave this grant out. */
  neighbours: BudgetWithFigures[];
  /** The grant's allocations by budget id, and what each budget paid it (net). */
  allocations: Map<number, number>;
  paid: Map<number, number>;
  totalCents: number;
  differenceCents: number;
}

async function financingIn(tx: Tx, councilId: number, grantId: number): Promise<GrantFinancing | undefined> {
  const [grant] = await tx.select().from(grants).where(and(eq(grants.id, grantId), eq(grants.councilId, councilId)));
  if (!grant) return undefined;
  const [ownRows, neighbourRows, allocationRows, paymentRows] = await Promise.all([
    tx.select().from(budgets).where(and(eq(budgets.councilId, councilId), eq(budgets.year, grant.year))),
    tx.select().from(budgets).where(and(ne(budgets.councilId, councilId), eq(budgets.year, grant.year), eq(budgets.kind, 'council'))),
    tx.select().from(grantAllocations).where(eq(grantAllocations.grantId, grantId)),
    tx.select().from(grantPayments).where(eq(grantPayments.grantId, grantId)),
  ]);
  ownRows.sort((a, b) => kindOrder(a.kind) - kindOrder(b.kind));
  const own = await withFigures(tx, ownRows, grantId);
  const neighbours = (await withFigures(tx, neighbourRows, grantId)).sort((a, b) => a.council.slug.localeCompare(b.council.slug));
  const allocations = new Map(allocationRows.map((a) => [a.budgetId, a.amountCents]));
  const paid = new Map<number, number>();
  for (const p of paymentRows) paid.set(p.budgetId, (paid.get(p.budgetId) ?? 0) + (p.kind === 'payout' ? p.amountCents : -p.amountCents));
  const targetCents = grant.amountApprovedCents ?? grant.amountRecommendedCents;
  const { totalCents, differenceCents } = splitDifference([...allocations.values()], targetCents);
  return { grant, editable: !settledStatuses.includes(grant.status), targetCents, own, neighbours, allocations, paid, totalCents, differenceCents };
}

export async function loadGrantFinancing(db: Database, councilId: number, grantId: number): Promise<GrantFinancing | undefined> {
  return financingIn(db, councilId, grantId);
}

export type FinancingRefusal =
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'settled'; status: GrantStatus }
  | { ok: false; reason: 'unknown_budget'; budgetId: number }
  | { ok: false; reason: 'below_paid'; budgetId: number; paidCents: number }
  | { ok: false; reason: 'overcommitted'; budgets: Array<{ budgetId: number; remainingCents: number }> }
  | { ok: false; reason: 'override_reason' };

export type FinancingOutcome = { ok: true; overridden: boolean; totalCents: number; differenceCents: number } | FinancingRefusal;

/**
 * Sets how much each budget carries of a grant: `split` maps budget ids to cents, 0 removing the
 * budget from the grant; budgets not named keep their allocation. A budget can carry this council's
 * grants if it is one of this council's budgets of the grant's year, or another council's own budget
 * of that year (co-funding by a neighbour). Raising an allocation beyond what the budget has left is
 * refused unless the office overrides with a reason: stored on the grant and audited as
 * `grant.budget_override`. Lowering an allocation never needs an override, but not below what that
 * budget has already paid the grant.
 */
export async function saveGrantFinancing(
  db: Database,
  councilId: number,
  grantId: number,
  split: ReadonlyMap<number, number>,
  override: { reason: string } | undefined,
  actor: AuditActor,
): Promise<FinancingOutcome> {
  return db.transaction(async (tx): Promise<FinancingOutcome> => {
    const [locked] = await tx.select({ id: grants.id }).from(grants).where(and(eq(grants.id, grantId), eq(grants.councilId, councilId))).for('update');
    if (!locked) return { ok: false, reason: 'not_found' };
    const [grant] = await tx.select({ year: grants.year }).from(grants).where(eq(grants.id, grantId));
    // Lock the budgets that may carry the grant before reading their figures; in id order, as everywhere.
    await tx
      .select({ id: budgets.id })
      .from(budgets)
      .where(and(eq(budgets.year, grant!.year), sql`(${budgets.councilId} = ${councilId} or ${budgets.kind} = 'council')`))
      .orderBy(asc(budgets.id))
      .for('update');
    const financing = (await financingIn(tx, councilId, grantId))!;
    if (!financing.editable) return { ok: false, reason: 'settled', status: financing.grant.status };
    const usable = new Map([...financing.own, ...financing.neighbours].map((b) => [b.budget.id, b]));
    for (const budgetId of split.keys()) if (!usable.has(budgetId)) return { ok: false, reason: 'unknown_budget', budgetId };

    const changes = [...split.entries()].filter(([budgetId, cents]) => (financing.allocations.get(budgetId) ?? 0) !== cents);
    for (const [budgetId, cents] of changes) {
      const paidCents = financing.paid.get(budgetId) ?? 0;
      if (cents < paidCents) return { ok: false, reason: 'below_paid', budgetId, paidCents };
    }
    const over: Array<{ budgetId: number; remainingCents: number }> = [];
    for (const [budgetId, cents] of changes) {
      if (cents <= (financing.allocations.get(budgetId) ?? 0)) continue;
      const check = checkAllocation(usable.get(budgetId)!.figures, cents);
      if (!check.ok) over.push({ budgetId, remainingCents: check.remaining });
    }
    if (over.length > 0 && !override) return { ok: false, reason: 'overcommitted', budgets: over };
    const reason = override?.reason.trim() ?? '';
    if (over.length > 0 && reason === '') return { ok: false, reason: 'override_reason' };

    const before = Object.fromEntries(financing.allocations);
    for (const [budgetId, cents] of changes) {
      if (cents === 0) await tx.delete(grantAllocations).where(and(eq(grantAllocations.grantId, grantId), eq(grantAllocations.budgetId, budgetId)));
      else
        await tx
          .insert(grantAllocations)
          .values({ grantId, budgetId, amountCents: cents })
          .onConflictDoUpdate({ target: [grantAllocations.grantId, grantAllocations.budgetId], set: { amountCents: cents, updatedAt: new Date() } });
    }
    const after = new Map(financing.allocations);
    for (const [budgetId, cents] of changes) {
      if (cents === 0) after.delete(budgetId);
      else after.set(budgetId, cents);
    }
    const { totalCents, differenceCents } = splitDifference([...after.values()], financing.targetCents);
    if (changes.length > 0) {
      await recordAudit(tx, { actor, action: 'grant.financing', entityType: 'grant', entityId: grantId, councilId, before: { allocations: before }, after: { allocations: Object.fromEntries(after), totalCents } });
      // A neighbour's audit trail shows what was booked on its budget too.
      for (const [budgetId, cents] of changes) {
        const owner = usable.get(budgetId)!.council.id;
        if (owner !== councilId) {
          await recordAudit(tx, { actor, action: 'budget.cofunding', entityType: 'budget', entityId: budgetId, councilId: owner, before: { grantId, amountCents: financing.allocations.get(budgetId) ?? 0 }, after: { grantId, amountCents: cents } });
        }
      }
    }
    if (over.length > 0) {
      await tx.update(grants).set({ budgetOverrideReason: reason }).where(eq(grants.id, grantId));
      await recordAudit(tx, {
        actor,
        action: 'grant.budget_override',
        entityType: 'grant',
        entityId: grantId,
        councilId,
        before: { budgetOverrideReason: financing.grant.budgetOverrideReason },
        after: { budgetOverrideReason: reason, budgets: over.map((o) => ({ budgetId: o.budgetId, remainingCents: o.remainingCents, amountCents: split.get(o.budgetId) })) },
      });
    }
    return { ok: true, overridden: over.length > 0, totalCents, differenceCents };
  });
}
