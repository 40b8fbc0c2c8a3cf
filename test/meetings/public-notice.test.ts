import fs from 'node:fs';
import { and, asc, eq, isNotNull } from 'drizzle-orm';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../src/audit/schema.js';
import { createUser } from '../../src/auth/service.js';
import { councils } from '../../src/councils/schema.js';
import { documentPath } from '../../src/documents/routes.js';
import { documents } from '../../src/documents/schema.js';
import { storedFilePath } from '../../src/documents/storage.js';
import { translator } from '../../src/infra/i18n/translator.js';
import { berlinDate, berlinInstant } from '../../src/infra/time.js';
import { addAgendaItem, planMeeting, sendInvitations, sendSupplement, updateAgendaItem, updateMeeting, type DispatchRenderer } from '../../src/meetings/admin-service.js';
import { letterRenderer } from '../../src/meetings/invitations.js';
import { agendaItems, locations, meetings } from '../../src/meetings/schema.js';
import { addDays } from '../../src/members/service.js';
import { Agent } from '../support/agent.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { extractPdfText } from '../support/pdf-text.js';

/**
 * The public notice (öffentliche Bekanntmachung) of a meeting: filed as a public PDF with the
 * invitation and each supplement, renewed when the meeting moves, and never carrying anything of
 * the non-public part.
 */

let t: TestApp;
const actor = { userId: null, label: 'test' };
const slug = 'linden-limmer';
const password = 'correct horse battery staple';
const de = translator('de');
let council: typeof councils.$inferSelect;
let place: typeof locations.$inferSelect;
let otherPlace: typeof locations.$inferSelect;

beforeAll(async () => {
  t = await createTestApp();
  council = (await db().select().from(councils).where(eq(councils.slug, slug)))[0]!;
  const withAccess = await db().select().from(locations).where(isNotNull(locations.accessibility)).orderBy(asc(locations.id));
  place = withAccess[0]!;
  otherPlace = withAccess.find((l) => l.name !== place.name)!;
  await db().transaction(async (tx) => {
    await createUser(tx, { email: 'office-ll@example.org', displayName: 'Office LL', role: 'office', councilId: council.id, password }, actor);
  });
});
afterAll(async () => t?.close());

const db = () => t.database.db;
const renderer = () => letterRenderer(db(), t.config.baseUrl);
const filing = () => ({ renderer: renderer(), dataDir: t.config.dataDir });
const at = (day: string, time: string) => berlinInstant(day, time)!;
const today = () => berlinDate(new Date());
/** PDF text with every run of white space one space: lines wrap wherever the layout puts them. */
const flat = (text: string) => text.replace(/\s+/g, ' ');

async function meetingDocuments(meetingId: number) {
  return db().select().from(documents).where(eq(documents.meetingId, meetingId)).orderBy(asc(documents.id));
}

async function pdfText(document: typeof documents.$inferSelect): Promise<string> {
  return flat(await extractPdfText(fs.readFileSync(storedFilePath(t.config.dataDir, document.storageKey))));
}

async function invite(meetingId: number, urgencyReason: string | null = null) {
  const sent = await sendInvitations(db(), t.config.dataDir, renderer(), council.id, meetingId, { urgencyReason, now: new Date(), baseUrl: t.config.baseUrl }, actor);
  if (!sent.ok) throw new Error(`invitation refused: ${sent.reason}`);
  return sent;
}

async function plannedMeeting(day: string, nonPublicMarker: string) {
  const meeting = await planMeeting(db(), council.id, { startsAt: at(day, '18:30'), endsAt: at(day, '20:30'), locationId: place.id, title: null }, actor);
  await addAgendaItem(db(), council.id, meeting.id, { title: { de: 'Vorstellung des Quartiersmanagements' }, text: { de: 'Das Quartiersbüro stellt sich vor.' }, isPublic: true, level: 0 }, actor);
  await addAgendaItem(db(), council.id, meeting.id, { title: { de: 'Bericht über das Nachbarschaftsfest' }, text: null, isPublic: true, level: 1 }, actor);
  await addAgendaItem(db(), council.id, meeting.id, { title: { de: `Personalie ${nonPublicMarker}` }, text: { de: `Vertraulich ${nonPublicMarker}` }, isPublic: false, level: 0 }, actor);
  return meeting;
}

/** x of the first text item containing `needle`, as pdf.js reports it. */
async function xOf(pdf: Buffer, needle: string): Promise<number> {
  const document = await getDocument({ data: new Uint8Array(pdf), verbosity: 0 }).promise;
  try {
    const { items } = await (await document.getPage(1)).getTextContent();
    const item = items.find((i) => 'str' in i && i.str.includes(needle));
    if (!item || !('transform' in item)) throw new Error(`${needle} not in the PDF`);
    return item.transform[4] as number;
  } finally {
    await document.destroy();
  }
}

describe('the public notice of an invitation', () => {
  it('is filed once, public, with date, place, accessibility and the public agenda, and nothing of the non-public part', async () => {
    const marker = 'GEHEIM-NOTICE-3141';
    const day = addDays(today(), 30);
    const meeting = await plannedMeeting(day, marker);
    const sent = await invite(meeting.id);

    const filed = await meetingDocuments(meeting.id);
    const notices = filed.filter((d) => d.isPublic);
    expect(notices).toHaveLength(1);
    const notice = notices[0]!;
    expect(sent.publicNoticeId).toBe(notice.id);
    expect(notice).toMatchObject({
      councilId: council.id,
      meetingId: meeting.id,
      agendaItemId: null,
      kind: 'invitation',
      title: { de: 'Einladung (öffentliche Bekanntmachung)', en: 'Invitation (public notice)' },
      fileName: `einladung-${day}.pdf`,
      mimeType: 'application/pdf',
    });
    // The letters to the members, with the whole agenda and their names, stay internal.
    const letters = filed.filter((d) => !d.isPublic);
    expect(letters.map((d) => [d.id, d.kind])).toEqual([[sent.documentId, 'invitation']]);
    expect(await pdfText(letters[0]!)).toContain(marker);

    const pdf = fs.readFileSync(storedFilePath(t.config.dataDir, notice.storageKey));
    const text = await pdfText(notice);
    for (const expected of [
      'Öffentliche Bekanntmachung – Einladung zur Sitzung des Integrationsbeirats Linden-Limmer',
      `Datum: ${de.fmt.dateLong(meeting.startsAt)}`,
      'Uhrzeit: 18:30–20:30 Uhr',
      place.name,
      place.streetAddress,
      `${place.postalCode} ${place.locality}`,
      `Barrierefreiheit: ${flat(place.accessibility!.de)}`,
      'Tagesordnung',
      'Vorstellung des Quartiersmanagements',
      'Das Quartiersbüro stellt sich vor.',
      'Bericht über das Nachbarschaftsfest',
      'Im Anschluss an den öffentlichen Teil folgt ein nicht öffentlicher Teil.',
      'Die Sitzung ist öffentlich. Alle Einwohnerinnen und Einwohner sind herzlich willkommen.',
      `${t.config.baseUrl}/beiraete/${slug}/sitzungen/${meeting.id}`,
    ])
      expect(text).toContain(expected);
    if (place.room) expect(text).toContain(place.room);
    expect(text).not.toContain(marker);
    expect(text).not.toContain('Personalie');
    expect(text).not.toContain('Nicht öffentlicher Teil');
    // A sub-item is indented under its item, as in the letters (8 mm).
    expect((await xOf(pdf, 'Bericht über das Nachbarschaftsfest')) - (await xOf(pdf, 'Vorstellung des Quartiersmanagements'))).toBeCloseTo((8 * 72) / 25.4, 0);
  });

  it('is listed on the public meeting page and served to anyone; the letters are not', async () => {
    const marker = 'GEHEIM-PAGE-2718';
    const meeting = await plannedMeeting(addDays(today(), 31), marker);
    const sent = await invite(meeting.id);
    const [notice] = await db().select().from(documents).where(eq(documents.id, sent.publicNoticeId!));
    const [letters] = await db().select().from(documents).where(eq(documents.id, sent.documentId));
    const noticeUrl = documentPath(slug, notice!.id, notice!.fileName);
    const lettersUrl = documentPath(slug, letters!.id, letters!.fileName);

    const page = await t.app.inject(`/beiraete/${slug}/sitzungen/${meeting.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`href="${noticeUrl}"`);
    expect(page.body).toContain('Einladung (öffentliche Bekanntmachung)');
    expect(page.body).not.toContain(lettersUrl);
    expect(page.body).not.toContain(marker);
    expect((await t.app.inject(`/en/beiraete/${slug}/sitzungen/${meeting.id}`)).body).toContain('Invitation (public notice)');

    const file = await t.app.inject(noticeUrl);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect((await t.app.inject(lettersUrl)).statusCode).toBe(404);

    // OParl serves it as the meeting's invitation File.
    const oparl = await t.app.inject(`/oparl/v1.1/meeting/${meeting.id}`);
    expect(oparl.statusCode).toBe(200);
    const invitation = (oparl.json() as { invitation?: { accessUrl: string } }).invitation;
    expect(invitation?.accessUrl).toBe(`${t.config.baseUrl}${noticeUrl}`);
    expect(oparl.body).not.toContain(marker);
  });

  it('prints the reason for urgency of a late invitation, as the letters do', async () => {
    const reason = 'Die Frist des Stadtbezirksrats für die Stellungnahme endet.';
    const meeting = await plannedMeeting(addDays(today(), 2), 'GEHEIM-URGENT-1618');
    const sent = await invite(meeting.id, reason);
    const filed = await meetingDocuments(meeting.id);
    const notice = filed.find((d) => d.id === sent.publicNoticeId)!;
    const letters = filed.find((d) => d.id === sent.documentId)!;
    for (const document of [notice, letters]) expect(await pdfText(document)).toContain(`Dringlichkeitssitzung mit verkürzter Frist einberufen. Begründung: ${reason}`);
    const [invited] = await db().select().from(meetings).where(eq(meetings.id, meeting.id));
    expect(invited!.urgencyReason).toBe(reason);
  });
});

describe('the public notice of a supplement', () => {
  it('announces the public items of the supplement only; a supplement of non-public items files none', async () => {
    const marker = 'GEHEIM-SUPPLEMENT-1414';
    const day = addDays(today(), 32);
    const meeting = await plannedMeeting(day, 'GEHEIM-INVITATION-1732');
    await invite(meeting.id);
    await addAgendaItem(db(), council.id, meeting.id, { title: { de: 'Antrag zum Sommerfest im Stadtteilpark' }, text: null, isPublic: true, level: 0 }, actor);
    await addAgendaItem(db(), council.id, meeting.id, { title: { de: `Vertragsangelegenheit ${marker}` }, text: null, isPublic: false, level: 0 }, actor);
    const sent = await sendSupplement(db(), t.config.dataDir, renderer(), council.id, meeting.id, { now: new Date(), baseUrl: t.config.baseUrl }, actor);
    if (!sent.ok) throw new Error(sent.reason);

    const [notice] = await db().select().from(documents).where(eq(documents.id, sent.publicNoticeId!));
    expect(notice).toMatchObject({ meetingId: meeting.id, kind: 'supplement', isPublic: true, fileName: `nachtrag-1-${day}.pdf`, title: { de: 'Nachtrag 1 zur Tagesordnung (öffentliche Bekanntmachung)', en: 'Supplement 1 to the agenda (public notice)' } });
    const text = await pdfText(notice!);
    expect(text).toContain('Öffentliche Bekanntmachung – Nachtrag 1 zur Tagesordnung der Sitzung des Integrationsbeirats Linden-Limmer');
    expect(text).toContain('Antrag zum Sommerfest im Stadtteilpark');
    expect(text).toContain(`Datum: ${de.fmt.dateLong(meeting.startsAt)}`);
    // Only what the supplement adds, and nothing of its non-public part.
    expect(text).not.toContain('Vorstellung des Quartiersmanagements');
    expect(text).not.toContain(marker);
    expect(text).not.toContain('Vertragsangelegenheit');
    const publicDocs = (await meetingDocuments(meeting.id)).filter((d) => d.isPublic);
    expect(publicDocs.map((d) => d.kind)).toEqual(['invitation', 'supplement']);

    await addAgendaItem(db(), council.id, meeting.id, { title: { de: 'Personalangelegenheit' }, text: null, isPublic: false, level: 0 }, actor);
    const closedOnly = await sendSupplement(db(), t.config.dataDir, renderer(), council.id, meeting.id, { now: new Date(), baseUrl: t.config.baseUrl }, actor);
    expect(closedOnly).toMatchObject({ ok: true, publicNoticeId: null });
    expect((await meetingDocuments(meeting.id)).filter((d) => d.isPublic)).toHaveLength(2);
  });
});

describe('a meeting that moves after the invitation', () => {
  it('gets one current notice with the new date and place; the old ones are withdrawn, kept on file', async () => {
    const marker = 'GEHEIM-MOVE-1123';
    const meeting = await plannedMeeting(addDays(today(), 33), marker);
    const first = await invite(meeting.id);
    await addAgendaItem(db(), council.id, meeting.id, { title: { de: 'Bericht aus dem Stadtbezirksrat' }, text: null, isPublic: true, level: 0 }, actor);
    const supplement = await sendSupplement(db(), t.config.dataDir, renderer(), council.id, meeting.id, { now: new Date(), baseUrl: t.config.baseUrl }, actor);
    if (!supplement.ok) throw new Error(supplement.reason);
    // Added but not sent yet: announced with its own supplement, not with the renewed notice.
    await addAgendaItem(db(), council.id, meeting.id, { title: { de: 'Noch nicht verschickter Punkt' }, text: null, isPublic: true, level: 0 }, actor);

    const newDay = addDays(today(), 40);
    const moved = await updateMeeting(db(), council.id, meeting.id, { startsAt: at(newDay, '17:00'), endsAt: null, locationId: otherPlace.id, title: null }, actor, t.config.baseUrl, filing());
    expect(moved).toEqual({ ok: true, notified: true });

    const filed = await meetingDocuments(meeting.id);
    const current = filed.filter((d) => d.isPublic);
    expect(current).toHaveLength(1);
    expect(current[0]).toMatchObject({ kind: 'invitation', fileName: `einladung-${newDay}.pdf`, title: { de: 'Einladung (öffentliche Bekanntmachung)', en: 'Invitation (public notice)' } });
    const text = await pdfText(current[0]!);
    expect(text).toContain(`Datum: ${de.fmt.dateLong(at(newDay, '17:00'))}`);
    expect(text).toContain('Uhrzeit: ab 17:00 Uhr');
    expect(text).toContain(otherPlace.name);
    expect(text).toContain(`Barrierefreiheit: ${flat(otherPlace.accessibility!.de)}`);
    expect(text).toContain('Termin oder Ort der Sitzung haben sich geändert. Diese Bekanntmachung ersetzt die Bekanntmachung vom');
    // The whole agenda sent so far, supplement included, in one notice.
    expect(text).toContain('Vorstellung des Quartiersmanagements');
    expect(text).toContain('Bericht aus dem Stadtbezirksrat');
    expect(text).not.toContain('Noch nicht verschickter Punkt');
    expect(text).not.toContain(marker);

    // The old notices: internal now, titled as replaced, each with its audit entry; the letters untouched.
    const old = filed.filter((d) => d.id === first.publicNoticeId || d.id === supplement.publicNoticeId);
    expect(old).toHaveLength(2);
    for (const document of old) {
      expect(document.isPublic).toBe(false);
      expect(document.title.de).toMatch(/ \(öffentliche Bekanntmachung\) – ersetzt am \d{2}\.\d{2}\.\d{4}$/);
      expect(document.title.en).toMatch(/ \(public notice\) – superseded on /);
      const [event] = await db().select().from(auditEvents).where(and(eq(auditEvents.action, 'document.unpublish'), eq(auditEvents.entityId, String(document.id))));
      expect(event!.after).toMatchObject({ reason: 'meeting_moved', replacedBy: current[0]!.id });
      expect((await t.app.inject(documentPath(slug, document.id, document.fileName))).statusCode).toBe(404);
    }
    expect(filed.find((d) => d.id === first.documentId)!.title.de).not.toContain('ersetzt');

    // The page and OParl show the current notice only.
    const page = await t.app.inject(`/beiraete/${slug}/sitzungen/${meeting.id}`);
    expect(page.body).toContain(documentPath(slug, current[0]!.id, current[0]!.fileName));
    for (const document of old) expect(page.body).not.toContain(`/dokumente/${document.id}/`);
    const oparl = (await t.app.inject(`/oparl/v1.1/meeting/${meeting.id}`)).json() as { invitation?: { accessUrl: string }; auxiliaryFile?: unknown[] };
    expect(oparl.invitation?.accessUrl).toBe(`${t.config.baseUrl}${documentPath(slug, current[0]!.id, current[0]!.fileName)}`);
    expect(oparl.auxiliaryFile).toBeUndefined();

    // A new title alone is no move: the notice stays as it is.
    const [row] = await db().select().from(meetings).where(eq(meetings.id, meeting.id));
    const retitled = await updateMeeting(db(), council.id, meeting.id, { startsAt: row!.startsAt, endsAt: row!.endsAt, locationId: row!.locationId, title: { de: 'Sondersitzung' } }, actor, t.config.baseUrl, filing());
    expect(retitled).toEqual({ ok: true, notified: false });
    expect((await meetingDocuments(meeting.id)).filter((d) => d.isPublic).map((d) => d.id)).toEqual([current[0]!.id]);
  });

  it('renders the notice again in the transaction when the agenda changed while it rendered, and keeps no stale file', async () => {
    const meeting = await plannedMeeting(addDays(today(), 36), 'GEHEIM-RACE-2024');
    await invite(meeting.id);
    const [item] = await db().select().from(agendaItems).where(and(eq(agendaItems.meetingId, meeting.id), eq(agendaItems.level, 1)));
    const letters = renderer();
    let calls = 0;
    // The office renames an item just while the renewed notice renders before the transaction.
    const racing: DispatchRenderer = {
      render: (d) => letters.render(d),
      async renderNotice(d, options) {
        const notice = await letters.renderNotice(d, options);
        if (++calls === 1) expect((await updateAgendaItem(db(), council.id, meeting.id, item!.id, { title: { de: 'Bericht über das Herbstfest' }, text: null, isPublic: true, level: 1 }, actor)).ok).toBe(true);
        return notice;
      },
    };
    const filesBefore = fs.readdirSync(`${t.config.dataDir}/files`).length;
    const moved = await updateMeeting(db(), council.id, meeting.id, { startsAt: at(addDays(today(), 37), '18:00'), endsAt: null, locationId: place.id, title: null }, actor, t.config.baseUrl, { renderer: racing, dataDir: t.config.dataDir });
    expect(moved).toEqual({ ok: true, notified: true });
    expect(calls).toBe(2);
    const current = (await meetingDocuments(meeting.id)).filter((d) => d.isPublic);
    expect(current).toHaveLength(1);
    const text = await pdfText(current[0]!);
    expect(text).toContain('Bericht über das Herbstfest');
    expect(text).not.toContain('Nachbarschaftsfest');
    // One new file: the stale rendering is gone again.
    expect(fs.readdirSync(`${t.config.dataDir}/files`)).toHaveLength(filesBefore + 1);
  });

  it('is renewed when the office moves the meeting in the back office', async () => {
    const meeting = await plannedMeeting(addDays(today(), 38), 'GEHEIM-FORM-4242');
    const first = await invite(meeting.id);
    const agent = new Agent(t.app);
    await agent.get('/admin/anmelden');
    expect((await agent.post('/admin/anmelden', { email: 'office-ll@example.org', password })).statusCode).toBe(303);
    const newDay = addDays(today(), 39);
    const res = await agent.post(`/admin/beiraete/${slug}/sitzungen/${meeting.id}/bearbeiten`, { date: newDay, start: '19:00', end: '', locationId: String(place.id), title: '' });
    expect(res.statusCode).toBe(303);
    const current = (await meetingDocuments(meeting.id)).filter((d) => d.isPublic);
    expect(current.map((d) => d.fileName)).toEqual([`einladung-${newDay}.pdf`]);
    expect(current[0]!.id).not.toBe(first.publicNoticeId);
    expect(await pdfText(current[0]!)).toContain('Uhrzeit: ab 19:00 Uhr');
  });

  it('files no notice for a meeting still being planned, and leaves no stray file', async () => {
    const meeting = await plannedMeeting(addDays(today(), 34), 'GEHEIM-PLAN-0815');
    const filesBefore = fs.readdirSync(`${t.config.dataDir}/files`).length;
    const moved = await updateMeeting(db(), council.id, meeting.id, { startsAt: at(addDays(today(), 35), '18:00'), endsAt: null, locationId: otherPlace.id, title: null }, actor, t.config.baseUrl, filing());
    expect(moved).toEqual({ ok: true, notified: false });
    expect(await meetingDocuments(meeting.id)).toHaveLength(0);
    expect(fs.readdirSync(`${t.config.dataDir}/files`)).toHaveLength(filesBefore);
  });
});
