import { and, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../src/audit/schema.js';
import { createUser } from '../../src/auth/service.js';
import { councils } from '../../src/councils/schema.js';
import { completeGrant, putOnAgenda } from '../../src/grants/office-service.js';
import { grants } from '../../src/grants/schema.js';
import { berlinDate, berlinInstant } from '../../src/infra/time.js';
import { outbox } from '../../src/mail/schema.js';
import { listMembersOn, lockMeeting } from '../../src/meetings/admin-repository.js';
import { appendAgendaItem, cancelMeeting, deleteAgendaItem, deleteMeeting, planMeeting, recordItemResult, sendInvitations } from '../../src/meetings/admin-service.js';
import { letterRenderer } from '../../src/meetings/invitations.js';
import { minutesPublisher } from '../../src/meetings/minutes.js';
import { agendaItems, locations, meetings } from '../../src/meetings/schema.js';
import { addDays } from '../../src/members/service.js';
import { Agent } from '../support/agent.js';
import { createTestApp, type TestApp } from '../support/app.js';

/**
 * An application on an agenda never gets stuck in `on_agenda`: when its item is deleted or its
 * meeting cancelled (or deleted), it goes back into the queue through the state machine, with an
 * audit entry, and the office can put it on another agenda. It stays where it is while another
 * open meeting's agenda still carries it, and an item with a result leaves the grant alone.
 */
let t: TestApp;
let agent: Agent;
let councilId: number;
let locationId: number;
let nextNumber = 970;
const actor = { userId: null, label: 'test' };
const password = 'correct horse battery staple';
const slug = 'herrenhausen-stoecken';

const db = () => t.database.db;
const year = Number(berlinDate(new Date()).slice(0, 4));
const today = () => berlinDate(new Date());
const meetingPath = (id: number, rest = '') => `/admin/beiraete/${slug}/sitzungen/${id}${rest}`;
const grantPath = (id: number) => `/admin/beiraete/${slug}/zuwendungen/${id}`;
const plan = (daysAhead: number, time = '18:00') => planMeeting(db(), councilId, { startsAt: berlinInstant(addDays(today(), daysAhead), time)!, endsAt: null, locationId, title: null }, actor);

/** A complete application, ready for an agenda. */
async function completeApplication() {
  const number = nextNumber++;
  const [row] = await db()
    .insert(grants)
    .values({
      councilId,
      year,
      number,
      recipientName: `Nachbarschaftsverein ${number} e.V.`,
      recipientKind: 'association',
      title: { de: `Sommerfest ${number}` },
      amountRequestedCents: 150_000,
      status: 'submitted',
      applicantName: 'Ayşe Yılmaz',
      applicantEmail: `antrag-${number}@example.org`,
      locale: 'de',
      consentedAt: new Date(),
      submittedAt: new Date(),
    })
    .returning();
  expect((await completeGrant(db(), councilId, row!.id, new Date(), actor)).ok).toBe(true);
  return row!;
}

async function put(grantId: number, meetingId: number, now = new Date()): Promise<number> {
  const outcome = await putOnAgenda(db(), councilId, grantId, meetingId, now, actor);
  if (!outcome.ok) throw new Error(`not put on the agenda: ${outcome.reason}`);
  return outcome.itemId;
}

/** A second item about the same application on another agenda, as older data or a manual entry may hold. */
async function alsoOn(grantId: number, meetingId: number): Promise<number> {
  return db().transaction(async (tx) => {
    const meeting = await lockMeeting(tx, councilId, meetingId);
    const item = await appendAgendaItem(tx, meeting!, { title: { de: 'Zuwendungsantrag' }, text: null, isPublic: true, level: 0, kind: 'regular', grantId });
    return item.id;
  });
}

async function statusOf(grantId: number) {
  const [row] = await db().select({ status: grants.status }).from(grants).where(eq(grants.id, grantId));
  return row!.status;
}

async function takeOffEvents(grantId: number) {
  return db()
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.action, 'grant.take_off_agenda'), eq(auditEvents.entityType, 'grant'), eq(auditEvents.entityId, String(grantId))));
}

/** Whether the office's grant page offers to put the application on an agenda. */
async function offersAgenda(grantId: number): Promise<boolean> {
  const page = await agent.get(grantPath(grantId));
  expect(page.statusCode).toBe(200);
  return page.body.includes(`action="${grantPath(grantId)}/tagesordnung"`) && page.body.includes('Auf die Tagesordnung setzen');
}

beforeAll(async () => {
  t = await createTestApp();
  const [council] = await db().select().from(councils).where(eq(councils.slug, slug));
  councilId = council!.id;
  const [location] = await db().select().from(locations).limit(1);
  locationId = location!.id;
  await db().transaction((tx) => createUser(tx, { email: 'office-grant-agenda@example.org', displayName: 'Office', role: 'office', councilId, password }, actor));
  agent = new Agent(t.app);
  await agent.get('/admin/anmelden');
  expect((await agent.post('/admin/anmelden', { email: 'office-grant-agenda@example.org', password })).statusCode).toBe(303);
});
afterAll(async () => t?.close());

describe('deleting the agenda item of an application', () => {
  it('puts the application back into the queue with an audit entry, and the office can put it on another agenda', async () => {
    const meeting = await plan(50);
    const grant = await completeApplication();
    const itemId = await put(grant.id, meeting.id);
    expect(await statusOf(grant.id)).toBe('on_agenda');
    expect(await offersAgenda(grant.id)).toBe(false);

    await agent.get(meetingPath(meeting.id));
    const res = await agent.post(meetingPath(meeting.id, `/tagesordnung/${itemId}/loeschen`), {});
    expect(res.statusCode).toBe(303);
    expect(await db().select().from(agendaItems).where(eq(agendaItems.id, itemId))).toEqual([]);

    expect(await statusOf(grant.id)).toBe('complete');
    const events = await takeOffEvents(grant.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ councilId, actorLabel: 'office-grant-agenda@example.org', before: { status: 'on_agenda' }, after: { status: 'complete', meetingId: meeting.id, agendaItemId: itemId, reason: 'agenda_item_deleted' } });

    // Back in the queue: the office page offers the agenda again, and putting it on works.
    expect(await offersAgenda(grant.id)).toBe(true);
    const next = await plan(51);
    await agent.get(grantPath(grant.id));
    expect((await agent.post(`${grantPath(grant.id)}/tagesordnung`, { meetingId: String(next.id) })).statusCode).toBe(303);
    expect(await statusOf(grant.id)).toBe('on_agenda');
    const [item] = await db().select().from(agendaItems).where(and(eq(agendaItems.meetingId, next.id), eq(agendaItems.grantId, grant.id)));
    expect(item).toBeDefined();
  });

  it('an item without an application changes no grant', async () => {
    const meeting = await plan(52);
    const grant = await completeApplication();
    await put(grant.id, meeting.id);
    const other = await db().transaction(async (tx) => appendAgendaItem(tx, (await lockMeeting(tx, councilId, meeting.id))!, { title: { de: 'Bericht' }, text: null, isPublic: true, level: 0 }));
    expect((await deleteAgendaItem(db(), councilId, meeting.id, other.id, actor)).ok).toBe(true);
    expect(await statusOf(grant.id)).toBe('on_agenda');
    expect(await takeOffEvents(grant.id)).toEqual([]);
  });
});

describe('cancelling a meeting with applications on its agenda', () => {
  it('puts them back into the queue with an audit entry, and members are told of the cancellation as before', async () => {
    const meeting = await plan(30);
    const grant = await completeApplication();
    const itemId = await put(grant.id, meeting.id);
    expect((await sendInvitations(db(), t.config.dataDir, letterRenderer(db(), t.config.baseUrl), councilId, meeting.id, { urgencyReason: null, now: new Date(), baseUrl: t.config.baseUrl }, actor)).ok).toBe(true);
    const withMail = (await listMembersOn(db(), councilId, addDays(today(), 30))).filter((m) => m.email);
    expect(withMail.length).toBeGreaterThan(0);

    await agent.get(meetingPath(meeting.id, '/absagen'));
    const res = await agent.post(meetingPath(meeting.id, '/absagen'), { note: 'Die Sitzung entfällt wegen Krankheit.' });
    expect(res.statusCode).toBe(303);
    const [cancelled] = await db().select().from(meetings).where(eq(meetings.id, meeting.id));
    expect(cancelled).toMatchObject({ cancelled: true, state: 'invited' });

    expect(await statusOf(grant.id)).toBe('complete');
    const events = await takeOffEvents(grant.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ before: { status: 'on_agenda' }, after: { status: 'complete', meetingId: meeting.id, agendaItemId: itemId, reason: 'meeting_cancelled' } });
    // The cancelled meeting keeps its agenda as announced.
    expect(await db().select().from(agendaItems).where(eq(agendaItems.id, itemId))).toHaveLength(1);

    const notices = await db().select().from(outbox).where(like(outbox.key, `meeting-cancellation:${meeting.id}:%`));
    expect(notices.map((n) => n.to).sort()).toEqual(withMail.map((m) => m.email).sort());
    expect(notices[0]!.text).toContain('Die Sitzung entfällt wegen Krankheit.');

    expect(await offersAgenda(grant.id)).toBe(true);
    expect(await put(grant.id, (await plan(31)).id)).toBeGreaterThan(0);
  });
});

describe('an application on two open agendas', () => {
  it('stays on_agenda while another open meeting still carries it, and goes back with the last', async () => {
    // Deleting an item, then cancelling the other meeting.
    const first = await plan(60);
    const second = await plan(61);
    const grant = await completeApplication();
    const firstItem = await put(grant.id, first.id);
    const secondItem = await alsoOn(grant.id, second.id);

    expect((await deleteAgendaItem(db(), councilId, first.id, firstItem, actor)).ok).toBe(true);
    expect(await statusOf(grant.id)).toBe('on_agenda');
    expect(await takeOffEvents(grant.id)).toEqual([]);
    expect(await offersAgenda(grant.id)).toBe(false);

    expect((await cancelMeeting(db(), councilId, second.id, { de: 'Entfällt.' }, actor, t.config.baseUrl)).ok).toBe(true);
    expect(await statusOf(grant.id)).toBe('complete');
    expect((await takeOffEvents(grant.id)).map((e) => e.after)).toEqual([{ status: 'complete', meetingId: second.id, agendaItemId: secondItem, reason: 'meeting_cancelled' }]);
  });

  it('a cancelled meeting no longer holds it, and deleting a meeting leaves it on the other open agenda', async () => {
    const first = await plan(62);
    const second = await plan(63);
    const grant = await completeApplication();
    const firstItem = await put(grant.id, first.id);
    await alsoOn(grant.id, second.id);

    // Cancelling one meeting: the other still carries it.
    expect((await cancelMeeting(db(), councilId, second.id, { de: 'Entfällt.' }, actor, t.config.baseUrl)).ok).toBe(true);
    expect(await statusOf(grant.id)).toBe('on_agenda');
    // The unresulted item of the cancelled meeting does not count: deleting the last open item frees it.
    expect((await deleteAgendaItem(db(), councilId, first.id, firstItem, actor)).ok).toBe(true);
    expect(await statusOf(grant.id)).toBe('complete');
    expect((await takeOffEvents(grant.id)).map((e) => (e.after as { reason: string }).reason)).toEqual(['agenda_item_deleted']);

    // Deleting a whole meeting behaves alike.
    const third = await plan(64);
    const fourth = await plan(65);
    const other = await completeApplication();
    await put(other.id, third.id);
    await alsoOn(other.id, fourth.id);
    expect(await deleteMeeting(db(), councilId, third.id, actor, t.config.dataDir)).toMatchObject({ ok: true, grants: 0 });
    expect(await statusOf(other.id)).toBe('on_agenda');
    expect(await takeOffEvents(other.id)).toEqual([]);
  });
});

describe('an item that already has a result', () => {
  it('deleting it or cancelling its meeting changes nothing for the grant', async () => {
    // Invited, meeting today: applications added now wait for the next supplement, and results can be recorded.
    const meeting = await plan(0, '00:01');
    await db().update(meetings).set({ state: 'invited', invitedAt: new Date() }).where(eq(meetings.id, meeting.id));
    const before = new Date(meeting.startsAt.getTime() - 86_400_000);
    const deleted = await completeApplication();
    const cancelled = await completeApplication();
    const deletedItem = await put(deleted.id, meeting.id, before);
    const cancelledItem = await put(cancelled.id, meeting.id, before);
    for (const itemId of [deletedItem, cancelledItem]) {
      expect(await recordItemResult(db(), councilId, meeting.id, itemId, { kind: 'noted', excluded: [], notes: null }, new Date(), actor, minutesPublisher(t.config.dataDir))).toEqual({ ok: true, result: 'noted' });
    }
    expect(await statusOf(deleted.id)).toBe('on_agenda');

    expect((await deleteAgendaItem(db(), councilId, meeting.id, deletedItem, actor)).ok).toBe(true);
    expect(await statusOf(deleted.id)).toBe('on_agenda');
    expect(await takeOffEvents(deleted.id)).toEqual([]);

    expect((await cancelMeeting(db(), councilId, meeting.id, { de: 'Entfällt.' }, actor, t.config.baseUrl)).ok).toBe(true);
    expect(await statusOf(cancelled.id)).toBe('on_agenda');
    expect(await takeOffEvents(cancelled.id)).toEqual([]);
  });
});
