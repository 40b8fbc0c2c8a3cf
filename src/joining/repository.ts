import { and, desc, eq } from 'drizzle-orm';
import type { Database } from '../infra/db/database.js';
import { membershipApplications } from './schema.js';
import type { Application } from './service.js';

/** A council's applications, the newest first. */
export async function listApplications(db: Database, councilId: number): Promise<Application[]> {
  return db
    .select()
    .from(membershipApplications)
    .where(eq(membershipApplications.councilId, councilId))
    .orderBy(desc(membershipApplications.createdAt), desc(membershipApplications.id));
}

/** One application, only if it belongs to the council: another council's number is not found. */
export async function findApplication(db: Database, councilId: number, id: number): Promise<Application | undefined> {
  const [row] = await db
    .select()
    .from(membershipApplications)
    .where(and(eq(membershipApplications.id, id), eq(membershipApplications.councilId, councilId)));
  return row;
}
