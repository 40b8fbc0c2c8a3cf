import { and, asc, desc, eq, gte, isNull, lte, or } from 'drizzle-orm';
import { seatCategories } from '../councils/schema.js';
import type { Database } from '../infra/db/database.js';
import { chairTerms, memberships, people } from './schema.js';

/** Memberships in force on a date (YYYY-MM-DD), with the person and the seat. */
export async function listMembershipsOn(db: Database, councilId: number, date: string) {
  return db
    .select({
      id: memberships.id,
      seatCategoryId: memberships.seatCategoryId,
      role: memberships.role,
      votingRight: memberships.votingRight,
      startDate: memberships.startDate,
      endDate: memberships.endDate,
      publicConsent: memberships.publicConsent,
      person: {
        id: people.id,
        formOfAddress: people.formOfAddress,
        givenName: people.givenName,
        familyName: people.familyName,
        isExample: people.isExample,
      },
    })
    .from(memberships)
    .innerJoin(people, eq(people.id, memberships.personId))
    .innerJoin(seatCategories, eq(seatCategories.id, memberships.seatCategoryId))
    .where(
      and(
        eq(memberships.councilId, councilId),
        lte(memberships.startDate, date),
        or(isNull(memberships.endDate), gte(memberships.endDate, date)),
      ),
    )
    .orderBy(asc(seatCategories.position), asc(people.familyName), asc(people.givenName));
}

export async function listChairTerms(db: Database, councilId: number) {
  return db
    .select({
      id: chairTerms.id,
      role: chairTerms.role,
      startDate: chairTerms.startDate,
      endDate: chairTerms.endDate,
      capacity: chairTerms.capacity,
      publicConsent: chairTerms.publicConsent,
      person: {
        id: people.id,
        formOfAddress: people.formOfAddress,
        givenName: people.givenName,
        familyName: people.familyName,
        isExample: people.isExample,
      },
    })
    .from(chairTerms)
    .innerJoin(people, eq(people.id, chairTerms.personId))
    .where(eq(chairTerms.councilId, councilId))
    .orderBy(desc(chairTerms.startDate), asc(chairTerms.role));
}
