import type { GrantStatus } from './service.js';
import { committedStatuses, pendingStatuses } from './states.js';

/**
 * Budget arithmetic as pure functions, in integer cents. A budget is the money one council (or its
 * district council) has for grants in a year; grants draw on it through allocations (co-funding: one
 * allocation per budget that carries part of a grant) and payments (payouts and repayments, each
 * from or to one budget).
 *
 * What a grant binds in a budget, by the grant's status:
 * - recommended (`pendingStatuses`): its allocation counts as *recommended* (no money moves before
 *   the grant notice, so nothing is paid yet);
 * - approved up to proof received (`committedStatuses` without closed): its allocation counts as
 *   *approved*, or what was paid out net of repayments if that is more;
 * - closed, and every other status (withdrawn, rejected, not recommended, still in the office): only
 *   what was paid out net of repayments counts as *approved*. Money paid back by a closed grant so
 *   flows back into *remaining*; a withdrawn grant binds nothing once its money is back.
 *
 * So for every budget: remaining = allocated − approved − recommended (negative when overcommitted),
 * paid = payouts − repayments, returned = repayments, and approved ≥ paid: money that left a budget
 * is never missing from what it has bound.
 */

export interface BudgetGrant {
  status: GrantStatus;
  /** This grant's allocation from the budget in question. */
  allocationCents: number;
  /** Sum of the payouts from the budget to this grant. */
  payoutCents: number;
  /** Sum of the repayments by this grant into the budget. */
  repaymentCents: number;
}

export interface BudgetFigures {
  allocatedCents: number;
  recommendedCents: number;
  approvedCents: number;
  /** Payouts net of repayments. */
  paidCents: number;
  returnedCents: number;
  /** allocated − approved − recommended; below zero when the budget is overcommitted. */
  remainingCents: number;
}

export const zeroFigures: BudgetFigures = Object.freeze({ allocatedCents: 0, recommendedCents: 0, approvedCents: 0, paidCents: 0, returnedCents: 0, remainingCents: 0 });

function assertCents(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${what} must be a non-negative integer number of cents, got ${value}`);
}

const isPending = (status: GrantStatus) => pendingStatuses.includes(status);
const isOpenCommitted = (status: GrantStatus) => status !== 'closed' && committedStatuses.includes(status);

/** What one grant binds in one budget: recommended and approved cents. */
export function grantShare(grant: BudgetGrant): { recommendedCents: number; approvedCents: number; paidCents: number } {
  assertCents(grant.allocationCents, 'allocation');
  assertCents(grant.payoutCents, 'payouts');
  assertCents(grant.repaymentCents, 'repayments');
  const paidCents = grant.payoutCents - grant.repaymentCents;
  if (paidCents < 0) throw new RangeError(`repayments (${grant.repaymentCents}) exceed payouts (${grant.payoutCents})`);
  if (isPending(grant.status)) return { recommendedCents: grant.allocationCents, approvedCents: paidCents, paidCents };
  if (isOpenCommitted(grant.status)) return { recommendedCents: 0, approvedCents: Math.max(grant.allocationCents, paidCents), paidCents };
  return { recommendedCents: 0, approvedCents: paidCents, paidCents };
}

/** The figures of one budget from its allocated amount and the grants it carries. */
export function budgetFigures(allocatedCents: number, grants: readonly BudgetGrant[]): BudgetFigures {
  assertCents(allocatedCents, 'allocated');
  let recommendedCents = 0;
  let approvedCents = 0;
  let paidCents = 0;
  let returnedCents = 0;
  for (const grant of grants) {
    const share = grantShare(grant);
    recommendedCents += share.recommendedCents;
    approvedCents += share.approvedCents;
    paidCents += share.paidCents;
    returnedCents += grant.repaymentCents;
  }
  return { allocatedCents, recommendedCents, approvedCents, paidCents, returnedCents, remainingCents: allocatedCents - approvedCents - recommendedCents };
}

/** Figures added up, e.g. all budgets of a council in a year. */
export function sumFigures(list: readonly BudgetFigures[]): BudgetFigures {
  return list.reduce<BudgetFigures>(
    (sum, f) => ({
      allocatedCents: sum.allocatedCents + f.allocatedCents,
      recommendedCents: sum.recommendedCents + f.recommendedCents,
      approvedCents: sum.approvedCents + f.approvedCents,
      paidCents: sum.paidCents + f.paidCents,
      returnedCents: sum.returnedCents + f.returnedCents,
      remainingCents: sum.remainingCents + f.remainingCents,
    }),
    { ...zeroFigures },
  );
}

export interface YearBudget {
  councilId: number;
  year: number;
  figures: BudgetFigures;
}

/** Per council and year, the sums over its budgets; ordered by council, then newest year first. */
export function figuresByCouncilYear(list: readonly YearBudget[]): Array<{ councilId: number; year: number; figures: BudgetFigures }> {
  const groups = new Map<string, { councilId: number; year: number; parts: BudgetFigures[] }>();
  for (const b of list) {
    const key = `${b.councilId}/${b.year}`;
    const group = groups.get(key) ?? { councilId: b.councilId, year: b.year, parts: [] };
    group.parts.push(b.figures);
    groups.set(key, group);
  }
  return [...groups.values()]
    .sort((a, b) => a.councilId - b.councilId || b.year - a.year)
    .map((g) => ({ councilId: g.councilId, year: g.year, figures: sumFigures(g.parts) }));
}

export type AllocationCheck = { ok: true } | { ok: false; reason: 'overcommitted'; remaining: number };

/**
 * Whether a budget can carry `amountCents` more. `figures` must be the budget's figures without the
 * grant being allocated (so changing a grant's allocation compares the new amount, not the change).
 * Refused exactly when the amount exceeds what remains; the office may still override, on record.
 */
export function checkAllocation(figures: BudgetFigures, amountCents: number): AllocationCheck {
  assertCents(amountCents, 'allocation');
  return amountCents > figures.remainingCents ? { ok: false, reason: 'overcommitted', remaining: figures.remainingCents } : { ok: true };
}

export type RepaymentCheck = { ok: true } | { ok: false; reason: 'exceeds_paid'; paid: number };

/** A repayment into a budget can be at most what that budget paid the grant, net of earlier repayments. */
export function checkRepayment(paidCents: number, amountCents: number): RepaymentCheck {
  assertCents(paidCents, 'paid');
  assertCents(amountCents, 'repayment');
  return amountCents > paidCents ? { ok: false, reason: 'exceeds_paid', paid: paidCents } : { ok: true };
}

/** Sums payment rows (payouts and repayments) into the per-grant totals `BudgetGrant` wants. */
export function paymentTotals(payments: ReadonlyArray<{ kind: 'payout' | 'repayment'; amountCents: number }>): { payoutCents: number; repaymentCents: number } {
  let payoutCents = 0;
  let repaymentCents = 0;
  for (const p of payments) {
    assertCents(p.amountCents, p.kind);
    if (p.kind === 'payout') payoutCents += p.amountCents;
    else repaymentCents += p.amountCents;
  }
  return { payoutCents, repaymentCents };
}

/** How a co-funding split compares with the grant's amount (approved, else recommended). */
export function splitDifference(splitCents: readonly number[], grantAmountCents: number | null): { totalCents: number; differenceCents: number } {
  const totalCents = splitCents.reduce((sum, c) => sum + c, 0);
  return { totalCents, differenceCents: grantAmountCents === null ? 0 : totalCents - grantAmountCents };
}
