import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { Database } from '../infra/db/database.js';
import { grants } from './schema.js';
import { publicGrantStatuses } from './service.js';

export type Grant = typeof grants.$inferSelect;

/** Funded projects: only grants the district council approved are public. */
export async function listPublicGrants(db: Database, councilId: number, limit?: number): Promise<Grant[]> {
  const query = db
    .select()
    .from(grants)
    .where(and(eq(grants.councilId, councilId), inArray(grants.status, [...publicGrantStatuses])))
    .orderBy(desc(grants.year), asc(grants.number));
  return limit === undefined ? query : query.limit(limit);
}

export async function findPublicGrant(db: Database, councilId: number, grantId: number): Promise<Grant | undefined> {
  const [grant] = await db
    .select()
    .from(grants)
    .where(and(eq(grants.id, grantId), eq(grants.councilId, councilId), inArray(grants.status, [...publicGrantStatuses])))
    .limit(1);
  return grant;
}
