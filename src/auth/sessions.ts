import { createHash, randomBytes } from 'node:crypto';
import { eq, lt } from 'drizzle-orm';
import type { Tx } from '../audit/service.js';
import type { Database } from '../infra/db/database.js';
import type { RoleGrant } from './policy.js';
import { roleAssignments, sessions, users } from './schema.js';

/** However active, a session ends after this long; then the user signs in again. */
export const absoluteSessionHours = 12;

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
export const newToken = () => randomBytes(32).toString('base64url');

export async function createSession(tx: Tx, userId: number, complete: boolean, now = new Date()): Promise<string> {
  const token = newToken();
  await tx.insert(sessions).values({
    id: hashToken(token),
    userId,
    complete,
    createdAt: now,
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + absoluteSessionHours * 3600_000),
  });
  return token;
}

export interface SignedInUser {
  sessionId: string;
  complete: boolean;
  id: number;
  email: string;
  displayName: string;
  totpEnabled: boolean;
  roles: RoleGrant[];
}

/** The user behind a session cookie; an expired or idle session is deleted and yields nothing. */
export async function findSession(db: Database, token: string, idleMinutes: number, now = new Date()): Promise<SignedInUser | undefined> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
  const id = hashToken(token);
  const [row] = await db
    .select({ session: sessions, user: { id: users.id, email: users.email, displayName: users.displayName, totpEnabledAt: users.totpEnabledAt, disabledAt: users.disabledAt } })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.id, id))
    .limit(1);
  if (!row) return undefined;
  const idleSince = now.getTime() - row.session.lastSeenAt.getTime();
  if (row.session.expiresAt <= now || idleSince > idleMinutes * 60_000 || row.user.disabledAt) {
    await db.delete(sessions).where(eq(sessions.id, id));
    return undefined;
  }
  // Write the last activity at most once a minute, not on every request.
  if (idleSince > 60_000) await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, id));
  const roles = await db.select({ role: roleAssignments.role, councilId: roleAssignments.councilId }).from(roleAssignments).where(eq(roleAssignments.userId, row.user.id));
  return {
    sessionId: id,
    complete: row.session.complete,
    id: row.user.id,
    email: row.user.email,
    displayName: row.user.displayName,
    totpEnabled: row.user.totpEnabledAt !== null,
    roles,
  };
}

export async function deleteSession(db: Tx, sessionId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, sessionId));
}

/** Ends every session of a user, e.g. after a password change or when the account is disabled. */
export async function deleteUserSessions(db: Tx, userId: number): Promise<void> {
  await db.delete(sessions).where(eq(sessions.userId, userId));
}

export async function deleteExpiredSessions(db: Database, now = new Date()): Promise<void> {
  await db.delete(sessions).where(lt(sessions.expiresAt, now));
}
