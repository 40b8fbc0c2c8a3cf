import { and, asc, eq, gte, sql } from 'drizzle-orm';
import { districts } from '../city/schema.js';
import type { Database } from '../infra/db/database.js';
import { meetings } from '../meetings/schema.js';
import { councils, seatCategories } from './schema.js';

export type Council = typeof councils.$inferSelect;
export type SeatCategory = typeof seatCategories.$inferSelect;

export async function findCouncilBySlug(db: Database, slug: string) {
  const [row] = await db
    .select({ council: councils, districtName: districts.name, districtNumber: districts.number })
    .from(councils)
    .leftJoin(districts, eq(districts.id, councils.districtId))
    .where(eq(councils.slug, slug))
    .limit(1);
  return row;
}

export async function listSeatCategories(db: Database, councilId: number): Promise<SeatCategory[]> {
  return db.select().from(seatCategories).where(eq(seatCategories.councilId, councilId)).orderBy(asc(seatCategories.position), asc(seatCategories.id));
}

/** Every council of a city with its district and its next meeting that is not cancelled, in district order. */
export async function listCouncilsWithNextMeeting(db: Database, bodyId: number, now: Date) {
  // One index lookup per council (meetings by council and start), not a sort of every future meeting.
  const next = db
    .select({ id: meetings.id, startsAt: meetings.startsAt })
    .from(meetings)
    .where(and(eq(meetings.councilId, councils.id), gte(meetings.startsAt, now), eq(meetings.cancelled, false)))
    .orderBy(asc(meetings.startsAt))
    .limit(1)
    .as('next_meeting');
  return db
    .select({
      council: { id: councils.id, slug: councils.slug, name: councils.name, shortName: councils.shortName, foundedOn: councils.foundedOn },
      district: { name: districts.name, number: districts.number },
      nextMeeting: { id: next.id, startsAt: next.startsAt },
    })
    .from(councils)
    .leftJoin(districts, eq(districts.id, councils.districtId))
    .leftJoinLateral(next, sql`true`)
    .where(and(eq(councils.bodyId, bodyId), sql`${councils.dissolvedOn} is null`))
    .orderBy(asc(districts.number), asc(councils.slug));
}
