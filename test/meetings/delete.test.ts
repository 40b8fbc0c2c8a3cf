import fs from 'node:fs';
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../src/audit/schema.js';
import { createUser } from '../../src/auth/service.js';
import { councils } from '../../src/councils/schema.js';
import { documents } from '../../src/documents/schema.js';
import { simplePdf } from '../../src/documents/simple-pdf.js';
import { addDocument, storedFilePath } from '../../src/documents/storage.js';
import { completeGrant, putOnAgenda } from '../../src/grants/office-service.js';
import { grants } from '../../src/grants/schema.js';
import { berlinDate, berlinInstant } from '../../src/infra/time.js';
import { addAgendaItem, cancelMeeting, deleteMeeting, deletionRefusal, planMeeting } from '../../src/meetings/admin-service.js';
import { agendaItems, meetings } from '../../src/meetings/schema.js';
import { addDays } from '../../src/members/service.js';
import { Agent } from '../support/agent.js';
import { createTestApp, type TestApp } from '../support/app.js';

/**
 * Deleting a meeting entered by mistake: only while it is planned and nobody was invited; its
 * agenda and documents go (files too), applications on its agenda go back into the queue, and
 * everything is in the audit trail. Refusals in the reader's language; the usual access rules.
 */
let t: TestApp;
let agent: Agent;
const actor = { userId: null, label: 'test' };
const password = 'correct horse battery staple';
const slug = 'herrenhausen-stoecken';
let councilId: number;
let mitteId: number;
let nordId: number;

const db = () => t.database.db;
const year = Number(berlinDate(new Date()).slice(0, 4));
const admin = (id: number, rest = '', council = slug, prefix = '') => `${prefix}/admin/beiraete/${council}/sitzungen/${id}${rest}`;
const unescape = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&#34;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
const text = (html: string) => unescape(html.replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ');
const plan = (council: number, daysAhead: number) => planMeeting(db(), council, { startsAt: berlinInstant(addDays(berlinDate(new Date()), daysAhead), '18:00')!, endsAt: null, locationId: null, title: null }, actor);

async function meetingRow(id: number) {
  const [row] = await db().select().from(meetings).where(eq(meetings.id, id));
  return row;
}

/** A demo meeting of a council in a state, not cancelled, soonest first. */
async function demoMeeting(council: number, state: 'planned' | 'invited' | 'held') {
  const [row] = await db()
    .select()
    .from(meetings)
    .where(and(eq(meetings.councilId, council), eq(meetings.state, state), eq(meetings.cancelled, false), eq(meetings.isExample, true)))
    .orderBy(asc(meetings.startsAt))
    .limit(1);
  if (!row) throw new Error(`no ${state} demo meeting`);
  return row;
}

async function signIn(email: string, council: number): Promise<Agent> {
  await db().transaction((tx) => createUser(tx, { email, displayName: email, role: 'office', councilId: council, password }, actor));
  const signedIn = new Agent(t.app);
  await signedIn.get('/admin/anmelden');
  expect((await signedIn.post('/admin/anmelden', { email, password })).statusCode).toBe(303);
  return signedIn;
}

beforeAll(async () => {
  t = await createTestApp();
  const all = await db().select().from(councils);
  councilId = all.find((c) => c.slug === slug)!.id;
  mitteId = all.find((c) => c.slug === 'mitte')!.id;
  nordId = all.find((c) => c.slug === 'nord')!.id;
  agent = await signIn('office-delete@example.org', councilId);
});
afterAll(async () => t?.close());

describe('which meetings can be deleted', () => {
  it('only a planned meeting never invited and not cancelled', () => {
    expect(deletionRefusal({ state: 'planned', invitedAt: null, cancelled: false })).toBeUndefined();
    expect(deletionRefusal({ state: 'planned', invitedAt: new Date(), cancelled: false })).toBe('invited');
    expect(deletionRefusal({ state: 'invited', invitedAt: new Date(), cancelled: false })).toBe('invited');
    expect(deletionRefusal({ state: 'planned', invitedAt: null, cancelled: true })).toBe('cancelled');
    expect(deletionRefusal({ state: 'held', invitedAt: new Date(), cancelled: false })).toBe('closed');
    expect(deletionRefusal({ state: 'minutes_approved', invitedAt: new Date(), cancelled: false })).toBe('closed');
  });

  it('the service refuses cancelled, held, referenced and other councils’ meetings, and changes nothing', async () => {
    const cancelled = await plan(councilId, 70);
    expect((await cancelMeeting(db(), councilId, cancelled.id, { de: 'Doppelt angelegt.' }, actor, t.config.baseUrl)).ok).toBe(true);
    expect(await deleteMeeting(db(), councilId, cancelled.id, actor, t.config.dataDir)).toEqual({ ok: false, reason: 'cancelled' });

    const held = await demoMeeting(councilId, 'held');
    expect(await deleteMeeting(db(), councilId, held.id, actor, t.config.dataDir)).toEqual({ ok: false, reason: 'closed' });

    const elsewhere = await plan(mitteId, 71);
    expect(await deleteMeeting(db(), councilId, elsewhere.id, actor, t.config.dataDir)).toEqual({ ok: false, reason: 'not_found' });

    // A planned meeting has no minutes; if the data said another meeting approved them, nothing may dangle.
    const referenced = await plan(councilId, 72);
    const later = await plan(councilId, 73);
    const [approval] = await db().select().from(agendaItems).where(and(eq(agendaItems.meetingId, later.id), eq(agendaItems.kind, 'agenda_approval')));
    await db().update(agendaItems).set({ minutesOfMeetingId: referenced.id }).where(eq(agendaItems.id, approval!.id));
    expect(await deleteMeeting(db(), councilId, referenced.id, actor, t.config.dataDir)).toEqual({ ok: false, reason: 'referenced' });

    for (const id of [cancelled.id, held.id, elsewhere.id, referenced.id]) expect(await meetingRow(id), String(id)).toBeDefined();
  });
});

describe('deleting in the back office', () => {
  it('deletes a planned demo meeting with its agenda, records it, and the public page is gone', async () => {
    const meeting = await demoMeeting(councilId, 'planned');
    expect(meeting.invitedAt).toBeNull();
    const itemsBefore = await db().select().from(agendaItems).where(eq(agendaItems.meetingId, meeting.id));
    expect(itemsBefore.length).toBeGreaterThan(0);
    expect((await t.app.inject(`/beiraete/${slug}/sitzungen/${meeting.id}`)).statusCode).toBe(200);
    expect((await t.app.inject(`/beiraete/${slug}/sitzungen`)).body).toContain(`/sitzungen/${meeting.id}"`);

    const workspace = await agent.get(admin(meeting.id));
    expect(workspace.body).toContain(`href="${admin(meeting.id, '/loeschen')}"`);
    const page = await agent.get(admin(meeting.id, '/loeschen'));
    expect(page.statusCode).toBe(200);
    expect(text(page.body)).toContain('Das Löschen lässt sich nicht rückgängig machen.');
    expect(text(page.body)).toContain('Zuwendungsanträge auf der Tagesordnung bleiben erhalten');
    expect(text(page.body)).toContain('Hochgeladene Unterlagen zur Sitzung und zu ihren Punkten werden mit ihren Dateien gelöscht.');
    expect(page.body).toContain(`action="${admin(meeting.id, '/loeschen')}"`);
    expect(page.body).toContain('name="_csrf"');

    const res = await agent.post(admin(meeting.id, '/loeschen'), {});
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/admin/beiraete/${slug}/sitzungen?hinweis=meetingsAdmin.flash.deleted`);
    expect(text((await agent.get(String(res.headers.location))).body)).toContain('Die Sitzung ist gelöscht.');

    expect(await meetingRow(meeting.id)).toBeUndefined();
    expect(await db().select().from(agendaItems).where(eq(agendaItems.meetingId, meeting.id))).toEqual([]);
    const [event] = await db().select().from(auditEvents).where(and(eq(auditEvents.action, 'meeting.delete'), eq(auditEvents.entityId, String(meeting.id))));
    expect(event).toMatchObject({ entityType: 'meeting', councilId, actorLabel: 'office-delete@example.org' });
    expect(event!.before).toMatchObject({ id: meeting.id, councilId, state: 'planned', startsAt: meeting.startsAt.toISOString(), locationId: meeting.locationId });
    expect((event!.before as { agendaItems: unknown[] }).agendaItems).toHaveLength(itemsBefore.length);

    expect((await t.app.inject(`/beiraete/${slug}/sitzungen/${meeting.id}`)).statusCode).toBe(404);
    expect((await t.app.inject(`/beiraete/${slug}/sitzungen`)).body).not.toContain(`/sitzungen/${meeting.id}"`);
    expect((await agent.get(admin(meeting.id))).statusCode).toBe(404);
    expect((await agent.post(admin(meeting.id, '/loeschen'), {})).statusCode).toBe(404);
  });

  it('puts a grant application on the deleted meeting’s agenda back into the queue, with an audit entry', async () => {
    const meeting = await plan(councilId, 40);
    const [grant] = await db()
      .insert(grants)
      .values({
        councilId,
        year,
        number: 950,
        recipientName: 'Nachbarschaftsverein 950 e.V.',
        recipientKind: 'association',
        title: { de: 'Sommerfest 950' },
        amountRequestedCents: 150_000,
        status: 'submitted',
        applicantName: 'Ayşe Yılmaz',
        applicantEmail: 'antrag-950@example.org',
        locale: 'de',
        consentedAt: new Date(),
        submittedAt: new Date(),
      })
      .returning();
    expect((await completeGrant(db(), councilId, grant!.id, new Date(), actor)).ok).toBe(true);
    const put = await putOnAgenda(db(), councilId, grant!.id, meeting.id, new Date(), actor);
    if (!put.ok) throw new Error(`not put on the agenda: ${put.reason}`);
    const [onAgenda] = await db().select().from(grants).where(eq(grants.id, grant!.id));
    expect(onAgenda!.status).toBe('on_agenda');

    const page = await agent.get(admin(meeting.id, '/loeschen'));
    expect(text(page.body)).toMatch(/Zuwendungsanträge auf der Tagesordnung 1 /);
    expect((await agent.post(admin(meeting.id, '/loeschen'), {})).statusCode).toBe(303);

    const [back] = await db().select().from(grants).where(eq(grants.id, grant!.id));
    expect(back!.status).toBe('complete');
    const [event] = await db().select().from(auditEvents).where(and(eq(auditEvents.action, 'grant.take_off_agenda'), eq(auditEvents.entityId, String(grant!.id))));
    expect(event).toMatchObject({ entityType: 'grant', councilId, before: { status: 'on_agenda' }, after: { status: 'complete', meetingId: meeting.id, agendaItemId: put.itemId, reason: 'meeting_deleted' } });
    expect(await meetingRow(meeting.id)).toBeUndefined();
    // Back in the queue: it can go on another meeting's agenda.
    const next = await plan(councilId, 41);
    expect((await putOnAgenda(db(), councilId, grant!.id, next.id, new Date(), actor)).ok).toBe(true);
  });

  it('deletes the documents of the meeting and its items with their files, and leaves other meetings’ documents alone', async () => {
    const meeting = await plan(councilId, 42);
    const other = await plan(councilId, 43);
    const added = await addAgendaItem(db(), councilId, meeting.id, { title: { de: 'Bericht' }, text: null, isPublic: true, level: 0 }, actor);
    if (!added.ok) throw new Error('item not added');
    const upload = (meetingId: number, agendaItemId: number | null, title: string) =>
      addDocument(db(), t.config.dataDir, { councilId, meetingId, agendaItemId, kind: 'attachment', title: { de: title }, fileName: `${title}.pdf`, mimeType: 'application/pdf', isPublic: true, bytes: simplePdf(title, ['Inhalt']) }, actor);
    const ofMeeting = await upload(meeting.id, null, 'Lageplan');
    const ofItem = await upload(meeting.id, added.item.id, 'Bericht-Anlage');
    const kept = await upload(other.id, null, 'Andere-Sitzung');
    for (const d of [ofMeeting, ofItem, kept]) expect(fs.existsSync(storedFilePath(t.config.dataDir, d.storageKey))).toBe(true);

    const page = await agent.get(admin(meeting.id, '/loeschen'));
    expect(text(page.body)).toMatch(/Unterlagen 2 /);
    expect((await agent.post(admin(meeting.id, '/loeschen'), {})).statusCode).toBe(303);

    for (const d of [ofMeeting, ofItem]) {
      expect(await db().select().from(documents).where(eq(documents.id, d.id))).toEqual([]);
      expect(fs.existsSync(storedFilePath(t.config.dataDir, d.storageKey))).toBe(false);
      const [event] = await db().select().from(auditEvents).where(and(eq(auditEvents.action, 'document.delete'), eq(auditEvents.entityId, String(d.id))));
      expect(event!.before).toMatchObject({ id: d.id, storageKey: d.storageKey });
    }
    expect(await db().select().from(documents).where(eq(documents.id, kept.id))).toHaveLength(1);
    expect(fs.existsSync(storedFilePath(t.config.dataDir, kept.storageKey))).toBe(true);
  });
});

describe('refusals and access', () => {
  it('refuses an invited meeting with 409 and the reason, in German and in English, and deletes nothing', async () => {
    const meeting = await demoMeeting(councilId, 'invited');
    const workspace = await agent.get(admin(meeting.id));
    expect(workspace.body).toContain(`href="${admin(meeting.id, '/absagen')}"`);
    expect(workspace.body).not.toContain(`href="${admin(meeting.id, '/loeschen')}"`);

    const page = await agent.get(admin(meeting.id, '/loeschen'));
    expect(text(page.body)).toContain('Zu dieser Sitzung wurde schon eingeladen');
    expect(page.body).not.toContain(`action="${admin(meeting.id, '/loeschen')}"`);

    const de = await agent.post(admin(meeting.id, '/loeschen'), {});
    expect(de.statusCode).toBe(409);
    expect(text(de.body)).toContain('Zu dieser Sitzung wurde schon eingeladen: Mitglieder und Abonnentinnen und Abonnenten wissen von ihr. Sie kann nicht gelöscht werden; sagen Sie sie stattdessen ab.');
    expect(de.body).toContain(`href="${admin(meeting.id, '/absagen')}"`);

    await agent.get(admin(meeting.id, '/loeschen', slug, '/en'));
    const en = await agent.post(admin(meeting.id, '/loeschen', slug, '/en'), {});
    expect(en.statusCode).toBe(409);
    expect(en.body).toContain('lang="en"');
    expect(text(en.body)).toContain('The invitation to this meeting has been sent: members and subscribers know of it. It cannot be deleted; cancel it instead.');
    expect(en.body).toContain(`href="${admin(meeting.id, '/absagen', slug, '/en')}"`);

    expect(await meetingRow(meeting.id)).toMatchObject({ state: 'invited', cancelled: false });
    expect(await db().select().from(agendaItems).where(eq(agendaItems.meetingId, meeting.id))).not.toEqual([]);
    expect(await db().select().from(auditEvents).where(and(eq(auditEvents.action, 'meeting.delete'), eq(auditEvents.entityId, String(meeting.id))))).toEqual([]);
  });

  it('an English deletion answers in English and redirects to the English list', async () => {
    const meeting = await plan(councilId, 44);
    const page = await agent.get(admin(meeting.id, '/loeschen', slug, '/en'));
    expect(text(page.body)).toContain('Deleting cannot be undone.');
    const res = await agent.post(admin(meeting.id, '/loeschen', slug, '/en'), {});
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/en/admin/beiraete/${slug}/sitzungen?hinweis=meetingsAdmin.flash.deleted`);
    expect(text((await agent.get(String(res.headers.location))).body)).toContain('The meeting has been deleted.');
    expect(await meetingRow(meeting.id)).toBeUndefined();
  });

  it('a meeting of another council is not found under this council, and the other council is forbidden', async () => {
    const meeting = await plan(mitteId, 45);
    expect((await agent.get(admin(meeting.id, '/loeschen'))).statusCode).toBe(404);
    expect((await agent.post(admin(meeting.id, '/loeschen'), {})).statusCode).toBe(404);
    expect((await agent.get(admin(meeting.id, '/loeschen', 'mitte'))).statusCode).toBe(403);
    expect((await agent.post(admin(meeting.id, '/loeschen', 'mitte'), {})).statusCode).toBe(403);
    expect(await meetingRow(meeting.id)).toBeDefined();
  });

  it('refuses a POST without CSRF token', async () => {
    const meeting = await plan(councilId, 46);
    await agent.get(admin(meeting.id, '/loeschen'));
    expect((await agent.post(admin(meeting.id, '/loeschen'), {}, { csrf: false })).statusCode).toBe(403);
    expect(await meetingRow(meeting.id)).toBeDefined();
  });

  it('an office of another council (Nord on Mitte) is forbidden', async () => {
    const nord = await signIn('office-nord-delete@example.org', nordId);
    const meeting = await plan(mitteId, 47);
    expect((await nord.get(admin(meeting.id, '/loeschen', 'mitte'))).statusCode).toBe(403);
    await nord.get('/admin');
    expect((await nord.post(admin(meeting.id, '/loeschen', 'mitte'), {})).statusCode).toBe(403);
    expect(await meetingRow(meeting.id)).toBeDefined();
  });
});
