import { asc, eq } from 'drizzle-orm';
import type { Database } from '../infra/db/database.js';
import { bodies, districts } from './schema.js';

export type Body = typeof bodies.$inferSelect;

/** Beirat serves one city per installation; the first body is it. */
export async function findBody(db: Database): Promise<Body | undefined> {
  const [body] = await db.select().from(bodies).orderBy(asc(bodies.id)).limit(1);
  return body;
}

export async function listDistricts(db: Database, bodyId: number) {
  return db.select().from(districts).where(eq(districts.bodyId, bodyId)).orderBy(asc(districts.number));
}
