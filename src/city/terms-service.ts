import { and, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { recordAudit, type AuditActor, type Tx } from '../audit/service.js';
import type { Database } from '../infra/db/database.js';
import { bodies, legislativeTerms } from './schema.js';

/**
 * The rules for the city's legislative terms (Wahlperioden) and the changes to them. A term runs
 * from its first to its last day, both included; a term without an end runs on until one is set.
 * The terms of one body follow one another without overlapping: a district council is elected for
 * exactly one term at a time, so a day belongs to at most one of them.
 */
export type LegislativeTerm = typeof legislativeTerms.$inferSelect;

export const termNameMax = 200;

/** The dates of a term as stored: calendar days as YYYY-MM-DD, which compare correctly as text. */
export interface TermPeriod {
  startDate: string;
  endDate: string | null;
}

export interface TermInput extends TermPeriod {
  name: string;
}

/**
 * A real calendar day as <input type="date"> sends it. Years outside 1900–2199 are typing mistakes
 * (a five-digit year from a held-down key), and PostgreSQL's date type would refuse some of them.
 */
export function isCalendarDay(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (y < 1900 || y > 2199) return false;
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

const day = z.string().trim().min(1).max(10, 'form.error.date').refine(isCalendarDay, 'form.error.date');
/** Empty means the term has no end yet. */
const optionalDay = z
  .string()
  .trim()
  .max(10, 'form.error.date')
  .refine((v) => v === '' || isCalendarDay(v), 'form.error.date')
  .transform((v) => (v === '' ? null : v));

/**
 * The form of a term. Messages are catalog keys (translated by the form helpers). The order of the
 * dates is checked even when another field is wrong, so one round of corrections is enough.
 */
export const termForm = z
  .object({
    name: z.string().trim().min(1).max(termNameMax),
    startDate: day,
    endDate: optionalDay,
  })
  .refine((term) => term.endDate === null || term.endDate >= term.startDate, {
    path: ['endDate'],
    message: 'terms.error.endBeforeStart',
    when: (payload) => {
      const value = payload.value as Record<string, unknown> | undefined;
      const valid = (v: unknown) => typeof v === 'string' && isCalendarDay(v);
      return valid(value?.startDate) && (value?.endDate === null || valid(value?.endDate));
    },
  });

/** Whether two terms share at least one day; a term without an end shares every day after its start. */
export function termsOverlap(a: TermPeriod, b: TermPeriod): boolean {
  return (b.endDate === null || a.startDate <= b.endDate) && (a.endDate === null || b.startDate <= a.endDate);
}

/** The first term (by start) that shares a day with `candidate`, leaving out the one being edited. */
export function findOverlap<T extends TermPeriod & { id: number }>(candidate: TermPeriod, terms: readonly T[], exceptId?: number): T | undefined {
  return [...terms].sort((a, b) => a.startDate.localeCompare(b.startDate) || a.id - b.id).find((t) => t.id !== exceptId && termsOverlap(candidate, t));
}

/**
 * Which of the candidate's dates to correct because of `other`: the one that falls inside the other
 * term; both when neither does (the candidate encloses the other term), since then either may be the
 * mistake.
 */
export function overlapFields(candidate: TermPeriod, other: TermPeriod): Array<'startDate' | 'endDate'> {
  const inside = (day: string | null) =>
    day === null ? other.endDate === null : day >= other.startDate && (other.endDate === null || day <= other.endDate);
  const fields: Array<'startDate' | 'endDate'> = [];
  if (inside(candidate.startDate)) fields.push('startDate');
  if (inside(candidate.endDate)) fields.push('endDate');
  return fields.length > 0 ? fields : ['startDate', 'endDate'];
}

export type TermRefusal = { ok: false; reason: 'not_found' } | { ok: false; reason: 'overlap'; other: LegislativeTerm; fields: Array<'startDate' | 'endDate'> };
export type TermChange = { ok: true; term: LegislativeTerm; changed: boolean } | TermRefusal;

/** Newest first: the current and coming terms are the ones looked for. */
export async function listTerms(db: Database | Tx, bodyId: number): Promise<LegislativeTerm[]> {
  return db.select().from(legislativeTerms).where(eq(legislativeTerms.bodyId, bodyId)).orderBy(desc(legislativeTerms.startDate), desc(legislativeTerms.id));
}

export async function findTerm(db: Database | Tx, bodyId: number, id: number): Promise<LegislativeTerm | undefined> {
  const [term] = await db.select().from(legislativeTerms).where(and(eq(legislativeTerms.bodyId, bodyId), eq(legislativeTerms.id, id)));
  return term;
}

/**
 * Locks the body for the rest of the transaction: two administrators saving overlapping terms at
 * the same moment would each pass the check against the other's not yet committed term.
 */
async function lockBody(tx: Tx, bodyId: number): Promise<void> {
  await tx.select({ id: bodies.id }).from(bodies).where(eq(bodies.id, bodyId)).for('update');
}

async function overlapRefusal(tx: Tx, bodyId: number, input: TermPeriod, exceptId?: number): Promise<TermRefusal | undefined> {
  const other = findOverlap(input, await listTerms(tx, bodyId), exceptId);
  return other ? { ok: false, reason: 'overlap', other, fields: overlapFields(input, other) } : undefined;
}

export async function createTerm(db: Database, bodyId: number, input: TermInput, actor: AuditActor): Promise<TermChange> {
  return db.transaction(async (tx): Promise<TermChange> => {
    await lockBody(tx, bodyId);
    const refusal = await overlapRefusal(tx, bodyId, input);
    if (refusal) return refusal;
    const [term] = await tx.insert(legislativeTerms).values({ bodyId, name: input.name, startDate: input.startDate, endDate: input.endDate }).returning();
    await recordAudit(tx, { actor, action: 'legislative_term.create', entityType: 'legislative_term', entityId: term!.id, after: term });
    return { ok: true, term: term!, changed: true };
  });
}

/** Saves the term as given; a save that changes nothing writes nothing, not even to the audit log. */
export async function updateTerm(db: Database, bodyId: number, id: number, input: TermInput, actor: AuditActor): Promise<TermChange> {
  return db.transaction(async (tx): Promise<TermChange> => {
    await lockBody(tx, bodyId);
    const before = await findTerm(tx, bodyId, id);
    if (!before) return { ok: false, reason: 'not_found' };
    if (before.name === input.name && before.startDate === input.startDate && before.endDate === input.endDate) return { ok: true, term: before, changed: false };
    const refusal = await overlapRefusal(tx, bodyId, input, id);
    if (refusal) return refusal;
    const [after] = await tx
      .update(legislativeTerms)
      .set({ name: input.name, startDate: input.startDate, endDate: input.endDate })
      .where(and(eq(legislativeTerms.bodyId, bodyId), eq(legislativeTerms.id, id)))
      .returning();
    await recordAudit(tx, { actor, action: 'legislative_term.update', entityType: 'legislative_term', entityId: id, before, after });
    return { ok: true, term: after!, changed: true };
  });
}

/** Deletes a term; the audit entry keeps the whole row. Nothing else in Beirat points at a term. */
export async function deleteTerm(db: Database, bodyId: number, id: number, actor: AuditActor): Promise<{ ok: true; term: LegislativeTerm } | { ok: false; reason: 'not_found' }> {
  return db.transaction(async (tx) => {
    await lockBody(tx, bodyId);
    const [before] = await tx.delete(legislativeTerms).where(and(eq(legislativeTerms.bodyId, bodyId), eq(legislativeTerms.id, id))).returning();
    if (!before) return { ok: false as const, reason: 'not_found' as const };
    await recordAudit(tx, { actor, action: 'legislative_term.delete', entityType: 'legislative_term', entityId: id, before });
    return { ok: true as const, term: before };
  });
}
