import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Database } from '../infra/db/database.js';
import { settings } from './schema.js';

// A secret never changes once stored, so each database's secrets are read once per process. Keyed
// by the database object: tests open many databases in one process.
const cache = new WeakMap<object, Map<string, Promise<string>>>();

/** A secret made once per installation and kept in the database, so every instance signs alike. */
export async function installationSecret(db: Database, key: string): Promise<string> {
  let secrets = cache.get(db);
  if (!secrets) cache.set(db, (secrets = new Map()));
  let secret = secrets.get(key);
  if (!secret) {
    secret = readOrCreate(db, key);
    secrets.set(key, secret);
    // A failed read (e.g. inside a transaction that was rolled back) is not remembered.
    secret.catch(() => secrets.delete(key));
  }
  return secret;
}

async function readOrCreate(db: Database, key: string): Promise<string> {
  await db.insert(settings).values({ key, value: randomBytes(32).toString('base64url') }).onConflictDoNothing({ target: settings.key });
  const [row] = await db.select().from(settings).where(eq(settings.key, key));
  return row!.value;
}
