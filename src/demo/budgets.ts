import { asc, eq, inArray } from 'drizzle-orm';
import type { Tx } from '../audit/service.js';
import { councils } from '../councils/schema.js';
import { budgets, grantAllocations, grantPayments, grants } from '../grants/schema.js';
import { fundedAmountCents } from '../grants/service.js';
import { committedStatuses, pendingStatuses } from '../grants/states.js';
import { addDays } from '../members/service.js';

/** Every council gets at least this much of its own money per year with grants. */
const minimumBudgetCents = 500_000;
/** Budgets are round figures: the grants' sum with some room, rounded up to 500 €. */
const roundTo = 50_000;

/** The council whose demo shows co-funding with the district council, as Linden-Limmer did in 2024. */
const coFundingSlug = 'linden-limmer';
const districtBudgetCents = 300_000;

/**
 * Demo budgets: each council's own budget for every year it has grants, big enough for them, each
 * recommended or approved grant allocated to it, and a payout for each grant marked as paid. In
 * Linden-Limmer one grant is co-funded by the district council (two thirds) and the council (the
 * rest). Idempotent: existing budgets, allocations and payments are left as they are.
 */
export async function seedDemoBudgets(db: Tx): Promise<void> {
  const counted = [...pendingStatuses, ...committedStatuses];
  const rows = await db
    .select({ grant: grants, slug: councils.slug })
    .from(grants)
    .innerJoin(councils, eq(councils.id, grants.councilId))
    .orderBy(asc(grants.councilId), asc(grants.year), asc(grants.number), asc(grants.id));
  const funded = rows.filter((r) => counted.includes(r.grant.status));

  const years = new Map<string, { councilId: number; year: number; cents: number }>();
  for (const { grant } of rows) {
    const key = `${grant.councilId}/${grant.year}`;
    const entry = years.get(key) ?? { councilId: grant.councilId, year: grant.year, cents: 0 };
    if (counted.includes(grant.status)) entry.cents += fundedAmountCents(grant);
    years.set(key, entry);
  }
  const values = [...years.values()].map((y) => ({
    councilId: y.councilId,
    year: y.year,
    kind: 'council' as const,
    allocatedCents: Math.max(minimumBudgetCents, Math.ceil((y.cents * 1.25) / roundTo) * roundTo),
  }));
  if (values.length > 0) await db.insert(budgets).values(values).onConflictDoNothing();

  // The co-funded grant: Linden-Limmer's first approved grant of at least 1,000 €.
  const coFunded = funded.find((r) => r.slug === coFundingSlug && r.grant.status !== 'recommended' && fundedAmountCents(r.grant) >= 100_000)?.grant;
  if (coFunded) await db.insert(budgets).values({ councilId: coFunded.councilId, year: coFunded.year, kind: 'district_council', allocatedCents: districtBudgetCents }).onConflictDoNothing();

  const budgetRows = await db.select().from(budgets);
  const budgetOf = (councilId: number, year: number, kind: 'council' | 'district_council') => budgetRows.find((b) => b.councilId === councilId && b.year === year && b.kind === kind);
  const ids = funded.map((r) => r.grant.id);
  if (ids.length === 0) return;
  const [allocated, paid] = await Promise.all([
    db.selectDistinct({ grantId: grantAllocations.grantId }).from(grantAllocations).where(inArray(grantAllocations.grantId, ids)),
    db.selectDistinct({ grantId: grantPayments.grantId }).from(grantPayments).where(inArray(grantPayments.grantId, ids)),
  ]);
  const hasAllocation = new Set(allocated.map((r) => r.grantId));
  const hasPayment = new Set(paid.map((r) => r.grantId));

  const allocations: Array<typeof grantAllocations.$inferInsert> = [];
  const payments: Array<typeof grantPayments.$inferInsert> = [];
  for (const { grant } of funded) {
    const own = budgetOf(grant.councilId, grant.year, 'council');
    if (!own) continue;
    const amount = fundedAmountCents(grant);
    const district = grant.id === coFunded?.id ? budgetOf(grant.councilId, grant.year, 'district_council') : undefined;
    // Two thirds from the district council, in whole 50 € steps; the council carries the rest.
    const districtShare = district ? Math.round((amount * 2) / 3 / 5000) * 5000 : 0;
    const parts = [
      ...(district ? [{ budgetId: district.id, cents: districtShare }] : []),
      { budgetId: own.id, cents: amount - districtShare },
    ].filter((p) => p.cents > 0);
    if (!hasAllocation.has(grant.id)) for (const p of parts) allocations.push({ grantId: grant.id, budgetId: p.budgetId, amountCents: p.cents });
    const paidCents = grant.amountPaidCents ?? 0;
    if (paidCents > 0 && !hasPayment.has(grant.id)) {
      // Paid two weeks after the decision, at the latest when the project starts; split as allocated.
      const afterNotice = grant.decidedOn ? addDays(grant.decidedOn, 14) : `${grant.year}-06-30`;
      const paidOn = grant.periodStart && grant.periodStart < afterNotice ? grant.periodStart : afterNotice;
      let left = paidCents;
      parts.forEach((p, i) => {
        const cents = i === parts.length - 1 ? left : Math.min(left, Math.round((paidCents * p.cents) / amount));
        left -= cents;
        if (cents > 0) payments.push({ grantId: grant.id, budgetId: p.budgetId, kind: 'payout', amountCents: cents, paidOn, note: null });
      });
    }
  }
  if (allocations.length > 0) await db.insert(grantAllocations).values(allocations).onConflictDoNothing();
  if (payments.length > 0) await db.insert(grantPayments).values(payments);
}
