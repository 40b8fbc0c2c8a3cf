import { and, inArray, isNotNull } from 'drizzle-orm';
import { recordAudit, systemActor } from '../audit/service.js';
import type { Database } from '../infra/db/database.js';
import { isLocale } from '../infra/i18n/locales.js';
import { translator } from '../infra/i18n/translator.js';
import { berlinDate } from '../infra/time.js';
import { enqueueMail } from '../mail/outbox.js';
import { outbox } from '../mail/schema.js';
import { addDays } from '../members/service.js';
import { applicantMailText, loadCouncilFacts, type CouncilFacts, type GrantRow } from './aftercare-service.js';
import { grants } from './schema.js';
import { formatGrantNumber, type GrantStatus } from './service.js';

/**
 * Reminders of the proof-of-use deadline: one mail to the applicant 14 days before it, one when it
 * has passed (with a note to the council's office). Each is sent once ever: its outbox key is unique,
 * so running the job again, or in a restarted app, queues nothing new.
 */

export const reminderLeadDays = 14;

/** The grants whose proof is still awaited: notified (not yet paid), paid, or asked for. */
export const awaitingProofStatuses: readonly GrantStatus[] = ['notified', 'paid', 'proof_due'];

export type ReminderKind = 'before' | 'overdue';

/** Which reminder a deadline calls for today: none yet, the one before it (from 14 days ahead), or overdue. */
export function reminderDue(proofDueOn: string, today: string): ReminderKind | null {
  if (today > proofDueOn) return 'overdue';
  if (today >= addDays(proofDueOn, -reminderLeadDays)) return 'before';
  return null;
}

export const reminderKey = (grantId: number, kind: ReminderKind) => `grant-proof-reminder:${grantId}:${kind}`;
export const officeOverdueKey = (grantId: number) => `grant-proof-overdue-office:${grantId}`;

function applicantMail(council: CouncilFacts, grant: GrantRow, kind: ReminderKind, baseUrl: string): { subject: string; text: string } {
  const t = translator(isLocale(grant.locale) ? grant.locale : 'de');
  const number = formatGrantNumber(grant.year, grant.number);
  const title = t.text(grant.title);
  const date = t.fmt.dateLong(grant.proofDueOn!);
  return {
    subject: t.t(kind === 'before' ? 'grantAftercare.reminder.beforeSubject' : 'grantAftercare.reminder.overdueSubject', { number, title }),
    text: applicantMailText(council, grant, [t.t(kind === 'before' ? 'grantAftercare.reminder.beforeBody' : 'grantAftercare.reminder.overdueBody', { number, title, date })], {
      proofIntro: t.t('grantAftercare.mail.proofContents'),
      beforeQuestions: [t.t('grantAftercare.reminder.alreadySent')],
      after: [`${baseUrl}${t.href(`/beiraete/${council.slug}`)}`],
    }),
  };
}

function officeMail(council: CouncilFacts, grant: GrantRow, baseUrl: string): { subject: string; text: string } {
  const t = translator('de');
  const number = formatGrantNumber(grant.year, grant.number);
  const title = t.text(grant.title);
  return {
    subject: t.t('grantAftercare.reminder.officeSubject', { number, title }),
    text: [
      t.t('grantAftercare.reminder.officeBody', { number, title, recipient: grant.recipientName, date: t.fmt.dateLong(grant.proofDueOn!) }),
      grant.applicantEmail ? t.t('grantAftercare.reminder.officeReminded', { email: grant.applicantEmail }) : t.t('grantAftercare.reminder.officeNoEmail'),
      '',
      `${baseUrl}${t.href(`/admin/beiraete/${council.slug}/zuwendungen/${grant.id}/nachweis`)}`,
    ].join('\n'),
  };
}

/**
 * Queues the reminders due at `now` and returns how many mails it queued. A grant without an
 * applicant address gets no applicant reminder; the office still hears when it is overdue.
 */
export async function sendProofReminders(db: Database, now: Date, baseUrl: string): Promise<number> {
  const today = berlinDate(now);
  const waiting = await db
    .select()
    .from(grants)
    .where(and(inArray(grants.status, [...awaitingProofStatuses]), isNotNull(grants.proofDueOn)));
  const councilCache = new Map<number, CouncilFacts>();
  let queued = 0;
  for (const grant of waiting) {
    const kind = reminderDue(grant.proofDueOn!, today);
    if (!kind) continue;
    const mails: Array<{ key: string; to: string; subject: string; text: string }> = [];
    let council = councilCache.get(grant.councilId);
    if (!council) councilCache.set(grant.councilId, (council = await loadCouncilFacts(db, grant.councilId)));
    if (grant.applicantEmail) mails.push({ key: reminderKey(grant.id, kind), to: grant.applicantEmail, ...applicantMail(council, grant, kind, baseUrl) });
    if (kind === 'overdue') mails.push({ key: officeOverdueKey(grant.id), to: council.contactEmail, ...officeMail(council, grant, baseUrl) });
    if (mails.length === 0) continue;
    queued += await db.transaction(async (tx) => {
      const existing = new Set((await tx.select({ key: outbox.key }).from(outbox).where(inArray(outbox.key, mails.map((m) => m.key)))).map((r) => r.key));
      const fresh = mails.filter((m) => !existing.has(m.key));
      for (const mail of fresh) await enqueueMail(tx, mail);
      if (fresh.length > 0) {
        await recordAudit(tx, { actor: systemActor, action: `grant.proof_reminder_${kind}`, entityType: 'grant', entityId: grant.id, councilId: grant.councilId, after: { proofDueOn: grant.proofDueOn, keys: fresh.map((m) => m.key) } });
      }
      return fresh.length;
    });
  }
  return queued;
}
