import { and, eq } from 'drizzle-orm';
import { recordAudit, type AuditActor, type Tx } from '../audit/service.js';
import { meetingDay, type AgendaItemRow, type MeetingRow } from '../meetings/admin-repository.js';
import { budgets, grantAllocations, grants } from './schema.js';
import { transition, type GrantAction } from './states.js';

/**
 * The council's vote on an agenda item about an application, as the grant sees it. The meeting
 * records the vote; this decides what it means for the grant and its budget.
 */

export type CouncilVoteRefusal = 'grant_state' | 'grant_amount';

/** For an item about a grant application: what an adopting vote recommends ("bis zu", period). */
export interface GrantRecommendation {
  amountCents: number;
  periodStart: string | null;
  periodEnd: string | null;
}

/** What a result on an item about a grant does to the grant. */
function grantActionFor(result: AgendaItemRow['result']): GrantAction | undefined {
  if (result === 'adopted') return 'recommend';
  if (result === 'rejected') return 'not_recommend';
  if (result === 'deferred' || result === 'withdrawn') return 'take_off_agenda';
  return undefined;
}

/**
 * The council's vote on an application is its recommendation: adopting recommends the amount
 * ("bis zu") and period, rejecting does not recommend, deferring puts it back in the queue. Recording
 * the same result again changes nothing; a result the grant's state does not allow is refused.
 */
export async function applyCouncilVote(tx: Tx, meeting: MeetingRow, item: AgendaItemRow, result: AgendaItemRow['result'], recommendation: GrantRecommendation | undefined, actor: AuditActor): Promise<CouncilVoteRefusal | undefined> {
  if (item.grantId === null) return undefined;
  const action = grantActionFor(result);
  if (!action) return undefined;
  const [grant] = await tx.select().from(grants).where(and(eq(grants.id, item.grantId), eq(grants.councilId, meeting.councilId))).for('update');
  if (!grant) return undefined;
  const expected = { recommend: 'recommended', not_recommend: 'not_recommended', take_off_agenda: 'complete' } as const;
  // A withdrawn application stays withdrawn whatever the item records about it.
  if (grant.status === 'withdrawn' && action === 'take_off_agenda') return undefined;
  const sameAgain = grant.status === expected[action as keyof typeof expected];
  const move = transition(grant.status, action);
  if (!move.ok && !sameAgain) return 'grant_state';
  // Recording the same result again changes nothing, except a corrected recommended amount.
  if (!move.ok && action !== 'recommend') return undefined;
  const changes: Partial<typeof grants.$inferInsert> = { status: move.ok ? move.to : grant.status };
  if (action === 'recommend') {
    const amount = recommendation?.amountCents ?? grant.amountRequestedCents;
    if (amount === null || !Number.isInteger(amount) || amount <= 0) return 'grant_amount';
    changes.amountRecommendedCents = amount;
    changes.recommendedOn = meetingDay(meeting);
    if (recommendation?.periodStart !== undefined) changes.periodStart = recommendation.periodStart;
    if (recommendation?.periodEnd !== undefined) changes.periodEnd = recommendation.periodEnd;
  }
  const [after] = await tx.update(grants).set(changes).where(eq(grants.id, grant.id)).returning();
  if (action === 'recommend') await ensureCouncilAllocation(tx, after!);
  await recordAudit(tx, { actor, action: `grant.${action}`, entityType: 'grant', entityId: grant.id, councilId: grant.councilId, before: grant, after: { ...after, agendaItemId: item.id } });
  return undefined;
}

/**
 * A recommended grant is carried by the council's own budget of its year unless the office has
 * already split it across budgets: one allocation, following the recommended amount.
 */
async function ensureCouncilAllocation(tx: Tx, grant: typeof grants.$inferSelect): Promise<void> {
  const existing = await tx.select().from(grantAllocations).where(eq(grantAllocations.grantId, grant.id));
  if (existing.length > 1) return;
  const [budget] = await tx
    .select()
    .from(budgets)
    .where(and(eq(budgets.councilId, grant.councilId), eq(budgets.year, grant.year), eq(budgets.kind, 'council')));
  if (existing.length === 1) {
    await tx.update(grantAllocations).set({ amountCents: grant.amountRecommendedCents! }).where(and(eq(grantAllocations.grantId, grant.id), eq(grantAllocations.budgetId, existing[0]!.budgetId)));
  } else if (budget) {
    await tx.insert(grantAllocations).values({ grantId: grant.id, budgetId: budget.id, amountCents: grant.amountRecommendedCents! });
  }
}
