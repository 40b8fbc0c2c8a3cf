import { and, asc, desc, eq } from 'drizzle-orm';
import type { Tx } from '../audit/service.js';
import { chairTerms, memberships, people } from './schema.js';

/** What the back office reads about memberships: everything, ended ones and those without consent included. */

const membershipColumns = {
  id: memberships.id,
  councilId: memberships.councilId,
  seatCategoryId: memberships.seatCategoryId,
  role: memberships.role,
  votingRight: memberships.votingRight,
  startDate: memberships.startDate,
  endDate: memberships.endDate,
  endReason: memberships.endReason,
  publicConsent: memberships.publicConsent,
  person: {
    id: people.id,
    formOfAddress: people.formOfAddress,
    givenName: people.givenName,
    familyName: people.familyName,
    isExample: people.isExample,
  },
};

export type MembershipRow = Awaited<ReturnType<typeof listCouncilMemberships>>[number];

/** Every membership of a council, newest start first. */
export async function listCouncilMemberships(db: Tx, councilId: number) {
  return db
    .select(membershipColumns)
    .from(memberships)
    .innerJoin(people, eq(people.id, memberships.personId))
    .where(eq(memberships.councilId, councilId))
    .orderBy(desc(memberships.startDate), desc(memberships.id));
}

/** One membership, only if it belongs to the council: an id from another council is not found. */
export async function findCouncilMembership(db: Tx, councilId: number, id: number): Promise<MembershipRow | undefined> {
  const [row] = await db
    .select(membershipColumns)
    .from(memberships)
    .innerJoin(people, eq(people.id, memberships.personId))
    .where(and(eq(memberships.councilId, councilId), eq(memberships.id, id)))
    .limit(1);
  return row;
}

export type ChairTermRow = Awaited<ReturnType<typeof listCouncilChairTerms>>[number];

/** Every chair term of a council, newest start first, with the consent flag the public site obeys. */
export async function listCouncilChairTerms(db: Tx, councilId: number) {
  return db
    .select({
      id: chairTerms.id,
      personId: chairTerms.personId,
      role: chairTerms.role,
      startDate: chairTerms.startDate,
      endDate: chairTerms.endDate,
      electedOn: chairTerms.electedOn,
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
    .orderBy(desc(chairTerms.startDate), asc(chairTerms.role), desc(chairTerms.id));
}
