import { and, asc, count, eq, gte, isNotNull, isNull, like, lt, or, sql } from 'drizzle-orm';
import type { Tx } from '../audit/service.js';
import { councils } from '../councils/schema.js';
import { outbox } from '../mail/schema.js';
import { meetingSubscriptions } from '../meetings/schema.js';

export type Subscription = typeof meetingSubscriptions.$inferSelect;

const sameScope = (councilId: number | null) => (councilId === null ? isNull(meetingSubscriptions.councilId) : eq(meetingSubscriptions.councilId, councilId));
/** Addresses compare without case, as the unique index does. */
const sameAddress = (email: string) => sql`lower(${meetingSubscriptions.email}) = lower(${email})`;

export async function findSubscription(db: Tx, councilId: number | null, email: string): Promise<Subscription | undefined> {
  const [row] = await db.select().from(meetingSubscriptions).where(and(sameScope(councilId), sameAddress(email))).limit(1);
  return row;
}

export async function findSubscriptionById(db: Tx, id: number): Promise<Subscription | undefined> {
  const [row] = await db.select().from(meetingSubscriptions).where(eq(meetingSubscriptions.id, id)).limit(1);
  return row;
}

/** A subscription with its council's slug and name (none for the city-wide one). */
export async function findSubscriptionWithCouncil(db: Tx, where: { id: number } | { tokenHash: string }) {
  const [row] = await db
    .select({ subscription: meetingSubscriptions, council: { slug: councils.slug, name: councils.name } })
    .from(meetingSubscriptions)
    .leftJoin(councils, eq(councils.id, meetingSubscriptions.councilId))
    .where('id' in where ? eq(meetingSubscriptions.id, where.id) : eq(meetingSubscriptions.confirmTokenHash, where.tokenHash))
    .limit(1);
  return row;
}

/** Inserts an unconfirmed subscription; undefined when the same address and scope got there first. */
export async function insertSubscription(db: Tx, values: { councilId: number | null; email: string; locale: string; confirmTokenHash: string; createdAt: Date }): Promise<Subscription | undefined> {
  const [row] = await db.insert(meetingSubscriptions).values(values).onConflictDoNothing().returning();
  return row;
}

/** A new confirmation token for a subscription not yet confirmed; the week starts again. */
export async function renewConfirmation(db: Tx, id: number, values: { locale: string; confirmTokenHash: string; createdAt: Date }): Promise<Subscription | undefined> {
  const [row] = await db
    .update(meetingSubscriptions)
    .set(values)
    .where(and(eq(meetingSubscriptions.id, id), isNull(meetingSubscriptions.confirmedAt)))
    .returning();
  return row;
}

/** Confirms by token hash when the token is still valid; the hash is dropped, it is needed no more. */
export async function confirmByTokenHash(db: Tx, tokenHash: string, validSince: Date, now: Date): Promise<Subscription | undefined> {
  const [row] = await db
    .update(meetingSubscriptions)
    .set({ confirmedAt: now, confirmTokenHash: null })
    .where(and(eq(meetingSubscriptions.confirmTokenHash, tokenHash), isNull(meetingSubscriptions.confirmedAt), gte(meetingSubscriptions.createdAt, validSince)))
    .returning();
  return row;
}

export async function deleteSubscription(db: Tx, id: number): Promise<boolean> {
  const rows = await db.delete(meetingSubscriptions).where(eq(meetingSubscriptions.id, id)).returning({ id: meetingSubscriptions.id });
  return rows.length > 0;
}

/** Confirmed subscriptions that cover a council's meetings: its own and the city-wide ones. */
export async function listConfirmedSubscriptions(db: Tx, councilId: number): Promise<Subscription[]> {
  return db
    .select()
    .from(meetingSubscriptions)
    .where(and(isNotNull(meetingSubscriptions.confirmedAt), or(eq(meetingSubscriptions.councilId, councilId), isNull(meetingSubscriptions.councilId))))
    .orderBy(asc(meetingSubscriptions.id));
}

export async function deleteUnconfirmedBefore(db: Tx, cutoff: Date): Promise<number> {
  const rows = await db
    .delete(meetingSubscriptions)
    .where(and(isNull(meetingSubscriptions.confirmedAt), lt(meetingSubscriptions.createdAt, cutoff)))
    .returning({ id: meetingSubscriptions.id });
  return rows.length;
}

export const confirmationMailKeyPrefix = (subscriptionId: number) => `subscription-confirm:${subscriptionId}:`;

/** How many confirmation mails a subscription was sent since a moment: the brake on mail to a stranger's address. */
export async function countConfirmationMailsSince(db: Tx, subscriptionId: number, since: Date): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(outbox)
    .where(and(like(outbox.key, `${confirmationMailKeyPrefix(subscriptionId)}%`), gte(outbox.createdAt, since)));
  return row?.n ?? 0;
}
