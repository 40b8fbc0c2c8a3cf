import { and, asc, desc, eq, inArray, isNull, max, ne, notInArray, sql } from 'drizzle-orm';
import { recordAudit, type AuditActor, type Tx } from '../audit/service.js';
import type { Council } from '../councils/repository.js';
import { documents } from '../documents/schema.js';
import { storeFile, removeStoredFile, type StoredFile } from '../documents/storage.js';
import type { Database } from '../infra/db/database.js';
import type { LocalizedText } from '../infra/i18n/localized.js';
import { berlinDate } from '../infra/time.js';
import { enqueueMail, mailQueued } from '../mail/outbox.js';
import { announceMeeting } from '../subscriptions/service.js';
import {
  findChairOn,
  findCouncilRow,
  findMeetingAwaitingApproval,
  listAgendaItems,
  listAttendance,
  listExclusions,
  listMembersOn,
  lockMeeting,
  meetingDay,
  meetingDocumentsWhere,
  type AgendaItemRow,
  type AttendanceRow,
  type MeetingRow,
  type MemberAtMeeting,
} from './admin-repository.js';
import { memberNotice, supersededTitle } from './invitations.js';
import { invitationInTime, latestInvitationDate, numberAgenda, presentAt, quorum, voteOutcome, type VoteInput } from './rules.js';
import { applyCouncilVote, type CouncilVoteRefusal, type GrantRecommendation } from '../grants/recommendation.js';
import { grants } from '../grants/schema.js';
import { transition } from '../grants/states.js';
import { agendaItemExclusions, agendaItems, attendance, locations, meetings } from './schema.js';

/**
 * The life of a meeting in the back office: planning, agenda, invitations and supplements,
 * cancellation, attendance, results and minutes. Every change is one transaction with its audit
 * event, and every mail it causes is queued in that same transaction (so none is lost or doubled).
 */

export type Refusal<R extends string> = { ok: false; reason: R };
export type Outcome<T, R extends string> = ({ ok: true } & T) | Refusal<R>;

const refuse = <R extends string>(reason: R): Refusal<R> => ({ ok: false, reason });

/** Numbers follow levels and order (1, 2, 2.1 …); called after every change of the agenda. */
export async function renumberAgenda(tx: Tx, meetingId: number): Promise<void> {
  const items = await listAgendaItems(tx, meetingId);
  const numbers = numberAgenda(items.map((i) => (i.level === 1 ? 1 : 0)));
  for (const [i, item] of items.entries()) {
    if (item.number !== numbers[i]) await tx.update(agendaItems).set({ number: numbers[i]! }).where(eq(agendaItems.id, item.id));
  }
}

// ---------------------------------------------------------------------------------------------------
// Locations
// ---------------------------------------------------------------------------------------------------

export interface LocationInput {
  name: string;
  room: string | null;
  streetAddress: string;
  postalCode: string;
  locality: string;
  accessibility: LocalizedText | null;
}

export async function addLocation(db: Database, bodyId: number, councilId: number, input: LocationInput, actor: AuditActor) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(locations)
      .values({ bodyId, ...input })
      .returning();
    await recordAudit(tx, { actor, action: 'location.create', entityType: 'location', entityId: row!.id, councilId, after: row });
    return row!;
  });
}

// ---------------------------------------------------------------------------------------------------
// Planning
// ---------------------------------------------------------------------------------------------------

export interface MeetingInput {
  startsAt: Date;
  endsAt: Date | null;
  locationId: number | null;
  title: LocalizedText | null;
}

/** The items every meeting opens with (the council's rules of procedure), in the order they are read. */
export const standardItems: Array<{ kind: 'opening' | 'agenda_approval' | 'minutes_approval'; title: LocalizedText }> = [
  { kind: 'opening', title: { de: 'Eröffnung der Sitzung, Feststellung der ordnungsgemäßen Einladung und der Beschlussfähigkeit', en: 'Opening of the meeting, confirmation of due notice and of the quorum' } },
  { kind: 'agenda_approval', title: { de: 'Genehmigung der Tagesordnung', en: 'Approval of the agenda' } },
  { kind: 'minutes_approval', title: { de: 'Genehmigung des Protokolls der letzten Sitzung', en: 'Approval of the minutes of the last meeting' } },
];

export async function planMeeting(db: Database, councilId: number, input: MeetingInput, actor: AuditActor): Promise<MeetingRow> {
  return db.transaction(async (tx) => {
    const [meeting] = await tx
      .insert(meetings)
      .values({ councilId, ...input })
      .returning();
    const previous = await findMeetingAwaitingApproval(tx, councilId, input.startsAt);
    const items = standardItems.filter((s) => s.kind !== 'minutes_approval' || previous);
    const numbers = numberAgenda(items.map(() => 0));
    await tx.insert(agendaItems).values(
      items.map((s, i) => ({
        meetingId: meeting!.id,
        position: i + 1,
        number: numbers[i]!,
        kind: s.kind,
        title: s.kind === 'minutes_approval' && previous ? minutesApprovalTitle(previous) : s.title,
        minutesOfMeetingId: s.kind === 'minutes_approval' ? (previous?.id ?? null) : null,
      })),
    );
    await recordAudit(tx, { actor, action: 'meeting.plan', entityType: 'meeting', entityId: meeting!.id, councilId, after: meeting });
    return meeting!;
  });
}

function minutesApprovalTitle(previous: MeetingRow): LocalizedText {
  const day = meetingDay(previous).split('-').reverse().join('.');
  return { de: `Genehmigung des Protokolls der Sitzung vom ${day}`, en: `Approval of the minutes of the meeting of ${day}` };
}

export type UpdateRefusal = 'not_found' | 'closed' | 'cancelled';

/** Where a public notice is rendered and stored: the letters' renderer and the data folder. */
export interface NoticeFiling {
  renderer: DispatchRenderer;
  dataDir: string;
}

/**
 * Changes date, time, place or title. After the invitation a change of date or place raises the
 * iCal sequence and tells members and subscribers, so nobody comes at the old time, and publishes a
 * new public notice that replaces the old ones (see fileRenewedNotice).
 */
export async function updateMeeting(
  db: Database,
  councilId: number,
  meetingId: number,
  input: MeetingInput,
  actor: AuditActor,
  baseUrl: string,
  filing: NoticeFiling,
): Promise<Outcome<{ notified: boolean }, UpdateRefusal>> {
  // The renewed notice is rendered first (slow, outside any lock) from the meeting as it will be;
  // the transaction uses it if nothing it shows changed meanwhile, and renders it again otherwise.
  const prepared = await prepareRenewedNotice(db, filing, councilId, meetingId, input);
  const stored: StoredFile[] = prepared ? [prepared.stored] : [];
  const kept = new Set<string>();
  try {
    const outcome = await db.transaction(async (tx): Promise<Outcome<{ notified: boolean }, UpdateRefusal>> => {
      const before = await lockMeeting(tx, councilId, meetingId);
      if (!before) return refuse('not_found');
      if (before.cancelled) return refuse('cancelled');
      if (before.state === 'held' || before.state === 'minutes_approved') return refuse('closed');
      const moved = isMove(before, input);
      const notify = moved && before.state === 'invited';
      const basis = notify ? await renewalBasis(tx, before, input.locationId) : undefined;
      const [after] = await tx
        .update(meetings)
        .set({ ...input, sequence: notify ? before.sequence + 1 : before.sequence })
        .where(eq(meetings.id, meetingId))
        .returning();
      let publicNoticeId: number | null = null;
      if (notify) {
        await queueMemberMails(tx, after!, 'change', baseUrl);
        await announceMeeting(tx, { meetingId, kind: 'changed', baseUrl });
        let ready: RenderedNotice;
        if (prepared && prepared.basis === basis) ready = prepared;
        else {
          ready = await renderRenewedNotice(tx, filing, after!);
          stored.push(ready.stored);
        }
        kept.add(ready.stored.storageKey);
        publicNoticeId = await fileRenewedNotice(tx, after!, ready, actor);
      }
      await recordAudit(tx, { actor, action: 'meeting.update', entityType: 'meeting', entityId: meetingId, councilId, before, after: publicNoticeId === null ? after : { ...after, publicNoticeId } });
      return { ok: true, notified: notify };
    });
    for (const file of stored) if (!kept.has(file.storageKey)) await removeStoredFile(filing.dataDir, file.storageKey);
    if (outcome.ok && outcome.notified) mailQueued();
    return outcome;
  } catch (error) {
    for (const file of stored) await removeStoredFile(filing.dataDir, file.storageKey);
    throw error;
  }
}

/** A change of date, time or place: what members and residents must learn of. */
function isMove(before: MeetingRow, input: MeetingInput): boolean {
  return before.startsAt.getTime() !== input.startsAt.getTime() || (before.endsAt?.getTime() ?? null) !== (input.endsAt?.getTime() ?? null) || before.locationId !== input.locationId;
}

interface RenderedNotice {
  notice: PublicNotice;
  stored: StoredFile;
}

interface PreparedNotice extends RenderedNotice {
  /** What it was rendered from (renewalBasis), to tell whether it is still current. */
  basis: string;
}

/** The current public notices of a meeting: its own invitation and supplement files, not an item's. */
function currentNoticesWhere(meetingId: number) {
  return and(eq(documents.meetingId, meetingId), isNull(documents.agendaItemId), isNull(documents.grantId), inArray(documents.kind, ['invitation', 'supplement']), eq(documents.isPublic, true));
}

/** The newest current notice: the one a renewed notice says it replaces. */
async function latestNotice(tx: Tx, meetingId: number): Promise<{ id: number; createdAt: Date } | undefined> {
  const [row] = await tx.select({ id: documents.id, createdAt: documents.createdAt }).from(documents).where(currentNoticesWhere(meetingId)).orderBy(desc(documents.id)).limit(1);
  return row;
}

/**
 * Everything a renewed notice shows besides the new date and place: the meeting row (state,
 * supplements, urgency), the place's row, the agenda, and the notice it replaces. Equal strings mean
 * a notice rendered earlier is still right.
 */
async function renewalBasis(tx: Tx, meeting: MeetingRow, locationId: number | null): Promise<string> {
  const items = await listAgendaItems(tx, meeting.id);
  const [location] = locationId === null ? [] : await tx.select({ updatedAt: locations.updatedAt }).from(locations).where(eq(locations.id, locationId));
  const replaced = await latestNotice(tx, meeting.id);
  return JSON.stringify([meeting.id, meeting.updatedAt.getTime(), locationId, location?.updatedAt.getTime() ?? null, items.map((i) => [i.id, i.number, i.updatedAt.getTime()]), replaced?.id ?? null]);
}

/** Renders and stores the notice for a meeting as it stands (in the transaction, already moved). */
async function renderRenewedNotice(tx: Tx, filing: NoticeFiling, meeting: MeetingRow): Promise<RenderedNotice> {
  const plan = await loadDispatch(tx, meeting, 'invitation', 0);
  const replaced = await latestNotice(tx, meeting.id);
  const notice = await filing.renderer.renderNotice(plan, { replaces: replaced?.createdAt ?? null });
  // An invitation notice is never empty: without public items it says the meeting is not public.
  if (!notice) throw new Error(`No public notice for meeting ${meeting.id}`);
  return { notice, stored: await storeFile(filing.dataDir, notice.pdf) };
}

/** Before the transaction: the renewed notice, if the change is a move of an invited meeting. */
async function prepareRenewedNotice(db: Database, filing: NoticeFiling, councilId: number, meetingId: number, input: MeetingInput): Promise<PreparedNotice | undefined> {
  const [current] = await db.select().from(meetings).where(and(eq(meetings.id, meetingId), eq(meetings.councilId, councilId)));
  if (!current || current.cancelled || current.state !== 'invited' || !isMove(current, input)) return undefined;
  const basis = await renewalBasis(db, current, input.locationId);
  return { ...(await renderRenewedNotice(db, filing, { ...current, ...input })), basis };
}

/**
 * Publishes the renewed notice and withdraws the ones it replaces. A notice with the old date or
 * place must not stay where residents look (the meeting page, OParl's Meeting.invitation), but it
 * was published and stays on file: it becomes internal, its title says when it was replaced, and
 * OParl announces its File as deleted to clients that synced it. The new notice carries the whole
 * agenda sent so far, supplements included, so one current notice tells everything.
 */
async function fileRenewedNotice(tx: Tx, meeting: MeetingRow, renewed: RenderedNotice, actor: AuditActor): Promise<number> {
  const { councilId } = meeting;
  const replaced = await tx.select().from(documents).where(currentNoticesWhere(meeting.id)).orderBy(asc(documents.id));
  const [row] = await tx
    .insert(documents)
    .values({ councilId, meetingId: meeting.id, kind: 'invitation', title: renewed.notice.title, fileName: renewed.notice.fileName, mimeType: 'application/pdf', isPublic: true, ...renewed.stored })
    .returning();
  await recordAudit(tx, { actor, action: 'document.upload', entityType: 'document', entityId: row!.id, councilId, after: { ...row, reason: 'meeting_moved' } });
  for (const old of replaced) {
    const [after] = await tx
      .update(documents)
      .set({ isPublic: false, title: supersededTitle(old.title, row!.createdAt) })
      .where(eq(documents.id, old.id))
      .returning();
    await recordAudit(tx, { actor, action: 'document.unpublish', entityType: 'document', entityId: old.id, councilId, before: old, after: { ...after, reason: 'meeting_moved', replacedBy: row!.id } });
  }
  return row!.id;
}

export async function cancelMeeting(db: Database, councilId: number, meetingId: number, note: LocalizedText, actor: AuditActor, baseUrl: string): Promise<Outcome<{ notified: boolean }, UpdateRefusal>> {
  const outcome = await db.transaction(async (tx): Promise<Outcome<{ notified: boolean }, UpdateRefusal>> => {
    const before = await lockMeeting(tx, councilId, meetingId);
    if (!before) return refuse('not_found');
    if (before.cancelled) return refuse('cancelled');
    if (before.state === 'held' || before.state === 'minutes_approved') return refuse('closed');
    const notify = before.state === 'invited';
    const [after] = await tx
      .update(meetings)
      .set({ cancelled: true, cancellationNote: note, sequence: before.sequence + 1 })
      .where(eq(meetings.id, meetingId))
      .returning();
    if (notify) {
      await queueMemberMails(tx, after!, 'cancellation', baseUrl);
      await announceMeeting(tx, { meetingId, kind: 'cancelled', baseUrl });
    }
    await recordAudit(tx, { actor, action: 'meeting.cancel', entityType: 'meeting', entityId: meetingId, councilId, before, after });
    // The agenda stays with the cancelled meeting as it was announced; its applications wait for the next one.
    await returnGrantsToQueue(tx, councilId, await listAgendaItems(tx, meetingId), 'meeting_cancelled', actor);
    return { ok: true, notified: notify };
  });
  if (outcome.ok && outcome.notified) mailQueued();
  return outcome;
}

// ---------------------------------------------------------------------------------------------------
// Applications on an agenda
// ---------------------------------------------------------------------------------------------------

/**
 * Gives the applications on these agenda items back to the queue (take_off_agenda), each with its
 * audit entry, when the items go or their meeting will not take place. The caller holds the lock on
 * the items' meeting: grants are locked after it, in id order, as recording a vote and putting on
 * the agenda do. An item with a result has already done its work for the grant (a deferral put it
 * back itself), and an application still waiting on another open agenda stays there, so it is never
 * left `on_agenda` without an item nor in the queue while a meeting is still to decide on it.
 * Returns how many applications went back.
 */
async function returnGrantsToQueue(tx: Tx, councilId: number, items: readonly AgendaItemRow[], reason: 'meeting_deleted' | 'meeting_cancelled' | 'agenda_item_deleted', actor: AuditActor): Promise<number> {
  const itemOf = new Map<number, AgendaItemRow>();
  for (const item of items) if (item.grantId !== null && item.result === null && !itemOf.has(item.grantId)) itemOf.set(item.grantId, item);
  if (itemOf.size === 0) return 0;
  const linked = await tx
    .select()
    .from(grants)
    .where(and(inArray(grants.id, [...itemOf.keys()]), eq(grants.councilId, councilId)))
    .orderBy(asc(grants.id))
    .for('update');
  // Read only now, under the grant locks: a concurrent change to another agenda carrying the same
  // grant has either committed (and is seen) or waits for these locks.
  const elsewhere = await tx
    .selectDistinct({ grantId: agendaItems.grantId })
    .from(agendaItems)
    .innerJoin(meetings, eq(meetings.id, agendaItems.meetingId))
    .where(
      and(
        inArray(agendaItems.grantId, [...itemOf.keys()]),
        isNull(agendaItems.result),
        notInArray(agendaItems.id, items.map((i) => i.id)),
        eq(meetings.councilId, councilId),
        eq(meetings.cancelled, false),
        inArray(meetings.state, ['planned', 'invited']),
      ),
    );
  const stillWaiting = new Set(elsewhere.map((e) => e.grantId));
  let returned = 0;
  for (const grant of linked) {
    if (stillWaiting.has(grant.id)) continue;
    // Only an application waiting on the agenda goes back; one withdrawn meanwhile stays as it is.
    const move = transition(grant.status, 'take_off_agenda');
    if (!move.ok) continue;
    const item = itemOf.get(grant.id)!;
    const [after] = await tx.update(grants).set({ status: move.to }).where(eq(grants.id, grant.id)).returning();
    await recordAudit(tx, {
      actor,
      action: 'grant.take_off_agenda',
      entityType: 'grant',
      entityId: grant.id,
      councilId,
      before: { status: grant.status },
      after: { status: after!.status, meetingId: item.meetingId, agendaItemId: item.id, reason },
    });
    returned++;
  }
  return returned;
}

// ---------------------------------------------------------------------------------------------------
// Deleting
// ---------------------------------------------------------------------------------------------------

export type DeleteRefusal = 'not_found' | 'cancelled' | 'closed' | 'invited' | 'referenced';

/**
 * Why a meeting cannot be deleted, or undefined if it can. Deleting is for a meeting entered by
 * mistake: once invited, members and subscribers know of it, so it is cancelled instead (and the
 * cancellation stays visible); a held meeting is part of the council's record.
 */
export function deletionRefusal(meeting: Pick<MeetingRow, 'state' | 'invitedAt' | 'cancelled'>): Exclude<DeleteRefusal, 'not_found' | 'referenced'> | undefined {
  if (meeting.cancelled) return 'cancelled';
  if (meeting.state === 'held' || meeting.state === 'minutes_approved') return 'closed';
  if (meeting.state !== 'planned' || meeting.invitedAt !== null) return 'invited';
  return undefined;
}

/**
 * Deletes a meeting that is still being planned, with its agenda, attendance and documents.
 * Applications on its agenda go back into the queue (returnGrantsToQueue), each with its audit entry;
 * the meeting's audit entry keeps the whole row and its agenda. Stored files are removed only after
 * the transaction has committed: a failure in between leaves a stray file, never a row without one.
 */
export async function deleteMeeting(db: Database, councilId: number, meetingId: number, actor: AuditActor, dataDir: string): Promise<Outcome<{ documents: number; grants: number }, DeleteRefusal>> {
  const outcome = await db.transaction(async (tx): Promise<Outcome<{ documents: number; grants: number; storageKeys: string[] }, DeleteRefusal>> => {
    // The meeting first, then its grants: the order recording a vote and putting on the agenda take.
    const before = await lockMeeting(tx, councilId, meetingId);
    if (!before) return refuse('not_found');
    const refusal = deletionRefusal(before);
    if (refusal) return refuse(refusal);
    // Only a held meeting has minutes another meeting approves, so these never point at a planned
    // one; should data say otherwise, deleting would leave that other meeting's record pointing nowhere.
    const [approvedHere] = await tx.select({ id: meetings.id }).from(meetings).where(eq(meetings.minutesApprovedInMeetingId, meetingId)).limit(1);
    const [approvalItem] = await tx.select({ id: agendaItems.id }).from(agendaItems).where(and(eq(agendaItems.minutesOfMeetingId, meetingId), ne(agendaItems.meetingId, meetingId))).limit(1);
    if (approvedHere || approvalItem) return refuse('referenced');

    const items = await listAgendaItems(tx, meetingId);
    const returned = await returnGrantsToQueue(tx, councilId, items, 'meeting_deleted', actor);

    const removed = await tx.delete(documents).where(meetingDocumentsWhere(tx, councilId, meetingId)).returning();
    for (const document of removed) await recordAudit(tx, { actor, action: 'document.delete', entityType: 'document', entityId: document.id, councilId, before: document, after: { reason: 'meeting_deleted', meetingId } });
    // Agenda items, attendance and exclusions go with the meeting (on delete cascade).
    await tx.delete(meetings).where(eq(meetings.id, meetingId));
    await recordAudit(tx, { actor, action: 'meeting.delete', entityType: 'meeting', entityId: meetingId, councilId, before: { ...before, agendaItems: items } });
    return { ok: true, documents: removed.length, grants: returned, storageKeys: removed.map((d) => d.storageKey) };
  });
  if (!outcome.ok) return outcome;
  for (const key of outcome.storageKeys) await removeStoredFile(dataDir, key);
  return { ok: true, documents: outcome.documents, grants: outcome.grants };
}

// ---------------------------------------------------------------------------------------------------
// Agenda
// ---------------------------------------------------------------------------------------------------

export interface AgendaItemInput {
  title: LocalizedText;
  text: LocalizedText | null;
  isPublic: boolean;
  level: 0 | 1;
}

export type AgendaRefusal = 'not_found' | 'closed' | 'cancelled' | 'item_sent' | 'standard_item' | 'at_edge';

/** The agenda can change until the meeting is held; after the invitation, new items go into a supplement. */
async function openMeeting(tx: Tx, councilId: number, meetingId: number): Promise<MeetingRow | Refusal<'not_found' | 'closed' | 'cancelled'>> {
  const meeting = await lockMeeting(tx, councilId, meetingId);
  if (!meeting) return refuse('not_found');
  if (meeting.cancelled) return refuse('cancelled');
  if (meeting.state === 'held' || meeting.state === 'minutes_approved') return refuse('closed');
  return meeting;
}

const isRefusal = <R extends string>(value: object): value is Refusal<R> => 'ok' in value && value.ok === false;

/**
 * Adds an item at the end of an open meeting's agenda (the caller has locked the meeting) and
 * renumbers. Once the invitation is out, members learn of a new item only through the next supplement.
 */
export async function appendAgendaItem(tx: Tx, meeting: MeetingRow, values: AgendaItemInput & Partial<Pick<typeof agendaItems.$inferInsert, 'kind' | 'grantId'>>): Promise<AgendaItemRow> {
  const [last] = await tx.select({ position: max(agendaItems.position) }).from(agendaItems).where(eq(agendaItems.meetingId, meeting.id));
  const [item] = await tx
    .insert(agendaItems)
    .values({ meetingId: meeting.id, position: (last?.position ?? 0) + 1, number: '0', ...values, supplement: meeting.state === 'invited' ? meeting.supplementsSent + 1 : 0 })
    .returning();
  await renumberAgenda(tx, meeting.id);
  const [numbered] = await tx.select().from(agendaItems).where(eq(agendaItems.id, item!.id));
  return numbered!;
}

export async function addAgendaItem(db: Database, councilId: number, meetingId: number, input: AgendaItemInput, actor: AuditActor): Promise<Outcome<{ item: AgendaItemRow }, AgendaRefusal>> {
  return db.transaction(async (tx): Promise<Outcome<{ item: AgendaItemRow }, AgendaRefusal>> => {
    const meeting = await openMeeting(tx, councilId, meetingId);
    if (isRefusal<AgendaRefusal>(meeting)) return meeting;
    const item = await appendAgendaItem(tx, meeting, input);
    await recordAudit(tx, { actor, action: 'agenda_item.create', entityType: 'agenda_item', entityId: item!.id, councilId, after: item });
    return { ok: true, item: item! };
  });
}

export async function updateAgendaItem(db: Database, councilId: number, meetingId: number, itemId: number, input: AgendaItemInput, actor: AuditActor): Promise<Outcome<object, AgendaRefusal>> {
  return db.transaction(async (tx): Promise<Outcome<object, AgendaRefusal>> => {
    const meeting = await openMeeting(tx, councilId, meetingId);
    if (isRefusal<AgendaRefusal>(meeting)) return meeting;
    const [before] = await tx.select().from(agendaItems).where(and(eq(agendaItems.id, itemId), eq(agendaItems.meetingId, meetingId)));
    if (!before) return refuse('not_found');
    const [after] = await tx
      .update(agendaItems)
      .set({ ...input, level: before.kind === 'regular' ? input.level : 0 })
      .where(eq(agendaItems.id, itemId))
      .returning();
    await renumberAgenda(tx, meetingId);
    await recordAudit(tx, { actor, action: 'agenda_item.update', entityType: 'agenda_item', entityId: itemId, councilId, before, after });
    return { ok: true };
  });
}

/** Moves an item one place up or down; numbers follow the new order. */
export async function moveAgendaItem(db: Database, councilId: number, meetingId: number, itemId: number, direction: 'up' | 'down', actor: AuditActor): Promise<Outcome<object, AgendaRefusal>> {
  return db.transaction(async (tx): Promise<Outcome<object, AgendaRefusal>> => {
    const meeting = await openMeeting(tx, councilId, meetingId);
    if (isRefusal<AgendaRefusal>(meeting)) return meeting;
    const items = await listAgendaItems(tx, meetingId);
    const index = items.findIndex((i) => i.id === itemId);
    if (index < 0) return refuse('not_found');
    const other = items[direction === 'up' ? index - 1 : index + 1];
    const item = items[index]!;
    if (!other) return refuse('at_edge');
    // The unique (meeting, position) index allows no direct swap: park one item first.
    await tx.update(agendaItems).set({ position: -item.position }).where(eq(agendaItems.id, item.id));
    await tx.update(agendaItems).set({ position: item.position }).where(eq(agendaItems.id, other.id));
    await tx.update(agendaItems).set({ position: other.position }).where(eq(agendaItems.id, item.id));
    await renumberAgenda(tx, meetingId);
    await recordAudit(tx, { actor, action: 'agenda_item.move', entityType: 'agenda_item', entityId: itemId, councilId, before: { position: item.position }, after: { position: other.position } });
    return { ok: true };
  });
}

/**
 * Only items members have not been sent yet can go; a sent item is withdrawn in the meeting instead.
 * An application on the deleted item goes back into the queue, or it could never be put on another agenda.
 */
export async function deleteAgendaItem(db: Database, councilId: number, meetingId: number, itemId: number, actor: AuditActor): Promise<Outcome<object, AgendaRefusal>> {
  return db.transaction(async (tx): Promise<Outcome<object, AgendaRefusal>> => {
    const meeting = await openMeeting(tx, councilId, meetingId);
    if (isRefusal<AgendaRefusal>(meeting)) return meeting;
    const [item] = await tx.select().from(agendaItems).where(and(eq(agendaItems.id, itemId), eq(agendaItems.meetingId, meetingId)));
    if (!item) return refuse('not_found');
    if (meeting.state !== 'planned' && item.supplement <= meeting.supplementsSent) return refuse('item_sent');
    if (item.kind === 'opening') return refuse('standard_item');
    await tx.delete(agendaItems).where(eq(agendaItems.id, itemId));
    // Close the gap so positions stay 1…n; through negatives, as the unique index checks row by row.
    await tx.execute(sql`update agenda_items set position = -position where meeting_id = ${meetingId} and position > ${item.position}`);
    await tx.execute(sql`update agenda_items set position = -position - 1 where meeting_id = ${meetingId} and position < 0`);
    await renumberAgenda(tx, meetingId);
    await recordAudit(tx, { actor, action: 'agenda_item.delete', entityType: 'agenda_item', entityId: itemId, councilId, before: item });
    await returnGrantsToQueue(tx, councilId, [item], 'agenda_item_deleted', actor);
    return { ok: true };
  });
}

// ---------------------------------------------------------------------------------------------------
// Invitations and supplements
// ---------------------------------------------------------------------------------------------------

/** What the letters and mails of one sending are built from; rendering happens outside the transaction. */
export interface Dispatch {
  council: Council;
  bodyName: string;
  meeting: MeetingRow;
  location: typeof locations.$inferSelect | null;
  items: AgendaItemRow[];
  members: MemberAtMeeting[];
  chair: { formOfAddress: string | null; givenName: string; familyName: string } | undefined;
  kind: 'invitation' | 'supplement';
  supplement: number;
}

/** A public notice (öffentliche Bekanntmachung) as it is filed with the meeting. */
export interface PublicNotice {
  fileName: string;
  title: LocalizedText;
  pdf: Buffer;
}

/** Renders the PDFs and mail texts of a sending: the invitations module provides it. */
export interface DispatchRenderer {
  /** A letter per member (by membership id), and one letter-size PDF of all, for the file and for printing. */
  render(dispatch: Dispatch): Promise<{
    mails: Array<{ membershipId: number; to: string; subject: string; text: string; pdf: Buffer; pdfName: string }>;
    ics: Buffer;
    record: { fileName: string; title: LocalizedText; pdf: Buffer };
  }>;
  /**
   * The public notice of the sending, with the public items only; undefined when it would announce
   * nothing (a supplement of non-public items). `replaces`: when the notice it replaces was published.
   */
  renderNotice(dispatch: Dispatch, options: { replaces: Date | null }): Promise<PublicNotice | undefined>;
}

export type InvitationRefusal = 'not_found' | 'closed' | 'cancelled' | 'already_invited' | 'no_location' | 'in_past' | 'too_late' | 'no_supplement_items' | 'not_invited' | 'no_members';

/** Whether an invitation now is in time, and the last day it would have been. */
export function invitationDeadline(council: Pick<Council, 'invitationPeriodDays' | 'invitationDayCounting'>, meeting: { startsAt: Date }, now: Date): { latest: string; inTime: boolean } {
  const rule = { periodDays: council.invitationPeriodDays, counting: council.invitationDayCounting };
  return { latest: latestInvitationDate(meeting.startsAt, rule), inTime: invitationInTime(now, meeting.startsAt, rule) };
}

/** What the letters and the notice of a meeting are rendered from, as the meeting row says (the demo files its notices with it too). */
export async function loadDispatch(tx: Tx, meeting: MeetingRow, kind: Dispatch['kind'], supplement: number): Promise<Dispatch> {
  const { council, bodyName } = await findCouncilRow(tx, meeting.councilId);
  const day = meetingDay(meeting);
  const [location] = meeting.locationId === null ? [] : await tx.select().from(locations).where(eq(locations.id, meeting.locationId));
  return {
    council,
    bodyName,
    meeting,
    location: location ?? null,
    items: await listAgendaItems(tx, meeting.id),
    members: await listMembersOn(tx, meeting.councilId, day),
    chair: await findChairOn(tx, meeting.councilId, day),
    kind,
    supplement,
  };
}

/** What a sending filed: the internal letters (documentId) and the public notice, if it announces anything. */
export interface Dispatched {
  mailed: number;
  printed: number;
  documentId: number;
  publicNoticeId: number | null;
}

/**
 * Sends the invitation: checks the invitation period (too late only with a recorded urgency
 * reason), renders a letter per member, and queues one mail per member with e-mail — the PDF, an
 * .ics and the link attached — in one transaction with the state change. Members without e-mail
 * get a printed letter: the combined PDF is filed with the meeting for that, internal. The public
 * notice, with the public items only, is filed as a public document in the same transaction.
 */
export async function sendInvitations(
  db: Database,
  dataDir: string,
  renderer: DispatchRenderer,
  councilId: number,
  meetingId: number,
  input: { urgencyReason: string | null; now: Date; baseUrl: string },
  actor: AuditActor,
): Promise<Outcome<Dispatched, InvitationRefusal>> {
  return dispatch(db, dataDir, renderer, councilId, meetingId, 'invitation', input, actor);
}

export async function sendSupplement(
  db: Database,
  dataDir: string,
  renderer: DispatchRenderer,
  councilId: number,
  meetingId: number,
  input: { now: Date; baseUrl: string },
  actor: AuditActor,
): Promise<Outcome<Dispatched, InvitationRefusal>> {
  return dispatch(db, dataDir, renderer, councilId, meetingId, 'supplement', { ...input, urgencyReason: null }, actor);
}

function checkDispatch(meeting: MeetingRow | undefined, council: Council, kind: Dispatch['kind'], items: AgendaItemRow[], input: { urgencyReason: string | null; now: Date }): InvitationRefusal | undefined {
  if (!meeting) return 'not_found';
  if (meeting.cancelled) return 'cancelled';
  if (meeting.state === 'held' || meeting.state === 'minutes_approved') return 'closed';
  if (meeting.startsAt <= input.now) return 'in_past';
  if (kind === 'invitation') {
    if (meeting.state !== 'planned') return 'already_invited';
    if (meeting.locationId === null) return 'no_location';
    if (!invitationDeadline(council, meeting, input.now).inTime && !input.urgencyReason) return 'too_late';
  } else {
    if (meeting.state !== 'invited') return 'not_invited';
    if (!items.some((i) => i.supplement === meeting.supplementsSent + 1)) return 'no_supplement_items';
  }
  return undefined;
}

async function dispatch(
  db: Database,
  dataDir: string,
  renderer: DispatchRenderer,
  councilId: number,
  meetingId: number,
  kind: Dispatch['kind'],
  input: { urgencyReason: string | null; now: Date; baseUrl: string },
  actor: AuditActor,
): Promise<Outcome<Dispatched, InvitationRefusal>> {
  // Render first (slow, outside any lock), then check again and commit in one transaction.
  const [current] = await db.select().from(meetings).where(and(eq(meetings.id, meetingId), eq(meetings.councilId, councilId)));
  if (!current) return refuse('not_found');
  const supplement = kind === 'supplement' ? current.supplementsSent + 1 : 0;
  const plan = await loadDispatch(db, current, kind, supplement);
  const early = checkDispatch(current, plan.council, kind, plan.items, input);
  if (early) return refuse(early);
  if (plan.members.length === 0) return refuse('no_members');
  // The letters and the notice print the reason for urgency the invitation goes out with; the
  // transaction records the same one (same `now`, and a changed meeting makes the rendering stale).
  if (kind === 'invitation') plan.meeting = { ...current, urgencyReason: invitationDeadline(plan.council, current, input.now).inTime ? null : input.urgencyReason };
  const rendered = await renderer.render(plan);
  const notice = await renderer.renderNotice(plan, { replaces: null });
  const files: StoredFile[] = [];
  try {
    const stored = await storeFile(dataDir, rendered.record.pdf);
    files.push(stored);
    const storedNotice = notice ? await storeFile(dataDir, notice.pdf) : undefined;
    if (storedNotice) files.push(storedNotice);
    const outcome = await db.transaction(async (tx): Promise<Outcome<Dispatched, InvitationRefusal>> => {
      const before = await lockMeeting(tx, councilId, meetingId);
      const items = await listAgendaItems(tx, meetingId);
      const late = checkDispatch(before, plan.council, kind, items, input);
      if (late) return refuse(late);
      // Someone changed the agenda or the meeting while the letters were rendered: they are stale.
      if (before!.updatedAt.getTime() !== current.updatedAt.getTime() || JSON.stringify(items.map((i) => [i.id, i.number, i.updatedAt])) !== JSON.stringify(plan.items.map((i) => [i.id, i.number, i.updatedAt]))) return refuse('not_found');
      const [after] = await tx
        .update(meetings)
        .set(kind === 'invitation' ? { state: 'invited', invitedAt: input.now, urgencyReason: plan.meeting.urgencyReason } : { supplementsSent: supplement, sequence: before!.sequence + 1 })
        .where(eq(meetings.id, meetingId))
        .returning();
      const [document] = await tx
        .insert(documents)
        .values({ councilId, meetingId, kind: kind === 'invitation' ? 'invitation' : 'supplement', title: rendered.record.title, fileName: rendered.record.fileName, mimeType: 'application/pdf', isPublic: false, ...stored })
        .returning();
      const [publicNotice] =
        notice && storedNotice
          ? await tx
              .insert(documents)
              .values({ councilId, meetingId, kind: kind === 'invitation' ? 'invitation' : 'supplement', title: notice.title, fileName: notice.fileName, mimeType: 'application/pdf', isPublic: true, ...storedNotice })
              .returning()
          : [];
      for (const mail of rendered.mails) {
        await enqueueMail(tx, {
          key: kind === 'invitation' ? `meeting-invitation:${meetingId}:${mail.membershipId}` : `meeting-supplement:${meetingId}:${supplement}:${mail.membershipId}`,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          attachments: [
            { filename: mail.pdfName, contentType: 'application/pdf', content: mail.pdf },
            { filename: 'sitzung.ics', contentType: 'text/calendar; charset=utf-8', content: rendered.ics },
          ],
        });
      }
      await announceMeeting(tx, { meetingId, kind: kind === 'invitation' ? 'invited' : 'changed', baseUrl: input.baseUrl });
      const sent = { mailed: rendered.mails.length, printed: plan.members.length - rendered.mails.length, documentId: document!.id, publicNoticeId: publicNotice?.id ?? null };
      await recordAudit(tx, {
        actor,
        action: kind === 'invitation' ? 'meeting.invite' : 'meeting.supplement',
        entityType: 'meeting',
        entityId: meetingId,
        councilId,
        before,
        after: { ...after, mailed: sent.mailed, printed: sent.printed, urgencyReason: after!.urgencyReason, publicNoticeId: sent.publicNoticeId },
      });
      return { ok: true, ...sent };
    });
    if (!outcome.ok) for (const file of files) await removeStoredFile(dataDir, file.storageKey);
    else mailQueued();
    return outcome;
  } catch (error) {
    for (const file of files) await removeStoredFile(dataDir, file.storageKey);
    throw error;
  }
}

/** A short notice to every member with e-mail that the meeting moved or was cancelled. */
async function queueMemberMails(tx: Tx, meeting: MeetingRow, kind: 'change' | 'cancellation', baseUrl: string): Promise<void> {
  const plan = await loadDispatch(tx, meeting, 'invitation', 0);
  for (const member of plan.members) {
    if (!member.email) continue;
    const mail = memberNotice(plan, member, kind, baseUrl);
    await enqueueMail(tx, { key: `meeting-${kind}:${meeting.id}:${meeting.sequence}:${member.membershipId}`, to: member.email, ...mail });
  }
}

// ---------------------------------------------------------------------------------------------------
// Holding the meeting
// ---------------------------------------------------------------------------------------------------

export type HoldingRefusal = 'not_found' | 'not_invited' | 'cancelled' | 'approved' | 'not_yet' | 'unknown_member' | 'unknown_item';

/** Attendance and results are recorded from the meeting day on, until the minutes are approved. */
async function heldMeeting(tx: Tx, councilId: number, meetingId: number, now: Date): Promise<MeetingRow | Refusal<HoldingRefusal>> {
  const meeting = await lockMeeting(tx, councilId, meetingId);
  if (!meeting) return refuse('not_found');
  if (meeting.cancelled) return refuse('cancelled');
  if (meeting.state === 'planned') return refuse('not_invited');
  if (meeting.state === 'minutes_approved') return refuse('approved');
  if (berlinDate(now) < meetingDay(meeting)) return refuse('not_yet');
  return meeting;
}

export interface AttendanceInput {
  membershipId: number;
  status: 'present' | 'excused' | 'absent';
  arrivedAtItemId: number | null;
  leftAtItemId: number | null;
}

export async function saveAttendance(db: Database, councilId: number, meetingId: number, entries: AttendanceInput[], now: Date, actor: AuditActor): Promise<Outcome<object, HoldingRefusal>> {
  return db.transaction(async (tx): Promise<Outcome<object, HoldingRefusal>> => {
    const meeting = await heldMeeting(tx, councilId, meetingId, now);
    if (isRefusal<HoldingRefusal>(meeting)) return meeting;
    const members = new Set((await listMembersOn(tx, councilId, meetingDay(meeting))).map((m) => m.membershipId));
    const items = new Set((await listAgendaItems(tx, meetingId)).map((i) => i.id));
    for (const e of entries) {
      if (!members.has(e.membershipId)) return refuse('unknown_member');
      if ((e.arrivedAtItemId !== null && !items.has(e.arrivedAtItemId)) || (e.leftAtItemId !== null && !items.has(e.leftAtItemId))) return refuse('unknown_item');
    }
    const before = await listAttendance(tx, meetingId);
    await tx.delete(attendance).where(eq(attendance.meetingId, meetingId));
    if (entries.length > 0) {
      await tx.insert(attendance).values(
        entries.map((e) => ({
          meetingId,
          ...e,
          // Arrival and departure only mean something for those present.
          arrivedAtItemId: e.status === 'present' ? e.arrivedAtItemId : null,
          leftAtItemId: e.status === 'present' ? e.leftAtItemId : null,
        })),
      );
    }
    await recordAudit(tx, { actor, action: 'meeting.attendance', entityType: 'meeting', entityId: meetingId, councilId, before: { attendance: before }, after: { attendance: entries } });
    return { ok: true };
  });
}

export interface ItemHeadcount {
  itemId: number;
  quorum: { required: number; present: number; reached: boolean };
  /** Voting members present at the item and not barred: who may vote. */
  eligibleVoters: number;
}

/** Quorum at every item, from the council's rule and who was there when. */
export function headcountPerItem(
  council: Pick<Council, 'quorumRule' | 'quorumFixedNumber'>,
  members: ReadonlyArray<Pick<MemberAtMeeting, 'membershipId' | 'votingRight' | 'role'>>,
  items: ReadonlyArray<Pick<AgendaItemRow, 'id' | 'position'>>,
  records: ReadonlyArray<Pick<AttendanceRow, 'membershipId' | 'status' | 'arrivedAtItemId' | 'leftAtItemId'>>,
  exclusions: ReadonlyArray<{ agendaItemId: number; membershipId: number }>,
): ItemHeadcount[] {
  const positionOf = new Map(items.map((i) => [i.id, i.position]));
  const record = new Map(records.map((r) => [r.membershipId, r]));
  const votes = (m: Pick<MemberAtMeeting, 'votingRight' | 'role'>) => m.votingRight && m.role === 'member';
  const rule = { rule: council.quorumRule, fixedNumber: council.quorumFixedNumber };
  return items.map((item) => {
    const here = members.filter((m) => {
      const r = record.get(m.membershipId);
      if (!r) return false;
      return presentAt({ status: r.status, arrivedAtPosition: r.arrivedAtItemId === null ? null : (positionOf.get(r.arrivedAtItemId) ?? null), leftAtPosition: r.leftAtItemId === null ? null : (positionOf.get(r.leftAtItemId) ?? null) }, item.position);
    });
    const barred = new Set(exclusions.filter((x) => x.agendaItemId === item.id).map((x) => x.membershipId));
    return {
      itemId: item.id,
      quorum: quorum(rule, { members: members.length, votingMembers: members.filter(votes).length, present: here.length, presentVoting: here.filter(votes).length }),
      eligibleVoters: here.filter((m) => votes(m) && !barred.has(m.membershipId)).length,
    };
  });
}

export type ResultInput = (
  | { kind: 'vote'; vote: VoteInput; chairCastingVote: boolean | null; excluded: number[]; notes: string | null }
  | { kind: 'noted' | 'deferred' | 'withdrawn'; excluded: number[]; notes: string | null }
  | { kind: 'none'; excluded: number[]; notes: string | null }
) & { grantRecommendation?: GrantRecommendation };

export type ResultRefusal = HoldingRefusal | 'no_quorum' | 'negative' | 'too_many_votes' | 'no_eligible_voters' | 'chair_vote_missing' | 'no_minutes_to_approve' | CouncilVoteRefusal;

/**
 * Records what happened at an item. A vote needs the quorum at that item; the result follows from
 * the council's majority rule, never typed in. Adopting a minutes-approval item approves and
 * publishes the earlier meeting's minutes.
 */
export async function recordItemResult(
  db: Database,
  councilId: number,
  meetingId: number,
  itemId: number,
  input: ResultInput,
  now: Date,
  actor: AuditActor,
  publishMinutes: (tx: Tx, meetingId: number) => Promise<void>,
): Promise<Outcome<{ result: AgendaItemRow['result'] }, ResultRefusal>> {
  return db.transaction(async (tx): Promise<Outcome<{ result: AgendaItemRow['result'] }, ResultRefusal>> => {
    const meeting = await heldMeeting(tx, councilId, meetingId, now);
    if (isRefusal<HoldingRefusal>(meeting)) return meeting;
    const items = await listAgendaItems(tx, meetingId);
    const item = items.find((i) => i.id === itemId);
    if (!item) return refuse('not_found');
    const { council } = await findCouncilRow(tx, councilId);
    const members = await listMembersOn(tx, councilId, meetingDay(meeting));
    const memberIds = new Set(members.map((m) => m.membershipId));
    if (input.excluded.some((id) => !memberIds.has(id))) return refuse('unknown_member');
    const exclusions = [...(await listExclusions(tx, meetingId)).filter((x) => x.agendaItemId !== itemId), ...input.excluded.map((membershipId) => ({ agendaItemId: itemId, membershipId }))];
    const count = headcountPerItem(council, members, items, await listAttendance(tx, meetingId), exclusions).find((h) => h.itemId === itemId)!;

    let values: Partial<typeof agendaItems.$inferInsert> = { notes: input.notes, result: null, votesYes: null, votesNo: null, votesAbstain: null, unanimous: false, chairCastingVote: null };
    if (input.kind === 'vote') {
      if (!count.quorum.reached) return refuse('no_quorum');
      const outcome = voteOutcome(input.vote, { tieRule: council.tieRule, eligibleVoters: count.eligibleVoters, chairCastingVote: input.chairCastingVote });
      if (!outcome.ok) return refuse(outcome.error);
      values = { ...values, result: outcome.result, votesYes: outcome.yes, votesNo: outcome.no, votesAbstain: outcome.abstain, unanimous: input.vote.kind === 'unanimous', chairCastingVote: outcome.tie && council.tieRule === 'chair_decides' ? input.chairCastingVote : null };
    } else if (input.kind !== 'none') values = { ...values, result: input.kind };

    const grantRefusal = await applyCouncilVote(tx, meeting, item, values.result ?? null, input.grantRecommendation, actor);
    if (grantRefusal) return refuse(grantRefusal);

    if (item.kind === 'minutes_approval' && values.result === 'adopted') {
      if (item.minutesOfMeetingId === null) return refuse('no_minutes_to_approve');
      const [earlier] = await tx.select().from(meetings).where(and(eq(meetings.id, item.minutesOfMeetingId), eq(meetings.councilId, councilId))).for('update');
      if (!earlier || earlier.state !== 'held' || earlier.minutesPublic === null) return refuse('no_minutes_to_approve');
      await tx.update(meetings).set({ state: 'minutes_approved', minutesApprovedAt: now, minutesApprovedInMeetingId: meetingId }).where(eq(meetings.id, earlier.id));
      await publishMinutes(tx, earlier.id);
      await recordAudit(tx, { actor, action: 'meeting.minutes_approve', entityType: 'meeting', entityId: earlier.id, councilId, before: { state: earlier.state }, after: { state: 'minutes_approved', approvedInMeetingId: meetingId } });
    }

    const [after] = await tx.update(agendaItems).set(values).where(eq(agendaItems.id, itemId)).returning();
    await tx.delete(agendaItemExclusions).where(eq(agendaItemExclusions.agendaItemId, itemId));
    if (input.excluded.length > 0) await tx.insert(agendaItemExclusions).values([...new Set(input.excluded)].map((membershipId) => ({ agendaItemId: itemId, membershipId })));
    await recordAudit(tx, { actor, action: 'agenda_item.result', entityType: 'agenda_item', entityId: itemId, councilId, before: item, after: { ...after, excluded: input.excluded } });
    return { ok: true, result: after!.result };
  });
}

// ---------------------------------------------------------------------------------------------------
// Minutes
// ---------------------------------------------------------------------------------------------------

export type MinutesRefusal = 'not_found' | 'not_invited' | 'cancelled' | 'approved' | 'not_yet' | 'not_held';

/** Ends the meeting: state held, and a minutes draft generated from what was recorded. */
export async function closeMeeting(
  db: Database,
  councilId: number,
  meetingId: number,
  now: Date,
  actor: AuditActor,
  draft: (tx: Tx, meetingId: number) => Promise<{ public: string; nonPublic: string }>,
): Promise<Outcome<object, MinutesRefusal>> {
  return db.transaction(async (tx): Promise<Outcome<object, MinutesRefusal>> => {
    const meeting = await heldMeeting(tx, councilId, meetingId, now);
    if (isRefusal<HoldingRefusal>(meeting)) return meeting as Refusal<MinutesRefusal>;
    const minutes = await draft(tx, meetingId);
    const [after] = await tx
      .update(meetings)
      .set({ state: 'held', minutesPublic: meeting.minutesPublic ?? minutes.public, minutesNonPublic: meeting.minutesNonPublic ?? minutes.nonPublic })
      .where(eq(meetings.id, meetingId))
      .returning();
    await recordAudit(tx, { actor, action: 'meeting.close', entityType: 'meeting', entityId: meetingId, councilId, before: { state: meeting.state }, after: { state: after!.state } });
    return { ok: true };
  });
}

export async function saveMinutes(
  db: Database,
  councilId: number,
  meetingId: number,
  input: { public: string; nonPublic: string } | 'regenerate',
  actor: AuditActor,
  draft: (tx: Tx, meetingId: number) => Promise<{ public: string; nonPublic: string }>,
): Promise<Outcome<object, MinutesRefusal>> {
  return db.transaction(async (tx): Promise<Outcome<object, MinutesRefusal>> => {
    const meeting = await lockMeeting(tx, councilId, meetingId);
    if (!meeting) return refuse('not_found');
    if (meeting.state === 'minutes_approved') return refuse('approved');
    if (meeting.state !== 'held') return refuse('not_held');
    const text = input === 'regenerate' ? await draft(tx, meetingId) : input;
    await tx.update(meetings).set({ minutesPublic: text.public, minutesNonPublic: text.nonPublic }).where(eq(meetings.id, meetingId));
    await recordAudit(tx, { actor, action: input === 'regenerate' ? 'meeting.minutes_regenerate' : 'meeting.minutes_edit', entityType: 'meeting', entityId: meetingId, councilId, before: { minutesPublic: meeting.minutesPublic, minutesNonPublic: meeting.minutesNonPublic }, after: text });
    return { ok: true };
  });
}

