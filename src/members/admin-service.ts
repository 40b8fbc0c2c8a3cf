import { and, eq, gte, isNull, lte, ne, or } from 'drizzle-orm';
import { recordAudit, type AuditActor, type Tx } from '../audit/service.js';
import { councils, seatCategories } from '../councils/schema.js';
import type { Database } from '../infra/db/database.js';
import { AppointmentRefused, appointMember } from './appointments.js';
import { chairTerms, memberships } from './schema.js';
import { addDays, chairTermsEndingWith, defaultEndDate, peakOccupancy, periodsOverlap, planChairElection, type ChairTermRecord } from './service.js';

/**
 * The changes the members administration makes. Each runs in one transaction that first locks the
 * council's row, so two offices saving at once cannot both take the last seat or both elect a chair;
 * each checks its rules against what is stored inside that transaction and records the audit trail.
 * Refusals come back as values for the form to explain; nothing is written then.
 */

async function lockCouncil(tx: Tx, councilId: number) {
  const [council] = await tx.select().from(councils).where(eq(councils.id, councilId)).for('update');
  if (!council) throw new Error(`Council ${councilId} vanished`);
  return council;
}

/** Memberships of a seat category in force on a day. */
async function filledOn(tx: Tx, councilId: number, seatCategoryId: number, date: string): Promise<number> {
  const rows = await tx
    .select({ id: memberships.id })
    .from(memberships)
    .where(and(eq(memberships.councilId, councilId), eq(memberships.seatCategoryId, seatCategoryId), lte(memberships.startDate, date), or(isNull(memberships.endDate), gte(memberships.endDate, date))));
  return rows.length;
}

async function personChairTerms(tx: Tx, councilId: number, personId: number): Promise<Array<ChairTermRecord & { publicConsent: boolean }>> {
  return tx
    .select({ id: chairTerms.id, personId: chairTerms.personId, role: chairTerms.role, startDate: chairTerms.startDate, endDate: chairTerms.endDate, publicConsent: chairTerms.publicConsent })
    .from(chairTerms)
    .where(and(eq(chairTerms.councilId, councilId), eq(chairTerms.personId, personId)));
}

async function closeChairTerms(tx: Tx, councilId: number, personId: number | undefined, close: ReadonlyArray<{ id: number; endDate: string }>, actor: AuditActor): Promise<void> {
  for (const change of close) {
    const [before] = await tx.select().from(chairTerms).where(eq(chairTerms.id, change.id));
    const [after] = await tx.update(chairTerms).set({ endDate: change.endDate }).where(eq(chairTerms.id, change.id)).returning();
    await recordAudit(tx, { actor, action: 'chairTerm.end', entityType: 'chairTerm', entityId: change.id, councilId, personId: personId ?? after?.personId ?? null, before, after });
  }
}

/**
 * A chair has to be a member: when a membership ends, the person's chair terms end with it, unless
 * another membership of the same person in this council carries on the next day (a renewal).
 */
async function endChairTermsWithMembership(tx: Tx, membership: { id: number; councilId: number; personId: number }, endDate: string, actor: AuditActor): Promise<{ conflict?: string }> {
  const nextDay = addDays(endDate, 1);
  const [continuing] = await tx
    .select({ id: memberships.id })
    .from(memberships)
    .where(
      and(
        eq(memberships.councilId, membership.councilId),
        eq(memberships.personId, membership.personId),
        ne(memberships.id, membership.id),
        lte(memberships.startDate, nextDay),
        or(isNull(memberships.endDate), gte(memberships.endDate, nextDay)),
      ),
    )
    .limit(1);
  if (continuing) return {};
  const plan = chairTermsEndingWith(await personChairTerms(tx, membership.councilId, membership.personId), endDate);
  if (plan.conflict) return { conflict: plan.conflict };
  await closeChairTerms(tx, membership.councilId, membership.personId, plan.close, actor);
  return {};
}

// ---------------------------------------------------------------------------------------------------
// Appointing
// ---------------------------------------------------------------------------------------------------

export interface AppointInput {
  person: { id: number } | { formOfAddress: string | null; givenName: string; familyName: string; email: string | null; phone: string | null };
  seatCategoryId: number;
  startDate: string;
  /** Undefined: the council's term limit decides. */
  endDate: string | undefined;
  /** Undefined: as the seat category says. */
  votingRight: boolean | undefined;
  publicConsent: boolean;
}

export type AppointOutcome =
  | { ok: true; membershipId: number; personId: number }
  | { ok: false; reason: 'over_quota'; seatCategoryId: number; quota: number; filled: number }
  | { ok: false; reason: 'unknown_category' }
  | { ok: false; reason: 'unknown_person' }
  /** The person already holds a seat in this council during the new term. */
  | { ok: false; reason: 'person_busy' }
  | { ok: false; reason: 'end_before_start' };

export async function appoint(db: Database, councilId: number, input: AppointInput, actor: AuditActor): Promise<AppointOutcome> {
  return db.transaction(async (tx): Promise<AppointOutcome> => {
    const council = await lockCouncil(tx, councilId);
    const endDate = input.endDate ?? defaultEndDate(input.startDate, council.termLimitYears);
    if (endDate !== null && endDate < input.startDate) return { ok: false, reason: 'end_before_start' };
    if ('id' in input.person) {
      const own = await tx
        .select({ startDate: memberships.startDate, endDate: memberships.endDate })
        .from(memberships)
        .where(and(eq(memberships.councilId, councilId), eq(memberships.personId, input.person.id)));
      // Only people who sat in this council before can be chosen: the form offers no one else.
      if (own.length === 0) return { ok: false, reason: 'unknown_person' };
      if (own.some((m) => periodsOverlap(m, { startDate: input.startDate, endDate }))) return { ok: false, reason: 'person_busy' };
    }
    try {
      const result = await appointMember(
        tx,
        {
          councilId,
          person: input.person,
          seatCategoryId: input.seatCategoryId,
          startDate: input.startDate,
          endDate: input.endDate,
          ...(input.votingRight === undefined ? {} : { votingRight: input.votingRight }),
          publicConsent: input.publicConsent,
        },
        actor,
      );
      return { ok: true, ...result };
    } catch (error) {
      if (!(error instanceof AppointmentRefused)) throw error;
      if (error.reason === 'unknown_category') return { ok: false, reason: 'unknown_category' };
      return { ok: false, reason: 'over_quota', seatCategoryId: input.seatCategoryId, quota: error.quota ?? 0, filled: await filledOn(tx, councilId, input.seatCategoryId, input.startDate) };
    }
  });
}

// ---------------------------------------------------------------------------------------------------
// Ending
// ---------------------------------------------------------------------------------------------------

export type EndOutcome =
  | { ok: true }
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'already_ended'; endDate: string }
  | { ok: false; reason: 'before_start'; startDate: string }
  /** Ending later than planned would lengthen the term: that is a change, made on the edit page. */
  | { ok: false; reason: 'after_planned_end'; endDate: string }
  | { ok: false; reason: 'chair_conflict'; chairStart: string };

export async function endMembership(db: Database, councilId: number, membershipId: number, input: { endDate: string; reason: string; today: string }, actor: AuditActor): Promise<EndOutcome> {
  return db.transaction(async (tx): Promise<EndOutcome> => {
    await lockCouncil(tx, councilId);
    const [before] = await tx.select().from(memberships).where(and(eq(memberships.id, membershipId), eq(memberships.councilId, councilId)));
    if (!before) return { ok: false, reason: 'not_found' };
    if (before.endDate !== null && before.endDate < input.today) return { ok: false, reason: 'already_ended', endDate: before.endDate };
    if (input.endDate < before.startDate) return { ok: false, reason: 'before_start', startDate: before.startDate };
    if (before.endDate !== null && input.endDate > before.endDate) return { ok: false, reason: 'after_planned_end', endDate: before.endDate };
    const chairs = await endChairTermsWithMembership(tx, before, input.endDate, actor);
    if (chairs.conflict) throw new ChairConflict(chairs.conflict);
    const [after] = await tx.update(memberships).set({ endDate: input.endDate, endReason: input.reason }).where(eq(memberships.id, membershipId)).returning();
    await recordAudit(tx, { actor, action: 'membership.end', entityType: 'membership', entityId: membershipId, councilId, personId: before.personId, before, after });
    return { ok: true };
  }).catch((error: unknown) => {
    // Thrown rather than returned so the transaction rolls back whatever was closed before the conflict.
    if (error instanceof ChairConflict) return { ok: false, reason: 'chair_conflict', chairStart: error.chairStart } as const;
    throw error;
  });
}

class ChairConflict extends Error {
  constructor(readonly chairStart: string) {
    super(`A chair term starts on ${chairStart}, after the membership's end`);
  }
}

// ---------------------------------------------------------------------------------------------------
// Editing
// ---------------------------------------------------------------------------------------------------

export type UpdateOutcome =
  | { ok: true; changed: boolean }
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'before_start'; startDate: string }
  | { ok: false; reason: 'over_quota'; seatCategoryId: number; quota: number; filled: number }
  | { ok: false; reason: 'chair_conflict'; chairStart: string };

export async function updateMembership(
  db: Database,
  councilId: number,
  membershipId: number,
  input: { votingRight: boolean; publicConsent: boolean; endDate: string | null },
  actor: AuditActor,
): Promise<UpdateOutcome> {
  return db
    .transaction(async (tx): Promise<UpdateOutcome> => {
      await lockCouncil(tx, councilId);
      const [before] = await tx.select().from(memberships).where(and(eq(memberships.id, membershipId), eq(memberships.councilId, councilId)));
      if (!before) return { ok: false, reason: 'not_found' };
      if (input.endDate !== null && input.endDate < before.startDate) return { ok: false, reason: 'before_start', startDate: before.startDate };

      const extended = before.endDate !== null && (input.endDate === null || input.endDate > before.endDate);
      if (extended) {
        // The longer term must fit the quota on every added day, including seats filled meanwhile.
        const [category] = await tx.select().from(seatCategories).where(eq(seatCategories.id, before.seatCategoryId));
        const others = await tx
          .select({ startDate: memberships.startDate, endDate: memberships.endDate })
          .from(memberships)
          .where(and(eq(memberships.councilId, councilId), eq(memberships.seatCategoryId, before.seatCategoryId), ne(memberships.id, membershipId)));
        const from = addDays(before.endDate!, 1);
        const peak = peakOccupancy(others, from, input.endDate);
        if (category && peak + 1 > category.quota) return { ok: false, reason: 'over_quota', seatCategoryId: category.id, quota: category.quota, filled: peak };
      }
      const shortened = input.endDate !== null && (before.endDate === null || input.endDate < before.endDate);
      if (shortened) {
        const chairs = await endChairTermsWithMembership(tx, before, input.endDate!, actor);
        if (chairs.conflict) throw new ChairConflict(chairs.conflict);
      }
      if (input.publicConsent !== before.publicConsent) {
        // Consent is the person's, for this council: the chair terms held during this membership follow it.
        const terms = await personChairTerms(tx, councilId, before.personId);
        for (const term of terms.filter((t) => t.publicConsent !== input.publicConsent && periodsOverlap(t, before))) {
          const [termBefore] = await tx.select().from(chairTerms).where(eq(chairTerms.id, term.id));
          const [termAfter] = await tx.update(chairTerms).set({ publicConsent: input.publicConsent }).where(eq(chairTerms.id, term.id)).returning();
          await recordAudit(tx, { actor, action: 'chairTerm.consent', entityType: 'chairTerm', entityId: term.id, councilId, personId: before.personId, before: termBefore, after: termAfter });
        }
      }
      const changes = {
        votingRight: input.votingRight,
        publicConsent: input.publicConsent,
        endDate: input.endDate,
        // A reason for ending means nothing once the membership runs on without an end.
        endReason: input.endDate === null ? null : before.endReason,
      };
      const changed = (Object.keys(changes) as Array<keyof typeof changes>).some((k) => changes[k] !== before[k]);
      if (!changed) return { ok: true, changed: false };
      const [after] = await tx.update(memberships).set(changes).where(eq(memberships.id, membershipId)).returning();
      await recordAudit(tx, { actor, action: 'membership.update', entityType: 'membership', entityId: membershipId, councilId, personId: before.personId, before, after });
      return { ok: true, changed: true };
    })
    .catch((error: unknown) => {
      if (error instanceof ChairConflict) return { ok: false, reason: 'chair_conflict', chairStart: error.chairStart } as const;
      throw error;
    });
}

// ---------------------------------------------------------------------------------------------------
// Chair elections
// ---------------------------------------------------------------------------------------------------

export type ElectionOutcome =
  | { ok: true; termId: number }
  | { ok: false; reason: 'not_member' }
  | { ok: false; reason: 'starts_too_early'; after: string };

export async function electChair(
  db: Database,
  councilId: number,
  input: { personId: number; role: 'chair' | 'deputy_chair'; electedOn: string; startDate: string },
  actor: AuditActor,
): Promise<ElectionOutcome> {
  return db.transaction(async (tx): Promise<ElectionOutcome> => {
    const council = await lockCouncil(tx, councilId);
    const [membership] = await tx
      .select({ publicConsent: memberships.publicConsent })
      .from(memberships)
      .where(
        and(
          eq(memberships.councilId, councilId),
          eq(memberships.personId, input.personId),
          lte(memberships.startDate, input.startDate),
          or(isNull(memberships.endDate), gte(memberships.endDate, input.startDate)),
        ),
      )
      .limit(1);
    // Decision 1839/2023: the council elects its chair from among its members.
    if (!membership) return { ok: false, reason: 'not_member' };
    const terms = await tx
      .select({ id: chairTerms.id, personId: chairTerms.personId, role: chairTerms.role, startDate: chairTerms.startDate, endDate: chairTerms.endDate })
      .from(chairTerms)
      .where(eq(chairTerms.councilId, councilId));
    const plan = planChairElection(terms, input);
    if (!plan.ok) return plan;
    await closeChairTerms(tx, councilId, undefined, plan.close, actor);
    const [term] = await tx
      .insert(chairTerms)
      .values({
        councilId,
        personId: input.personId,
        role: input.role,
        startDate: input.startDate,
        endDate: null,
        electedOn: input.electedOn,
        // The office is public; the name still follows the member's consent.
        publicConsent: membership.publicConsent,
      })
      .returning();
    await recordAudit(tx, { actor, action: 'chairTerm.elect', entityType: 'chairTerm', entityId: term!.id, councilId, personId: input.personId, after: term });
    return { ok: true, termId: term!.id };
  });
}
