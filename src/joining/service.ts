import { createHash } from 'node:crypto';
import { and, eq, lt, ne } from 'drizzle-orm';
import { z } from 'zod';
import { recordAudit, systemActor, type AuditActor, type Tx } from '../audit/service.js';
import type { Council } from '../councils/repository.js';
import { checkEligibility, type DistrictTie } from '../councils/service.js';
import type { Database } from '../infra/db/database.js';
import { isLocale, type Locale } from '../infra/i18n/locales.js';
import { translator, type MessageKey } from '../infra/i18n/translator.js';
import { enqueueMail } from '../mail/outbox.js';
import { appointMember } from '../members/appointments.js';
import { membershipApplications } from './schema.js';

/**
 * Applications from residents: the rules as plain functions (what a valid application is, what the
 * office may still do with one, when it is deleted) and the few writes, each in one transaction
 * with its audit entry and its mail.
 */

export type Application = typeof membershipApplications.$inferSelect;
export type ApplicationStatus = Application['status'];

export const districtTies = ['lives', 'works', 'club'] as const satisfies readonly DistrictTie[];

export const limits = { name: 200, email: 254, phone: 50, languages: 300, motivation: 3000, officeText: 2000, minAge: 10, maxAge: 120 } as const;

/** Who the audit trail names for what a resident sends without an account. */
export const applicantActor: AuditActor = { userId: null, label: 'applicant' };

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((v) => (v ? v : null));

/** A checkbox group arrives as nothing, one value or a list. */
const asList = (value: unknown) => (Array.isArray(value) ? value : value === undefined || value === '' ? [] : [value]);

const wholeNumber = z.string().trim().min(1).regex(/^\d{1,6}$/, 'form.error.number').transform(Number);

export const applicationInput = z.object({
  name: z.string().trim().min(1).max(limits.name),
  email: z.string().trim().min(1).max(limits.email).email(),
  phone: z
    .string()
    .trim()
    .max(limits.phone)
    .regex(/^[0-9+()/. -]*$/, 'joining.error.phone')
    .optional()
    .transform((v) => (v ? v : null)),
  ties: z.preprocess(asList, z.array(z.enum(districtTies)).min(1, 'joining.error.ties')).transform((ties) => [...new Set(ties)]),
  age: wholeNumber.pipe(z.number().int().min(limits.minAge).max(limits.maxAge)),
  languages: optionalText(limits.languages),
  motivation: z.string().trim().min(1).max(limits.motivation),
  consent: z.literal('on', 'joining.error.consent'),
});
export type ApplicationInput = z.infer<typeof applicationInput>;

export const askBackInput = z.object({ message: z.string().trim().min(1).max(limits.officeText) });
export const rejectInput = z.object({ reason: z.string().trim().min(1).max(limits.officeText) });

/** A real calendar date as YYYY-MM-DD (not 2026-02-30). */
export const isoDate = z
  .string()
  .trim()
  .refine((v) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
    const d = new Date(`${v}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(v);
  }, 'form.error.date');

/** The appointment form; only the council's own seat categories can be chosen. */
export function appointInput(categoryIds: readonly number[]) {
  return z.object({
    // Some people have one name only: it goes into the family name.
    givenName: z.string().trim().max(limits.name),
    familyName: z.string().trim().min(1).max(limits.name),
    seatCategoryId: z
      .string()
      .regex(/^\d{1,9}$/, 'form.error.choose')
      .transform(Number)
      .refine((id) => categoryIds.includes(id), 'form.error.choose'),
    startDate: isoDate,
    publicConsent: z
      .literal('on')
      .optional()
      .transform((v) => v === 'on'),
  });
}
export type AppointInput = z.infer<ReturnType<typeof appointInput>>;

/** A proposal for the appointment form: the last word is taken as the family name. */
export function splitName(name: string): { givenName: string; familyName: string } {
  const words = name.trim().split(/\s+/).filter(Boolean);
  if (words.length <= 1) return { givenName: '', familyName: words[0] ?? '' };
  return { givenName: words.slice(0, -1).join(' '), familyName: words.at(-1)! };
}

export type OfficeAction = 'askBack' | 'reject' | 'appoint';

/** Once rejected or appointed, an application is decided: nothing more can be done with it. */
export function availableActions(status: ApplicationStatus): OfficeAction[] {
  return status === 'received' || status === 'asked_back' ? ['askBack', 'reject', 'appoint'] : [];
}

/** Eligibility for the migration-background seats, by the council's own rules. */
export function eligibilityOf(council: Pick<Council, 'eligibilityMinAge' | 'eligibilityTies'>, application: Pick<Application, 'age' | 'ties'>) {
  return checkEligibility({ eligibilityMinAge: council.eligibilityMinAge, eligibilityTies: council.eligibilityTies }, { age: application.age, ties: application.ties });
}

/**
 * The moment `months` calendar months before `now`. A day that the earlier month lacks becomes
 * its last day (31 March minus one month is 28 or 29 February).
 */
export function retentionCutoff(now: Date, months: number): Date {
  const target = new Date(now.getTime());
  target.setUTCDate(1);
  target.setUTCMonth(target.getUTCMonth() - months);
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(now.getUTCDate(), lastDay));
  return target;
}

/**
 * Deletes applications that did not lead to an appointment and arrived more than `months` calendar
 * months before `now`. The audit entry keeps only the number and the council: copying the
 * applicant's details into the trail would keep what the deletion is meant to remove.
 */
export async function deleteExpiredApplications(db: Database, now: Date, months: number): Promise<number> {
  const cutoff = retentionCutoff(now, months);
  return db.transaction(async (tx) => {
    const removed = await tx
      .delete(membershipApplications)
      .where(and(ne(membershipApplications.status, 'appointed'), lt(membershipApplications.createdAt, cutoff)))
      .returning({ id: membershipApplications.id, councilId: membershipApplications.councilId });
    for (const row of removed) {
      await recordAudit(tx, {
        actor: systemActor,
        action: 'application.delete_expired',
        entityType: 'membership_application',
        entityId: row.id,
        councilId: row.councilId,
        before: { id: row.id, councilId: row.councilId },
        after: null,
      });
    }
    return removed.length;
  });
}

/**
 * What the audit trail keeps of an application: its state and the office's words, not the
 * applicant's details, which must go when the application is deleted.
 */
function auditView(a: Application) {
  return { id: a.id, councilId: a.councilId, status: a.status, officeMessage: a.officeMessage, decidedAt: a.decidedAt, membershipId: a.membershipId };
}

interface MailContext {
  council: Council;
  retentionMonths: number;
}

function mailParams(locale: Locale, ctx: MailContext, application: Pick<Application, 'name'>) {
  const t = translator(locale);
  return { name: application.name, council: t.text(ctx.council.name), contact: ctx.council.contactEmail, months: ctx.retentionMonths };
}

/** A mail from the office in the language the applicant wrote in. */
function applicantMail(ctx: MailContext, application: Application, subject: MessageKey, text: MessageKey, extra: Record<string, string>) {
  const locale: Locale = isLocale(application.locale) ? application.locale : 'de';
  const t = translator(locale);
  const params = { ...mailParams(locale, ctx, application), ...extra };
  return { subject: t.t(subject, params), text: t.t(text, params) };
}

const shortHash = (value: string) => createHash('sha256').update(value).digest('hex').slice(0, 16);

/** Stores an application, queues the confirmation in the applicant's language and records it. */
export async function submitApplication(db: Database, ctx: MailContext & { locale: Locale; now: Date }, input: ApplicationInput): Promise<number> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(membershipApplications)
      .values({
        councilId: ctx.council.id,
        name: input.name,
        email: input.email,
        phone: input.phone,
        ties: input.ties,
        age: input.age,
        languages: input.languages,
        motivation: input.motivation,
        locale: ctx.locale,
        consentAt: ctx.now,
        createdAt: ctx.now,
        updatedAt: ctx.now,
      })
      .returning();
    const application = row!;
    const t = translator(ctx.locale);
    const params = { ...mailParams(ctx.locale, ctx, application), date: t.fmt.dateShort(ctx.now) };
    await enqueueMail(tx, {
      key: `application-confirmation:${application.id}`,
      to: application.email,
      subject: t.t('joining.mail.confirmation.subject', params),
      text: t.t('joining.mail.confirmation.text', params),
    });
    await recordAudit(tx, { actor: applicantActor, action: 'application.create', entityType: 'membership_application', entityId: application.id, councilId: ctx.council.id, after: auditView(application) });
    return application.id;
  });
}

/** The application was decided or changed by someone else since the page was loaded. */
export class ApplicationConflict extends Error {
  constructor() {
    super('The application is no longer open');
    this.name = 'ApplicationConflict';
  }
}

/** Locks an open application of the council for the rest of the transaction. */
async function lockOpenApplication(tx: Tx, councilId: number, applicationId: number): Promise<Application> {
  const [row] = await tx
    .select()
    .from(membershipApplications)
    .where(and(eq(membershipApplications.id, applicationId), eq(membershipApplications.councilId, councilId)))
    .for('update');
  if (!row || availableActions(row.status).length === 0) throw new ApplicationConflict();
  return row;
}

interface OfficeContext extends MailContext {
  actor: AuditActor;
  now: Date;
}

async function updateApplication(tx: Tx, before: Application, changes: Partial<Application>, action: string, actor: AuditActor): Promise<Application> {
  const [after] = await tx.update(membershipApplications).set(changes).where(eq(membershipApplications.id, before.id)).returning();
  await recordAudit(tx, { actor, action, entityType: 'membership_application', entityId: before.id, councilId: before.councilId, before: auditView(before), after: auditView(after!) });
  return after!;
}

/** Asks the applicant a question by mail; the same question sent twice is mailed once. */
export async function askBack(db: Database, ctx: OfficeContext, applicationId: number, message: string): Promise<void> {
  await db.transaction(async (tx) => {
    const before = await lockOpenApplication(tx, ctx.council.id, applicationId);
    const after = await updateApplication(tx, before, { status: 'asked_back', officeMessage: message }, 'application.ask_back', ctx.actor);
    await enqueueMail(tx, { key: `application-ask-back:${after.id}:${shortHash(message)}`, to: after.email, ...applicantMail(ctx, after, 'joining.mail.askBack.subject', 'joining.mail.askBack.text', { message }) });
  });
}

/** Rejects with a reason, which is mailed to the applicant. */
export async function rejectApplication(db: Database, ctx: OfficeContext, applicationId: number, reason: string): Promise<void> {
  await db.transaction(async (tx) => {
    const before = await lockOpenApplication(tx, ctx.council.id, applicationId);
    const after = await updateApplication(tx, before, { status: 'rejected', officeMessage: reason, decidedAt: ctx.now }, 'application.reject', ctx.actor);
    await enqueueMail(tx, { key: `application-rejection:${after.id}`, to: after.email, ...applicantMail(ctx, after, 'joining.mail.rejection.subject', 'joining.mail.rejection.text', { reason }) });
  });
}

/**
 * Records the district council's appointment: creates the membership through `appointMember`
 * (which refuses a seat over the quota with `AppointmentRefused`, rolling everything back).
 */
export async function recordAppointment(db: Database, ctx: OfficeContext, applicationId: number, input: AppointInput): Promise<number> {
  return db.transaction(async (tx) => {
    const before = await lockOpenApplication(tx, ctx.council.id, applicationId);
    const { membershipId } = await appointMember(
      tx,
      {
        councilId: ctx.council.id,
        person: { givenName: input.givenName, familyName: input.familyName, email: before.email, phone: before.phone },
        seatCategoryId: input.seatCategoryId,
        startDate: input.startDate,
        publicConsent: input.publicConsent,
      },
      ctx.actor,
    );
    await updateApplication(tx, before, { status: 'appointed', membershipId, decidedAt: ctx.now }, 'application.appoint', ctx.actor);
    return membershipId;
  });
}
