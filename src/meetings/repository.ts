import { and, asc, count, desc, eq, gte, isNull, or } from 'drizzle-orm';
import { documents } from '../documents/schema.js';
import type { Database } from '../infra/db/database.js';
import { agendaItems, locations, meetings } from './schema.js';

const meetingSummary = {
  id: meetings.id,
  title: meetings.title,
  startsAt: meetings.startsAt,
  endsAt: meetings.endsAt,
  state: meetings.state,
  cancelled: meetings.cancelled,
  isExample: meetings.isExample,
  locationName: locations.name,
};

export type MeetingSummary = Awaited<ReturnType<typeof listMeetings>>[number];

export async function listMeetings(db: Database, councilId: number) {
  return db
    .select(meetingSummary)
    .from(meetings)
    .leftJoin(locations, eq(locations.id, meetings.locationId))
    .where(eq(meetings.councilId, councilId))
    .orderBy(desc(meetings.startsAt));
}

export async function listUpcomingMeetings(db: Database, councilId: number, now: Date, limit: number) {
  return db
    .select(meetingSummary)
    .from(meetings)
    .leftJoin(locations, eq(locations.id, meetings.locationId))
    .where(and(eq(meetings.councilId, councilId), gte(meetings.startsAt, now)))
    .orderBy(asc(meetings.startsAt))
    .limit(limit);
}

export async function findMeeting(db: Database, councilId: number, meetingId: number) {
  const [row] = await db
    .select({ meeting: meetings, location: locations })
    .from(meetings)
    .leftJoin(locations, eq(locations.id, meetings.locationId))
    .where(and(eq(meetings.id, meetingId), eq(meetings.councilId, councilId)))
    .limit(1);
  return row;
}

/** Only public items: non-public ones never leave the back office. */
export async function listPublicAgendaItems(db: Database, meetingId: number) {
  return db
    .select()
    .from(agendaItems)
    .where(and(eq(agendaItems.meetingId, meetingId), eq(agendaItems.isPublic, true)))
    .orderBy(asc(agendaItems.position));
}

/** Pages say that a non-public part exists, never what is in it. */
export async function countNonPublicAgendaItems(db: Database, meetingId: number): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(agendaItems)
    .where(and(eq(agendaItems.meetingId, meetingId), eq(agendaItems.isPublic, false)));
  return row?.n ?? 0;
}

/** Public documents of a meeting and of its public agenda items. */
export async function listPublicMeetingDocuments(db: Database, meetingId: number) {
  return db
    .select({
      id: documents.id,
      kind: documents.kind,
      title: documents.title,
      fileName: documents.fileName,
      mimeType: documents.mimeType,
      sizeBytes: documents.sizeBytes,
      agendaItemId: documents.agendaItemId,
    })
    .from(documents)
    .leftJoin(agendaItems, eq(agendaItems.id, documents.agendaItemId))
    .where(
      and(
        eq(documents.meetingId, meetingId),
        eq(documents.isPublic, true),
        // A public file attached to a non-public item would reveal the item.
        or(isNull(documents.agendaItemId), eq(agendaItems.isPublic, true)),
      ),
    )
    .orderBy(asc(documents.id));
}
