import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Database } from '../infra/db/database.js';
import { settings } from './schema.js';

/** A secret made once per installation and kept in the database, so every instance signs alike. */
export async function installationSecret(db: Database, key: string): Promise<string> {
  await db.insert(settings).values({ key, value: randomBytes(32).toString('base64url') }).onConflictDoNothing({ target: settings.key });
  const [row] = await db.select().from(settings).where(eq(settings.key, key));
  return row!.value;
}
