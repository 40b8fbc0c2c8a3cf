import { and, asc, count, desc, eq, gt, inArray, ne, sql } from 'drizzle-orm';
import { auditEvents } from '../audit/schema.js';
import { recordAudit, type AuditActor, type Tx } from '../audit/service.js';
import type { Council } from '../councils/repository.js';
import { councilGenitive } from '../councils/service.js';
import { documents } from '../documents/schema.js';
import type { Database } from '../infra/db/database.js';
import { isLocale } from '../infra/i18n/locales.js';
import { translator } from '../infra/i18n/translator.js';
import { enqueueMail, mailQueued } from '../mail/outbox.js';
import { listAgendaItems, lockMeeting, type AgendaItemRow, type MeetingRow } from '../meetings/admin-repository.js';
import { appendAgendaItem, renumberAgenda } from '../meetings/admin-service.js';
import { agendaItems, meetings } from '../meetings/schema.js';
import { issueResumeToken, resumePath } from './apply-service.js';
import { grantOtherFunding, grants } from './schema.js';
import { formatGrantNumber, type GrantStatus } from './service.js';
import { transition, type GrantAction } from './states.js';

/**
 * The office's work on submitted applications: the inbox, the completeness check, asking the
 * applicant for missing parts, putting an application on a meeting agenda and withdrawing it. Each
 * change is one transaction with its audit event and goes through the state machine, so an action
 * in the wrong state is refused the same way wherever it comes from. The council's vote on the
 * agenda item (meetings/admin-service.ts) then makes the recommendation.
 */

export type GrantRow = typeof grants.$inferSelect;

export type OfficeOutcome<T extends object = object> =
  | ({ ok: true } & T)
  | { ok: false; reason: 'invalid_transition'; status: GrantStatus }
  | { ok: false; reason: 'not_found' | 'meeting_not_eligible' | 'no_email' };

const notFound = { ok: false, reason: 'not_found' } as const;

/** Every status the office sees: a draft is still the applicant's. */
export const officeStatuses: readonly GrantStatus[] = ['submitted', 'complete', 'on_agenda', 'recommended', 'not_recommended', 'approved', 'rejected', 'notified', 'paid', 'proof_due', 'proof_received', 'closed', 'withdrawn'];

// ---------------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------------

export interface InboxRow {
  id: number;
  year: number;
  number: number | null;
  recipientName: string;
  title: GrantRow['title'];
  amountRequestedCents: number | null;
  amountRecommendedCents: number | null;
  amountApprovedCents: number | null;
  status: GrantStatus;
  submittedAt: Date | null;
  isExample: boolean;
}

/** The council's applications (no drafts), newest first; contact data stays out of the list. */
export async function listInbox(db: Database, councilId: number, status?: GrantStatus): Promise<InboxRow[]> {
  return db
    .select({
      id: grants.id,
      year: grants.year,
      number: grants.number,
      recipientName: grants.recipientName,
      title: grants.title,
      amountRequestedCents: grants.amountRequestedCents,
      amountRecommendedCents: grants.amountRecommendedCents,
      amountApprovedCents: grants.amountApprovedCents,
      status: grants.status,
      submittedAt: grants.submittedAt,
      isExample: grants.isExample,
    })
    .from(grants)
    .where(and(eq(grants.councilId, councilId), status ? eq(grants.status, status) : ne(grants.status, 'draft')))
    .orderBy(sql`${grants.submittedAt} desc nulls last`, desc(grants.year), desc(grants.number), desc(grants.id));
}

/** How many of the council's applications are in each status (drafts not counted). */
export async function countByStatus(db: Database, councilId: number): Promise<Map<GrantStatus, number>> {
  const rows = await db
    .select({ status: grants.status, n: count() })
    .from(grants)
    .where(and(eq(grants.councilId, councilId), ne(grants.status, 'draft')))
    .groupBy(grants.status);
  return new Map(rows.map((r) => [r.status, Number(r.n)]));
}

export interface GrantFile {
  grant: GrantRow;
  otherFunding: Array<typeof grantOtherFunding.$inferSelect>;
  documents: Array<Pick<typeof documents.$inferSelect, 'id' | 'kind' | 'title' | 'fileName' | 'mimeType' | 'sizeBytes' | 'isPublic' | 'createdAt'>>;
  agenda: Array<{ item: AgendaItemRow; meeting: MeetingRow }>;
  history: Array<typeof auditEvents.$inferSelect>;
}

/** Everything about one application of the council, for the office's detail page. */
export async function loadGrantFile(db: Database, councilId: number, grantId: number): Promise<GrantFile | undefined> {
  const [grant] = await db
    .select()
    .from(grants)
    .where(and(eq(grants.id, grantId), eq(grants.councilId, councilId), ne(grants.status, 'draft')));
  if (!grant) return undefined;
  const [otherFunding, docs, agenda, history] = await Promise.all([
    db.select().from(grantOtherFunding).where(eq(grantOtherFunding.grantId, grantId)).orderBy(asc(grantOtherFunding.position), asc(grantOtherFunding.id)),
    db
      .select({ id: documents.id, kind: documents.kind, title: documents.title, fileName: documents.fileName, mimeType: documents.mimeType, sizeBytes: documents.sizeBytes, isPublic: documents.isPublic, createdAt: documents.createdAt })
      .from(documents)
      .where(and(eq(documents.grantId, grantId), eq(documents.councilId, councilId)))
      .orderBy(asc(documents.createdAt), asc(documents.id)),
    db
      .select({ item: agendaItems, meeting: meetings })
      .from(agendaItems)
      .innerJoin(meetings, eq(meetings.id, agendaItems.meetingId))
      .where(and(eq(agendaItems.grantId, grantId), eq(meetings.councilId, councilId)))
      .orderBy(asc(meetings.startsAt), asc(agendaItems.position)),
    db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityType, 'grant'), eq(auditEvents.entityId, String(grantId))))
      .orderBy(asc(auditEvents.at), asc(auditEvents.id)),
  ]);
  return { grant, otherFunding, documents: docs, agenda, history };
}

/** The status of one of the council's applications (drafts are not the office's). */
export async function findGrantStatus(db: Database, councilId: number, grantId: number): Promise<GrantStatus | undefined> {
  const [row] = await db
    .select({ status: grants.status })
    .from(grants)
    .where(and(eq(grants.id, grantId), eq(grants.councilId, councilId), ne(grants.status, 'draft')));
  return row?.status;
}

/** Whether an application can go on this meeting's agenda: planned or invited, not cancelled, still ahead. */
export function meetingTakesApplications(meeting: Pick<MeetingRow, 'cancelled' | 'state' | 'startsAt'>, now: Date): boolean {
  return !meeting.cancelled && (meeting.state === 'planned' || meeting.state === 'invited') && meeting.startsAt > now;
}

/** The council's meetings an application can be put on, soonest first. */
export async function listAgendaMeetings(db: Database, councilId: number, now: Date): Promise<MeetingRow[]> {
  return db
    .select()
    .from(meetings)
    .where(and(eq(meetings.councilId, councilId), eq(meetings.cancelled, false), inArray(meetings.state, ['planned', 'invited']), gt(meetings.startsAt, now)))
    .orderBy(asc(meetings.startsAt));
}

// ---------------------------------------------------------------------------------------------------
// Changing
// ---------------------------------------------------------------------------------------------------

async function lockGrant(tx: Tx, councilId: number, grantId: number): Promise<GrantRow | undefined> {
  const [grant] = await tx
    .select()
    .from(grants)
    .where(and(eq(grants.id, grantId), eq(grants.councilId, councilId), ne(grants.status, 'draft')))
    .for('update');
  return grant;
}

/** What the trail keeps of a grant change: the workflow fields, not the applicant's contact data or token. */
function trail(grant: Partial<GrantRow>): Record<string, unknown> {
  const { status, missingInfo, askedBackAt, completeAt, withdrawnAt, withdrawalReason } = grant;
  return { status, missingInfo, askedBackAt, completeAt, withdrawnAt, withdrawalReason };
}

function move(grant: GrantRow, action: GrantAction): { ok: true; to: GrantStatus } | { ok: false; reason: 'invalid_transition'; status: GrantStatus } {
  const outcome = transition(grant.status, action);
  return outcome.ok ? { ok: true, to: outcome.to } : { ok: false, reason: 'invalid_transition', status: grant.status };
}

/** The completeness check passed: the application can go on an agenda. */
export async function completeGrant(db: Database, councilId: number, grantId: number, now: Date, actor: AuditActor): Promise<OfficeOutcome> {
  return db.transaction(async (tx): Promise<OfficeOutcome> => {
    const grant = await lockGrant(tx, councilId, grantId);
    if (!grant) return notFound;
    const next = move(grant, 'complete');
    if (!next.ok) return next;
    const [after] = await tx.update(grants).set({ status: next.to, completeAt: now }).where(eq(grants.id, grantId)).returning();
    await recordAudit(tx, { actor, action: 'grant.complete', entityType: 'grant', entityId: grantId, councilId, before: trail(grant), after: trail(after!) });
    return { ok: true };
  });
}

/**
 * Asks the applicant for what is missing: the text is kept on the application, and a mail in the
 * applicant's language carries it with a fresh link to amend the application. The application
 * stays submitted; one already marked complete goes back to submitted (reopen).
 */
export async function askForMissingParts(
  db: Database,
  council: Pick<Council, 'id' | 'slug' | 'name' | 'contactEmail'>,
  grantId: number,
  message: string,
  now: Date,
  actor: AuditActor,
  baseUrl: string,
): Promise<OfficeOutcome<{ mailKey: string }>> {
  const outcome = await db.transaction(async (tx): Promise<OfficeOutcome<{ mailKey: string }>> => {
    const grant = await lockGrant(tx, council.id, grantId);
    if (!grant) return notFound;
    let status: GrantStatus = grant.status;
    if (grant.status !== 'submitted') {
      const next = move(grant, 'reopen');
      if (!next.ok) return next;
      status = next.to;
    }
    if (!grant.applicantEmail) return { ok: false, reason: 'no_email' };
    const [earlier] = await tx
      .select({ n: count() })
      .from(auditEvents)
      .where(and(eq(auditEvents.entityType, 'grant'), eq(auditEvents.entityId, String(grantId)), eq(auditEvents.action, 'grant.ask_back')));
    const mailKey = `grant-ask-back:${grantId}:${Number(earlier?.n ?? 0) + 1}`;
    const token = await issueResumeToken(tx, grantId, now);
    const [after] = await tx
      .update(grants)
      // Back with the applicant: it is complete again only after another check.
      .set({ status, missingInfo: message, askedBackAt: now, completeAt: null })
      .where(eq(grants.id, grantId))
      .returning();
    const t = translator(isLocale(grant.locale) ? grant.locale : 'de');
    const councilName = councilGenitive(t.text(council.name), t.locale);
    const number = formatGrantNumber(grant.year, grant.number);
    const params = {
      name: grant.applicantName ?? grant.recipientName,
      number,
      title: t.text(grant.title),
      council: councilName,
      message,
      link: `${baseUrl}${t.href(resumePath(council.slug, token))}`,
      expiry: after!.resumeExpiresAt ? t.t('grantOffice.mail.askBack.expiry', { date: t.fmt.dateShort(after!.resumeExpiresAt) }) : '',
      contact: council.contactEmail,
    };
    await enqueueMail(tx, { key: mailKey, to: grant.applicantEmail, subject: t.t('grantOffice.mail.askBack.subject', params), text: t.t('grantOffice.mail.askBack.text', params) });
    await recordAudit(tx, { actor, action: 'grant.ask_back', entityType: 'grant', entityId: grantId, councilId: council.id, before: trail(grant), after: { ...trail(after!), mailKey } });
    return { ok: true, mailKey };
  });
  if (outcome.ok) mailQueued();
  return outcome;
}

/** "Antrag IB-01/2026: Sommerfest (NK Mitte)", in German and English. */
export function agendaTitleFor(grant: Pick<GrantRow, 'year' | 'number' | 'title' | 'recipientName'>): { de: string; en: string } {
  const of = (locale: 'de' | 'en') => {
    const t = translator(locale);
    return t.t('grantOffice.agendaTitle', { number: formatGrantNumber(grant.year, grant.number), title: t.text(grant.title), recipient: grant.recipientName });
  };
  return { de: of('de'), en: of('en') };
}

/**
 * Puts a complete application on a meeting's agenda: a public main item at the end, linked to the
 * application, numbers recomputed; after the invitation it waits for the next supplement, as every
 * item added then does. The meeting is locked before the grant, in the order recording a vote
 * takes them, so the two never wait on each other.
 */
export async function putOnAgenda(db: Database, councilId: number, grantId: number, meetingId: number, now: Date, actor: AuditActor): Promise<OfficeOutcome<{ itemId: number }>> {
  return db.transaction(async (tx): Promise<OfficeOutcome<{ itemId: number }>> => {
    const meeting = await lockMeeting(tx, councilId, meetingId);
    const grant = await lockGrant(tx, councilId, grantId);
    if (!grant) return notFound;
    const next = move(grant, 'put_on_agenda');
    if (!next.ok) return next;
    if (!meeting || !meetingTakesApplications(meeting, now)) return { ok: false, reason: 'meeting_not_eligible' };
    const item = await appendAgendaItem(tx, meeting, { title: agendaTitleFor(grant), text: null, isPublic: true, level: 0, kind: 'regular', grantId });
    const [after] = await tx.update(grants).set({ status: next.to }).where(eq(grants.id, grantId)).returning();
    await recordAudit(tx, { actor, action: 'agenda_item.create', entityType: 'agenda_item', entityId: item.id, councilId, after: item });
    await recordAudit(tx, { actor, action: 'grant.put_on_agenda', entityType: 'grant', entityId: grantId, councilId, before: trail(grant), after: { ...trail(after!), meetingId, agendaItemId: item.id } });
    return { ok: true, itemId: item.id };
  });
}

/**
 * Withdraws an application. Its item on the agenda of a meeting that has not taken place yet, with
 * no result recorded, follows: members who were never sent it (the meeting is only planned, or the
 * item waits for a supplement) never see it, so it is struck off; an item members already have
 * stays, marked withdrawn, so the agenda they hold and the minutes agree.
 */
export async function withdrawGrant(db: Database, councilId: number, grantId: number, reason: string, now: Date, actor: AuditActor): Promise<OfficeOutcome> {
  return db.transaction(async (tx): Promise<OfficeOutcome> => {
    const linked = await tx
      .select({ meetingId: agendaItems.meetingId })
      .from(agendaItems)
      .innerJoin(meetings, eq(meetings.id, agendaItems.meetingId))
      .where(and(eq(agendaItems.grantId, grantId), eq(meetings.councilId, councilId)));
    // Meetings first, then the grant: the order recording a vote takes its locks in.
    const open = new Map<number, MeetingRow>();
    for (const id of [...new Set(linked.map((l) => l.meetingId))].sort((a, b) => a - b)) {
      const meeting = await lockMeeting(tx, councilId, id);
      if (meeting && !meeting.cancelled && (meeting.state === 'planned' || meeting.state === 'invited')) open.set(id, meeting);
    }
    const grant = await lockGrant(tx, councilId, grantId);
    if (!grant) return notFound;
    const next = move(grant, 'withdraw');
    if (!next.ok) return next;
    const [after] = await tx.update(grants).set({ status: next.to, withdrawnAt: now, withdrawalReason: reason }).where(eq(grants.id, grantId)).returning();
    await recordAudit(tx, { actor, action: 'grant.withdraw', entityType: 'grant', entityId: grantId, councilId, before: trail(grant), after: trail(after!) });

    for (const meeting of open.values()) {
      const items = (await listAgendaItems(tx, meeting.id)).filter((i) => i.grantId === grantId && i.result === null);
      for (const item of items) {
        const unsent = meeting.state === 'planned' || item.supplement > meeting.supplementsSent;
        if (unsent) {
          await tx.delete(agendaItems).where(eq(agendaItems.id, item.id));
          // Close the gap so positions stay 1…n; through negatives, as the unique index checks row by row.
          await tx.execute(sql`update agenda_items set position = -position where meeting_id = ${meeting.id} and position > ${item.position}`);
          await tx.execute(sql`update agenda_items set position = -position - 1 where meeting_id = ${meeting.id} and position < 0`);
          await renumberAgenda(tx, meeting.id);
          await recordAudit(tx, { actor, action: 'agenda_item.delete', entityType: 'agenda_item', entityId: item.id, councilId, before: item, after: { reason: 'grant_withdrawn', grantId } });
        } else {
          const [marked] = await tx.update(agendaItems).set({ result: 'withdrawn' }).where(eq(agendaItems.id, item.id)).returning();
          await recordAudit(tx, { actor, action: 'agenda_item.result', entityType: 'agenda_item', entityId: item.id, councilId, before: item, after: { ...marked, reason: 'grant_withdrawn' } });
        }
      }
    }
    return { ok: true };
  });
}
