import { and, asc, desc, eq, gte, inArray, isNull, lt, lte, or, type SQL } from 'drizzle-orm';
import type { Tx } from '../audit/service.js';
import { bodies } from '../city/schema.js';
import { councils } from '../councils/schema.js';
import { documents } from '../documents/schema.js';
import { memberships, people, chairTerms } from '../members/schema.js';
import { berlinDate } from '../infra/time.js';
import { agendaItemExclusions, agendaItems, attendance, locations, meetings } from './schema.js';

/** What the back office reads about meetings: everything, non-public parts included. */

export type MeetingRow = typeof meetings.$inferSelect;
export type AgendaItemRow = typeof agendaItems.$inferSelect;
export type LocationRow = typeof locations.$inferSelect;
export type AttendanceRow = typeof attendance.$inferSelect;

export async function listCouncilMeetings(db: Tx, councilId: number) {
  return db
    .select({ meeting: meetings, locationName: locations.name })
    .from(meetings)
    .leftJoin(locations, eq(locations.id, meetings.locationId))
    .where(eq(meetings.councilId, councilId))
    .orderBy(desc(meetings.startsAt));
}

/** One meeting, only if it belongs to the council. */
export async function findCouncilMeeting(db: Tx, councilId: number, meetingId: number) {
  const [row] = await db
    .select({ meeting: meetings, location: locations })
    .from(meetings)
    .leftJoin(locations, eq(locations.id, meetings.locationId))
    .where(and(eq(meetings.id, meetingId), eq(meetings.councilId, councilId)))
    .limit(1);
  return row;
}

export async function lockMeeting(tx: Tx, councilId: number, meetingId: number): Promise<MeetingRow | undefined> {
  const [row] = await tx
    .select()
    .from(meetings)
    .where(and(eq(meetings.id, meetingId), eq(meetings.councilId, councilId)))
    .for('update');
  return row;
}

export async function listAgendaItems(db: Tx, meetingId: number): Promise<AgendaItemRow[]> {
  return db.select().from(agendaItems).where(eq(agendaItems.meetingId, meetingId)).orderBy(asc(agendaItems.position));
}

/**
 * The documents filed with a meeting or with one of its agenda items: invitations, supplements and
 * uploads. A document that belongs to a grant application is part of that grant's file and is not
 * the meeting's, even if it is linked to it.
 */
export function meetingDocumentsWhere(db: Tx, councilId: number, meetingId: number): SQL {
  const items = db.select({ id: agendaItems.id }).from(agendaItems).where(eq(agendaItems.meetingId, meetingId));
  return and(eq(documents.councilId, councilId), isNull(documents.grantId), or(eq(documents.meetingId, meetingId), inArray(documents.agendaItemId, items)))!;
}

export async function listMeetingDocuments(db: Tx, councilId: number, meetingId: number) {
  return db.select().from(documents).where(meetingDocumentsWhere(db, councilId, meetingId)).orderBy(asc(documents.id));
}

export async function listLocations(db: Tx, bodyId: number): Promise<LocationRow[]> {
  return db.select().from(locations).where(eq(locations.bodyId, bodyId)).orderBy(asc(locations.name), asc(locations.id));
}

export async function findLocation(db: Tx, bodyId: number, id: number): Promise<LocationRow | undefined> {
  const [row] = await db
    .select()
    .from(locations)
    .where(and(eq(locations.bodyId, bodyId), eq(locations.id, id)))
    .limit(1);
  return row;
}

export async function findCouncilRow(db: Tx, councilId: number) {
  const [row] = await db.select({ council: councils, bodyName: bodies.name }).from(councils).innerJoin(bodies, eq(bodies.id, councils.bodyId)).where(eq(councils.id, councilId));
  if (!row) throw new Error(`Council ${councilId} vanished`);
  return row;
}

export type MemberAtMeeting = Awaited<ReturnType<typeof listMembersOn>>[number];

/** The council's members on a day (the meeting's), with what invitations and quorum need. */
export async function listMembersOn(db: Tx, councilId: number, day: string) {
  return db
    .select({
      membershipId: memberships.id,
      role: memberships.role,
      votingRight: memberships.votingRight,
      publicConsent: memberships.publicConsent,
      personId: people.id,
      formOfAddress: people.formOfAddress,
      givenName: people.givenName,
      familyName: people.familyName,
      email: people.email,
    })
    .from(memberships)
    .innerJoin(people, eq(people.id, memberships.personId))
    .where(and(eq(memberships.councilId, councilId), lte(memberships.startDate, day), or(isNull(memberships.endDate), gte(memberships.endDate, day))))
    .orderBy(asc(people.familyName), asc(people.givenName), asc(memberships.id));
}

export async function listAttendance(db: Tx, meetingId: number): Promise<AttendanceRow[]> {
  return db.select().from(attendance).where(eq(attendance.meetingId, meetingId));
}

export async function listExclusions(db: Tx, meetingId: number): Promise<Array<{ agendaItemId: number; membershipId: number }>> {
  return db
    .select({ agendaItemId: agendaItemExclusions.agendaItemId, membershipId: agendaItemExclusions.membershipId })
    .from(agendaItemExclusions)
    .innerJoin(agendaItems, eq(agendaItems.id, agendaItemExclusions.agendaItemId))
    .where(eq(agendaItems.meetingId, meetingId));
}

/** The chair in office on a day, to sign letters and minutes. */
export async function findChairOn(db: Tx, councilId: number, day: string) {
  const [row] = await db
    .select({ formOfAddress: people.formOfAddress, givenName: people.givenName, familyName: people.familyName })
    .from(chairTerms)
    .innerJoin(people, eq(people.id, chairTerms.personId))
    .where(and(eq(chairTerms.councilId, councilId), eq(chairTerms.role, 'chair'), lte(chairTerms.startDate, day), or(isNull(chairTerms.endDate), gte(chairTerms.endDate, day))))
    .limit(1);
  return row;
}

/** The latest earlier meeting that was held and whose minutes still wait for approval. */
export async function findMeetingAwaitingApproval(db: Tx, councilId: number, before: Date): Promise<MeetingRow | undefined> {
  const [row] = await db
    .select()
    .from(meetings)
    .where(and(eq(meetings.councilId, councilId), lt(meetings.startsAt, before), eq(meetings.cancelled, false), eq(meetings.state, 'held'), isNull(meetings.minutesApprovedAt)))
    .orderBy(desc(meetings.startsAt))
    .limit(1);
  return row;
}

export const meetingDay = (meeting: { startsAt: Date }) => berlinDate(meeting.startsAt);
