import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { recordAudit, type AuditActor, type Tx } from '../audit/service.js';
import type { Database } from '../infra/db/database.js';
import { burnPasswordCheck, hashPassword, verifyPassword } from './passwords.js';
import type { Role } from './policy.js';
import { hashToken, newToken } from './sessions.js';
import { oneTimeTokens, roleAssignments, users } from './schema.js';

/** After this many wrong passwords in a row an account rests for `lockMinutes`. */
export const maxFailedSignIns = 5;
export const lockMinutes = 15;

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

export type SignInResult =
  | { kind: 'ok'; userId: number; totpEnabled: boolean; mustSetUpTotp: boolean }
  | { kind: 'invalid' }
  | { kind: 'locked'; until: Date };

export async function checkPassword(db: Database, email: string, password: string, now = new Date()): Promise<SignInResult> {
  const [user] = await db.select().from(users).where(eq(users.email, normalizeEmail(email))).limit(1);
  if (!user || !user.passwordHash || user.disabledAt) {
    await burnPasswordCheck(password);
    return { kind: 'invalid' };
  }
  if (user.lockedUntil && user.lockedUntil > now) {
    await burnPasswordCheck(password);
    return { kind: 'locked', until: user.lockedUntil };
  }
  if (!(await verifyPassword(user.passwordHash, password))) {
    const failures = user.failedSignIns + 1;
    const lockedUntil = failures >= maxFailedSignIns ? new Date(now.getTime() + lockMinutes * 60_000) : null;
    await db.update(users).set({ failedSignIns: lockedUntil ? 0 : failures, lockedUntil }).where(eq(users.id, user.id));
    return lockedUntil ? { kind: 'locked', until: lockedUntil } : { kind: 'invalid' };
  }
  await db.update(users).set({ failedSignIns: 0, lockedUntil: null, lastSignInAt: now }).where(eq(users.id, user.id));
  const isAdmin = (await db.select({ id: roleAssignments.id }).from(roleAssignments).where(and(eq(roleAssignments.userId, user.id), eq(roleAssignments.role, 'admin'))).limit(1)).length > 0;
  return { kind: 'ok', userId: user.id, totpEnabled: user.totpEnabledAt !== null, mustSetUpTotp: isAdmin && user.totpEnabledAt === null };
}

export interface NewUser {
  email: string;
  displayName: string;
  role: Role;
  councilId: number | null;
  password?: string;
}

export class UserExistsError extends Error {
  constructor(email: string) {
    super(`A user with the e-mail address ${email} exists already.`);
  }
}

export async function createUser(tx: Tx, input: NewUser, actor: AuditActor): Promise<number> {
  const email = normalizeEmail(input.email);
  const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.email, email));
  if (existing) throw new UserExistsError(email);
  const [user] = await tx
    .insert(users)
    .values({ email, displayName: input.displayName, passwordHash: input.password ? await hashPassword(input.password) : null })
    .returning();
  await tx.insert(roleAssignments).values({ userId: user!.id, role: input.role, councilId: input.role === 'admin' ? null : input.councilId });
  await recordAudit(tx, { actor, action: 'user.create', entityType: 'user', entityId: user!.id, councilId: input.councilId, after: { ...user!, role: input.role, councilId: input.councilId } });
  return user!.id;
}

/** A link token for setting a password; only its hash is stored. */
export async function createOneTimeToken(tx: Tx, userId: number, purpose: 'password_reset' | 'welcome', now = new Date()): Promise<string> {
  const token = newToken();
  const hours = purpose === 'welcome' ? 7 * 24 : 1;
  await tx.insert(oneTimeTokens).values({ id: hashToken(token), userId, purpose, expiresAt: new Date(now.getTime() + hours * 3600_000) });
  return token;
}

/** The user a valid, unused token belongs to. */
export async function findValidToken(db: Tx, token: string, now = new Date()): Promise<{ userId: number; purpose: 'password_reset' | 'welcome' } | undefined> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
  const [row] = await db
    .select({ userId: oneTimeTokens.userId, purpose: oneTimeTokens.purpose })
    .from(oneTimeTokens)
    .where(and(eq(oneTimeTokens.id, hashToken(token)), isNull(oneTimeTokens.usedAt), gt(oneTimeTokens.expiresAt, now)));
  return row;
}

export async function setPasswordWithToken(tx: Tx, token: string, password: string, now = new Date()): Promise<number | undefined> {
  const found = await findValidToken(tx, token, now);
  if (!found) return undefined;
  await tx.update(oneTimeTokens).set({ usedAt: now }).where(eq(oneTimeTokens.id, hashToken(token)));
  await tx.update(users).set({ passwordHash: await hashPassword(password), failedSignIns: 0, lockedUntil: null, updatedAt: sql`now()` }).where(eq(users.id, found.userId));
  await recordAudit(tx, { actor: { userId: found.userId, label: 'self' }, action: 'user.password_set', entityType: 'user', entityId: found.userId });
  return found.userId;
}
