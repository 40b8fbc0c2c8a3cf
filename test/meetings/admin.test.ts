import { and, asc, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../src/audit/schema.js';
import { createUser } from '../../src/auth/service.js';
import { councils, seatCategories } from '../../src/councils/schema.js';
import { documents } from '../../src/documents/schema.js';
import { storedFilePath } from '../../src/documents/storage.js';
import { berlinDate, berlinInstant } from '../../src/infra/time.js';
import { outbox } from '../../src/mail/schema.js';
import { listMembersOn } from '../../src/meetings/admin-repository.js';
import { addAgendaItem, cancelMeeting, closeMeeting, deleteAgendaItem, moveAgendaItem, planMeeting, recordItemResult, saveAttendance, sendInvitations, sendSupplement } from '../../src/meetings/admin-service.js';
import { letterRenderer } from '../../src/meetings/invitations.js';
import { draftMinutes, minutesPublisher } from '../../src/meetings/minutes.js';
import { agendaItems, locations, meetings, meetingSubscriptions } from '../../src/meetings/schema.js';
import { memberships, people } from '../../src/members/schema.js';
import { addDays } from '../../src/members/service.js';
import { Agent } from '../support/agent.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { extractPdfText } from '../support/pdf-text.js';
import fs from 'node:fs';

let t: TestApp;
const actor = { userId: null, label: 'test' };
const password = 'correct horse battery staple';
const slug = 'herrenhausen-stoecken';
let council: typeof councils.$inferSelect;
let locationId: number;

beforeAll(async () => {
  t = await createTestApp();
  council = (await t.database.db.select().from(councils).where(eq(councils.slug, slug)))[0]!;
  const [location] = await t.database.db.select().from(locations).limit(1);
  locationId = location!.id;
  await t.database.db.transaction(async (tx) => {
    await createUser(tx, { email: 'office-hs@example.org', displayName: 'Office HS', role: 'office', councilId: council.id, password }, actor);
  });
});
afterAll(async () => t?.close());

const db = () => t.database.db;
const renderer = () => letterRenderer(db(), t.config.baseUrl);
const at = (day: string, time: string) => berlinInstant(day, time)!;
const today = () => berlinDate(new Date());

async function itemsOf(meetingId: number) {
  return db().select().from(agendaItems).where(eq(agendaItems.meetingId, meetingId)).orderBy(asc(agendaItems.position));
}

describe('planning and the agenda', () => {
  it('a new meeting gets the standard items, numbers follow levels and order, and reordering renumbers', async () => {
    const meeting = await planMeeting(db(), council.id, { startsAt: at(addDays(today(), 60), '18:00'), endsAt: null, locationId, title: null }, actor);
    const standard = await itemsOf(meeting.id);
    expect(standard.map((i) => i.kind).slice(0, 2)).toEqual(['opening', 'agenda_approval']);
    expect(standard.map((i) => i.number)).toEqual(standard.map((_, i) => String(i + 1)));

    const main = await addAgendaItem(db(), council.id, meeting.id, { title: { de: 'Berichte' }, text: null, isPublic: true, level: 0 }, actor);
    const sub = await addAgendaItem(db(), council.id, meeting.id, { title: { de: 'Bericht der Verwaltung' }, text: null, isPublic: true, level: 1 }, actor);
    expect(main.ok && sub.ok).toBe(true);
    let items = await itemsOf(meeting.id);
    const n = standard.length;
    expect(items.slice(n).map((i) => i.number)).toEqual([String(n + 1), `${n + 1}.1`]);

    // Moving the main item above the last standard item makes the sub-item hang under… the main item still.
    expect((await moveAgendaItem(db(), council.id, meeting.id, items[n]!.id, 'up', actor)).ok).toBe(true);
    items = await itemsOf(meeting.id);
    expect(items.map((i) => i.title.de).slice(n - 1, n + 1)).toEqual(['Berichte', standard[n - 1]!.title.de]);
    expect(items.map((i) => i.number)).toEqual([...standard.slice(0, n - 1).map((_, i) => String(i + 1)), String(n), String(n + 1), `${n + 1}.1`]);
    expect(await moveAgendaItem(db(), council.id, meeting.id, items[0]!.id, 'up', actor)).toEqual({ ok: false, reason: 'at_edge' });

    // The opening cannot go; a regular item can, and the gap closes.
    expect(await deleteAgendaItem(db(), council.id, meeting.id, items[0]!.id, actor)).toEqual({ ok: false, reason: 'standard_item' });
    expect((await deleteAgendaItem(db(), council.id, meeting.id, items[n - 1]!.id, actor)).ok).toBe(true);
    items = await itemsOf(meeting.id);
    expect(items.map((i) => i.position)).toEqual(items.map((_, i) => i + 1));
  });
});

describe('invitations', () => {
  it('an invitation inside the invitation period is refused without an urgency reason and allowed, logged, with one', async () => {
    const day = addDays(today(), 2); // inside 7 calendar days
    const meeting = await planMeeting(db(), council.id, { startsAt: at(day, '18:00'), endsAt: null, locationId, title: null }, actor);
    const refused = await sendInvitations(db(), t.config.dataDir, renderer(), council.id, meeting.id, { urgencyReason: null, now: new Date(), baseUrl: t.config.baseUrl }, actor);
    expect(refused).toEqual({ ok: false, reason: 'too_late' });
    const queued = await db().select().from(outbox).where(like(outbox.key, `meeting-invitation:${meeting.id}:%`));
    expect(queued).toHaveLength(0);
    const [still] = await db().select().from(meetings).where(eq(meetings.id, meeting.id));
    expect(still!.state).toBe('planned');

    const sent = await sendInvitations(db(), t.config.dataDir, renderer(), council.id, meeting.id, { urgencyReason: 'Frist des Stadtbezirksrats für die Stellungnahme', now: new Date(), baseUrl: t.config.baseUrl }, actor);
    expect(sent.ok).toBe(true);
    const [invited] = await db().select().from(meetings).where(eq(meetings.id, meeting.id));
    expect(invited!.state).toBe('invited');
    expect(invited!.urgencyReason).toBe('Frist des Stadtbezirksrats für die Stellungnahme');
    const [event] = await db().select().from(auditEvents).where(and(eq(auditEvents.action, 'meeting.invite'), eq(auditEvents.entityId, String(meeting.id))));
    expect((event!.after as { urgencyReason: string }).urgencyReason).toBe('Frist des Stadtbezirksrats für die Stellungnahme');
  });

  it('the route refuses a late invitation with a message on the reason field, in the page language', async () => {
    const agent = new Agent(t.app);
    await agent.get('/admin/anmelden');
    expect((await agent.post('/admin/anmelden', { email: 'office-hs@example.org', password })).statusCode).toBe(303);
    const meeting = await planMeeting(db(), council.id, { startsAt: at(addDays(today(), 3), '18:00'), endsAt: null, locationId, title: null }, actor);
    const page = await agent.get(`/en/admin/beiraete/${slug}/sitzungen/${meeting.id}`);
    expect(page.body).toContain('The invitation period has passed');
    const res = await agent.post(`/en/admin/beiraete/${slug}/sitzungen/${meeting.id}/einladen`, { urgencyReason: '' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('only possible with a reason for urgency');
    expect(res.body).toContain('lang="en"');
  });

  it('queues one mail per member with e-mail, each with the letter PDF and an .ics; files a copy with the printed letters; a supplement goes again', async () => {
    const day = addDays(today(), 30);
    const meeting = await planMeeting(db(), council.id, { startsAt: at(day, '18:30'), endsAt: at(day, '20:30'), locationId, title: null }, actor);
    await addAgendaItem(db(), council.id, meeting.id, { title: { de: 'Vorstellung des Quartiersmanagements' }, text: null, isPublic: true, level: 0 }, actor);
    const members = await listMembersOn(db(), council.id, day);
    const withMail = members.filter((m) => m.email);
    expect(withMail.length).toBeGreaterThan(0);
    expect(withMail.length).toBeLessThan(members.length);

    const sent = await sendInvitations(db(), t.config.dataDir, renderer(), council.id, meeting.id, { urgencyReason: null, now: new Date(), baseUrl: t.config.baseUrl }, actor);
    expect(sent).toMatchObject({ ok: true, mailed: withMail.length, printed: members.length - withMail.length });
    const mails = await db().select().from(outbox).where(like(outbox.key, `meeting-invitation:${meeting.id}:%`));
    expect(mails.map((m) => m.to).sort()).toEqual(withMail.map((m) => m.email).sort());
    for (const mail of mails) {
      expect(mail.attachments?.map((a) => a.contentType)).toEqual(['application/pdf', 'text/calendar; charset=utf-8']);
      expect(Buffer.from(mail.attachments![0]!.contentBase64, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
      expect(Buffer.from(mail.attachments![1]!.contentBase64, 'base64').toString()).toContain('BEGIN:VEVENT');
      expect(mail.text).toContain('Vorstellung des Quartiersmanagements');
    }
    // The file copy with the printed letters; the public notice next to it has no names (public-notice.test.ts).
    const [copy] = await db().select().from(documents).where(and(eq(documents.meetingId, meeting.id), eq(documents.kind, 'invitation'), eq(documents.isPublic, false)));
    expect(copy!.isPublic).toBe(false);
    const copyText = await extractPdfText(fs.readFileSync(storedFilePath(t.config.dataDir, copy!.storageKey)));
    const noMail = members.find((m) => !m.email)!;
    expect(copyText).toContain(noMail.familyName);

    // A second send is refused; new items wait for a supplement, which goes to members again.
    expect(await sendInvitations(db(), t.config.dataDir, renderer(), council.id, meeting.id, { urgencyReason: null, now: new Date(), baseUrl: t.config.baseUrl }, actor)).toEqual({ ok: false, reason: 'already_invited' });
    expect(await sendSupplement(db(), t.config.dataDir, renderer(), council.id, meeting.id, { now: new Date(), baseUrl: t.config.baseUrl }, actor)).toEqual({ ok: false, reason: 'no_supplement_items' });
    await addAgendaItem(db(), council.id, meeting.id, { title: { de: 'Dringlicher Antrag zum Sommerfest' }, text: null, isPublic: true, level: 0 }, actor);
    expect((await sendSupplement(db(), t.config.dataDir, renderer(), council.id, meeting.id, { now: new Date(), baseUrl: t.config.baseUrl }, actor)).ok).toBe(true);
    const supplements = await db().select().from(outbox).where(like(outbox.key, `meeting-supplement:${meeting.id}:1:%`));
    expect(supplements).toHaveLength(withMail.length);
    expect(supplements[0]!.subject).toContain('Nachtrag 1');
    expect(supplements[0]!.text).toContain('Dringlicher Antrag zum Sommerfest');
    expect(supplements[0]!.text).not.toContain('Vorstellung des Quartiersmanagements');

    // Cancelling after the invitation tells every member once and raises the calendar sequence.
    const [beforeCancel] = await db().select().from(meetings).where(eq(meetings.id, meeting.id));
    expect((await cancelMeeting(db(), council.id, meeting.id, { de: 'Die Sitzung entfällt wegen Krankheit.' }, actor, t.config.baseUrl)).ok).toBe(true);
    const [cancelled] = await db().select().from(meetings).where(eq(meetings.id, meeting.id));
    expect(cancelled!.sequence).toBe(beforeCancel!.sequence + 1);
    const notices = await db().select().from(outbox).where(like(outbox.key, `meeting-cancellation:${meeting.id}:%`));
    expect(notices).toHaveLength(withMail.length);
    expect(notices[0]!.text).toContain('Die Sitzung entfällt wegen Krankheit.');
  });
});

describe('holding the meeting and the minutes', () => {
  it('records attendance and a 7:2:1 vote; the approved minutes PDF holds the counts and the names in every script exactly', async () => {
    // A small council of its own, so the headcount is known.
    const [mitte] = await db().select().from(councils).where(eq(councils.slug, 'mitte'));
    const [category] = await db().select().from(seatCategories).where(eq(seatCategories.councilId, mitte!.id)).limit(1);
    const names = [
      ['Şükrü', 'Ağaoğlu'],
      ['محمد', 'الأحمد'],
      ['Олена', 'Коваленко'],
    ];
    const first = addDays(today(), -1);
    const start = addDays(today(), -400);
    await db().delete(memberships).where(eq(memberships.councilId, mitte!.id));
    const people10: number[] = [];
    for (let i = 0; i < 10; i++) {
      const [given, family] = names[i] ?? [`Vorname${i}`, `Nachname${i}`];
      const [person] = await db().insert(people).values({ bodyId: mitte!.bodyId, givenName: given!, familyName: family!, email: `m${i}@example.org` }).returning();
      const [m] = await db().insert(memberships).values({ councilId: mitte!.id, personId: person!.id, seatCategoryId: category!.id, startDate: start, publicConsent: true }).returning();
      people10.push(m!.id);
    }
    const meeting = await planMeeting(db(), mitte!.id, { startsAt: at(first, '18:00'), endsAt: null, locationId, title: null }, actor);
    await db().update(meetings).set({ state: 'invited', invitedAt: new Date() }).where(eq(meetings.id, meeting.id));
    const vote = await addAgendaItem(db(), mitte!.id, meeting.id, { title: { de: 'Zuwendung an den Nachbarschaftsverein' }, text: null, isPublic: true, level: 0 }, actor);
    const secret = await addAgendaItem(db(), mitte!.id, meeting.id, { title: { de: 'Personalangelegenheit GEHEIM-4711' }, text: null, isPublic: false, level: 0 }, actor);
    if (!vote.ok || !secret.ok) throw new Error('items not added');
    await db().update(agendaItems).set({ notes: 'Vertraulich: GEHEIM-4711' }).where(eq(agendaItems.id, secret.item.id));

    expect((await saveAttendance(db(), mitte!.id, meeting.id, people10.map((membershipId) => ({ membershipId, status: 'present', arrivedAtItemId: null, leftAtItemId: null })), new Date(), actor)).ok).toBe(true);
    const tooMany = await recordItemResult(db(), mitte!.id, meeting.id, vote.item.id, { kind: 'vote', vote: { kind: 'counts', yes: 8, no: 2, abstain: 1 }, chairCastingVote: null, excluded: [], notes: null }, new Date(), actor, minutesPublisher(t.config.dataDir));
    expect(tooMany).toEqual({ ok: false, reason: 'too_many_votes' });
    const recorded = await recordItemResult(db(), mitte!.id, meeting.id, vote.item.id, { kind: 'vote', vote: { kind: 'counts', yes: 7, no: 2, abstain: 1 }, chairCastingVote: null, excluded: [], notes: 'Der Verein stellte das Projekt vor.' }, new Date(), actor, minutesPublisher(t.config.dataDir));
    expect(recorded).toEqual({ ok: true, result: 'adopted' });
    expect((await closeMeeting(db(), mitte!.id, meeting.id, new Date(), actor, draftMinutes)).ok).toBe(true);

    // The next meeting approves the minutes through its standard item.
    const next = await planMeeting(db(), mitte!.id, { startsAt: at(today(), '00:01'), endsAt: null, locationId, title: null }, actor);
    await db().update(meetings).set({ state: 'invited', invitedAt: new Date() }).where(eq(meetings.id, next.id));
    const approval = (await itemsOf(next.id)).find((i) => i.kind === 'minutes_approval')!;
    expect(approval.minutesOfMeetingId).toBe(meeting.id);
    await saveAttendance(db(), mitte!.id, next.id, people10.map((membershipId) => ({ membershipId, status: 'present', arrivedAtItemId: null, leftAtItemId: null })), new Date(), actor);
    expect(await recordItemResult(db(), mitte!.id, next.id, approval.id, { kind: 'vote', vote: { kind: 'unanimous' }, chairCastingVote: null, excluded: [], notes: null }, new Date(), actor, minutesPublisher(t.config.dataDir))).toEqual({ ok: true, result: 'adopted' });

    const [approved] = await db().select().from(meetings).where(eq(meetings.id, meeting.id));
    expect(approved!.state).toBe('minutes_approved');
    const [pdfDoc] = await db().select().from(documents).where(and(eq(documents.meetingId, meeting.id), eq(documents.kind, 'minutes'), eq(documents.isPublic, true)));
    const text = await extractPdfText(fs.readFileSync(storedFilePath(t.config.dataDir, pdfDoc!.storageKey)));
    expect(text).toContain('Ja 7, Nein 2, Enthaltung 1');
    for (const name of ['Şükrü Ağaoğlu', 'محمد', 'Олена']) expect(text).toContain(name);
    expect(text).not.toContain('GEHEIM-4711');

    // The public page shows the minutes and the public PDF, never the non-public item.
    const page = await t.app.inject(`/beiraete/mitte/sitzungen/${meeting.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Der Verein stellte das Projekt vor.');
    expect(page.body).not.toContain('GEHEIM-4711');
  });
});

describe('non-public parts stay in the back office', () => {
  it('a non-public item and its documents appear in no public page, feed or announcement', async () => {
    const marker = 'NICHTOEFFENTLICH-8815';
    const meeting = await planMeeting(db(), council.id, { startsAt: at(addDays(today(), 20), '18:00'), endsAt: null, locationId, title: null }, actor);
    const added = await addAgendaItem(db(), council.id, meeting.id, { title: { de: `Personalie ${marker}` }, text: { de: `Erläuterung ${marker}` }, isPublic: false, level: 0 }, actor);
    if (!added.ok) throw new Error('not added');
    // Even a file marked public is hidden when it belongs to a non-public item.
    const [anyDoc] = await db().select().from(documents).where(eq(documents.councilId, council.id)).limit(1);
    await db().insert(documents).values({ ...anyDoc!, id: undefined, meetingId: meeting.id, agendaItemId: added.item.id, title: { de: `Anlage ${marker}` }, fileName: `${marker}.pdf`, isPublic: true, createdAt: undefined, updatedAt: undefined } as never);
    await db().insert(meetingSubscriptions).values({ councilId: council.id, email: 'resident@example.org', confirmedAt: new Date() });
    expect((await sendInvitations(db(), t.config.dataDir, renderer(), council.id, meeting.id, { urgencyReason: null, now: new Date(), baseUrl: t.config.baseUrl }, actor)).ok).toBe(true);

    for (const url of [`/beiraete/${slug}/sitzungen/${meeting.id}`, `/en/beiraete/${slug}/sitzungen/${meeting.id}`, `/beiraete/${slug}/sitzungen`, `/beiraete/${slug}`, '/', `/beiraete/${slug}/sitzungen.ics`, '/sitzungen.ics', `/en/sitzungen.ics`]) {
      const res = await t.app.inject(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).not.toContain(marker);
    }
    const announcements = await db().select().from(outbox).where(like(outbox.key, `meeting-invited:${meeting.id}:%`));
    expect(announcements.length).toBeGreaterThan(0);
    for (const mail of announcements) expect(mail.text).not.toContain(marker);
    // Members, though, get the whole agenda.
    const [invitation] = await db().select().from(outbox).where(like(outbox.key, `meeting-invitation:${meeting.id}:%`)).limit(1);
    expect(invitation!.text).toContain(marker);
  });

  it('a public item appears with the invitation, not while the meeting is still planned', async () => {
    const marker = 'ENTWURF-5521';
    const meeting = await planMeeting(db(), council.id, { startsAt: at(addDays(today(), 25), '18:00'), endsAt: null, locationId, title: null }, actor);
    await addAgendaItem(db(), council.id, meeting.id, { title: { de: `Bericht ${marker}` }, text: null, isPublic: true, level: 0 }, actor);
    const urls = [`/beiraete/${slug}/sitzungen/${meeting.id}`, `/beiraete/${slug}/sitzungen.ics`];
    for (const url of urls) expect((await t.app.inject(url)).body, url).not.toContain(marker);
    expect((await sendInvitations(db(), t.config.dataDir, renderer(), council.id, meeting.id, { urgencyReason: null, now: new Date(), baseUrl: t.config.baseUrl }, actor)).ok).toBe(true);
    for (const url of urls) expect((await t.app.inject(url)).body, url).toContain(marker);
  });
});
