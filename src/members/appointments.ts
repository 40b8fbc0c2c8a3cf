import { and, eq, gte, isNull, lte, or } from 'drizzle-orm';
import { recordAudit, type AuditActor, type Tx } from '../audit/service.js';
import { councils, seatCategories } from '../councils/schema.js';
import { memberships, people } from './schema.js';
import { checkAppointment, defaultEndDate } from './service.js';

export class AppointmentRefused extends Error {
  constructor(
    readonly reason: 'over_quota' | 'unknown_category',
    readonly category?: string,
    readonly quota?: number,
  ) {
    super(reason === 'over_quota' ? `The seat category "${category}" is full (quota ${quota}).` : 'Unknown seat category');
    this.name = 'AppointmentRefused';
  }
}

export interface Appointment {
  councilId: number;
  person: { id: number } | { formOfAddress?: string | null; givenName: string; familyName: string; email?: string | null; phone?: string | null };
  seatCategoryId: number;
  startDate: string;
  /** Defaults to the end of the council's term limit. */
  endDate?: string | null;
  votingRight?: boolean;
  publicConsent: boolean;
}

/**
 * Appoints a person to a seat, refusing an appointment over the category's quota. Runs in the
 * caller's transaction and records the change in the audit trail. Used by the members pages and by
 * the office's decision on an application.
 */
export async function appointMember(tx: Tx, input: Appointment, actor: AuditActor): Promise<{ membershipId: number; personId: number }> {
  // Locking the council's row makes appointments to one council take turns: two offices filling
  // the last free seat at the same moment cannot both succeed.
  const [council] = await tx.select().from(councils).where(eq(councils.id, input.councilId)).for('update');
  if (!council) throw new AppointmentRefused('unknown_category');
  const categories = await tx.select().from(seatCategories).where(eq(seatCategories.councilId, input.councilId));
  const endDate = input.endDate === undefined ? defaultEndDate(input.startDate, council.termLimitYears) : input.endDate;
  const seatsOfCategory = await tx
    .select({ startDate: memberships.startDate, endDate: memberships.endDate })
    .from(memberships)
    .where(
      and(
        eq(memberships.councilId, input.councilId),
        eq(memberships.seatCategoryId, input.seatCategoryId),
        or(isNull(memberships.endDate), gte(memberships.endDate, input.startDate)),
        endDate === null ? undefined : lte(memberships.startDate, endDate),
      ),
    );
  const check = checkAppointment(
    categories.map((c) => ({ id: c.id, quota: c.quota, name: c.name.de })),
    seatsOfCategory,
    { seatCategoryId: input.seatCategoryId, startDate: input.startDate, endDate },
  );
  if (!check.ok) throw check.reason === 'over_quota' ? new AppointmentRefused('over_quota', check.category, check.quota) : new AppointmentRefused('unknown_category');

  let personId: number;
  if ('id' in input.person) personId = input.person.id;
  else {
    const [person] = await tx
      .insert(people)
      .values({ bodyId: council.bodyId, formOfAddress: input.person.formOfAddress ?? null, givenName: input.person.givenName, familyName: input.person.familyName, email: input.person.email ?? null, phone: input.person.phone ?? null })
      .returning();
    personId = person!.id;
    await recordAudit(tx, { actor, action: 'person.create', entityType: 'person', entityId: personId, councilId: input.councilId, personId, after: person });
  }
  const category = categories.find((c) => c.id === input.seatCategoryId)!;
  const [membership] = await tx
    .insert(memberships)
    .values({
      councilId: input.councilId,
      personId,
      seatCategoryId: input.seatCategoryId,
      votingRight: input.votingRight ?? category.votingRight,
      startDate: input.startDate,
      endDate,
      publicConsent: input.publicConsent,
    })
    .returning();
  await recordAudit(tx, { actor, action: 'membership.appoint', entityType: 'membership', entityId: membership!.id, councilId: input.councilId, personId, after: membership });
  return { membershipId: membership!.id, personId };
}
