import fs from 'node:fs';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/auth/service.js';
import { councils } from '../../src/councils/schema.js';
import { documents } from '../../src/documents/schema.js';
import { storedFilePath } from '../../src/documents/storage.js';
import { berlinDate } from '../../src/infra/time.js';
import { listMembersOn, type MemberAtMeeting } from '../../src/meetings/admin-repository.js';
import { addAgendaItem, planMeeting } from '../../src/meetings/admin-service.js';
import { agendaItems, attendance, meetings } from '../../src/meetings/schema.js';
import { displayName } from '../../src/members/service.js';
import { Agent } from '../support/agent.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { extractPdfText } from '../support/pdf-text.js';

/**
 * Holding a meeting through the back-office pages: attendance, quorum per item, results with their
 * refusals, closing, editing and regenerating the minutes, the internal PDF, and approval through a
 * later meeting, after which the public page shows the public minutes and nothing non-public.
 */
let t: TestApp;
let agent: Agent;
const actor = { userId: null, label: 'test' };
const password = 'correct horse battery staple';
const slug = 'herrenhausen-stoecken';
let councilId: number;
let members: MemberAtMeeting[];
let voting: MemberAtMeeting[];

const secret = 'GEHEIM-4711';
const publicMarker = 'ÖFFENTLICH-0815';
const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000);
const db = () => t.database.db;
const admin = (meetingId: number, rest = '') => `/admin/beiraete/${slug}/sitzungen/${meetingId}${rest}`;
const unescape = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
const text = (html: string) => unescape(html.replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ');

async function meetingRow(id: number) {
  const [row] = await db().select().from(meetings).where(eq(meetings.id, id));
  return row!;
}

async function itemRow(id: number) {
  const [row] = await db().select().from(agendaItems).where(eq(agendaItems.id, id));
  return row!;
}

/** A meeting earlier today (or yesterday just after midnight), invited, with the given extra items. */
async function invitedMeeting(startsAt: Date, extra: Array<{ title: string; isPublic: boolean }>) {
  const meeting = await planMeeting(db(), councilId, { startsAt, endsAt: null, locationId: null, title: null }, actor);
  const added: number[] = [];
  for (const item of extra) {
    const outcome = await addAgendaItem(db(), councilId, meeting.id, { title: { de: item.title }, text: null, isPublic: item.isPublic, level: 0 }, actor);
    if (!outcome.ok) throw new Error(outcome.reason);
    added.push(outcome.item.id);
  }
  await db().update(meetings).set({ state: 'invited', invitedAt: new Date() }).where(eq(meetings.id, meeting.id));
  return { meeting, added };
}

/** Attendance fields: everyone listed with a status; arrivals and departures by membership id. */
function attendanceForm(statuses: Map<number, string>, arrived = new Map<number, number>()): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [id, status] of statuses) {
    fields[`status-${id}`] = status;
    fields[`arrived-${id}`] = arrived.has(id) ? String(arrived.get(id)) : '';
    fields[`left-${id}`] = '';
  }
  return fields;
}

const vote = (fields: Record<string, string | string[]>) => ({ kind: 'vote', unanimous: '', yes: '', no: '', abstain: '', casting: '', notes: '', ...fields });

beforeAll(async () => {
  t = await createTestApp();
  const [council] = await db().select().from(councils).where(eq(councils.slug, slug));
  councilId = council!.id;
  await db().update(councils).set({ tieRule: 'rejected', quorumRule: 'majority_of_voting_members' }).where(eq(councils.id, councilId));
  await db().transaction((tx) => createUser(tx, { email: 'office-session@example.org', displayName: 'Office Session', role: 'office', councilId, password }, actor));
  agent = new Agent(t.app);
  await agent.get('/admin/anmelden');
  const res = await agent.post('/admin/anmelden', { email: 'office-session@example.org', password });
  expect(res.statusCode).toBe(303);
  members = await listMembersOn(db(), councilId, berlinDate(new Date()));
  voting = members.filter((m) => m.votingRight && m.role === 'member');
});
afterAll(async () => t?.close());

describe('holding a meeting', () => {
  let first: number;
  let motion: number;
  let tie: number;
  let closed: number;
  let opening: number;

  it('the demo council has enough voting members for these tests', () => {
    expect(voting.length).toBeGreaterThanOrEqual(12);
  });

  it('answers 404 for malformed or unknown meetings and items', async () => {
    const { meeting } = await invitedMeeting(hoursAgo(5), []);
    for (const url of [`/admin/beiraete/${slug}/sitzungen/abc/sitzung`, `/admin/beiraete/${slug}/sitzungen/0/sitzung`, admin(999_999_999, '/sitzung'), admin(meeting.id, '/top/999999'), admin(meeting.id, '/top/01'), admin(meeting.id, '/protokoll.pdf')]) {
      expect((await agent.get(url)).statusCode, url).toBe(404);
    }
  });

  it('refuses to record anything for a meeting that was not invited, with a message', async () => {
    const planned = await planMeeting(db(), councilId, { startsAt: hoursAgo(4), endsAt: null, locationId: null, title: null }, actor);
    const page = await agent.get(admin(planned.id, '/sitzung'));
    expect(page.statusCode).toBe(200);
    expect(text(page.body)).toContain('Noch nicht eingeladen');
    expect(page.body).not.toContain('/anwesenheit"');
    const res = await agent.post(admin(planned.id, '/anwesenheit'), attendanceForm(new Map([[voting[0]!.membershipId, 'present']])));
    expect(res.statusCode).toBe(400);
    expect(text(res.body)).toContain('Die Sitzung ist noch nicht eingeladen.');
    expect(await db().select().from(attendance).where(eq(attendance.meetingId, planned.id))).toEqual([]);
  });

  it('shows the members and saves their attendance; without a quorum a vote is refused', async () => {
    const created = await invitedMeeting(hoursAgo(3), [
      { title: 'Antrag Sprachcafé im Stadtteilzentrum', isPublic: true },
      { title: 'Antrag Sommerfest', isPublic: true },
      { title: 'Personalangelegenheit', isPublic: false },
    ]);
    first = created.meeting.id;
    [motion, tie, closed] = created.added as [number, number, number];
    const [openingItem] = await db().select().from(agendaItems).where(and(eq(agendaItems.meetingId, first), eq(agendaItems.kind, 'opening')));
    opening = openingItem!.id;

    const page = await agent.get(admin(first, '/sitzung'));
    expect(page.statusCode).toBe(200);
    for (const m of members) expect(text(page.body)).toContain(displayName(m));
    expect(page.body).toContain(`name="status-${voting[0]!.membershipId}"`);
    expect(page.body).toContain(`action="/admin/beiraete/${slug}/sitzungen/${first}/anwesenheit"`);

    // Only two voting members present: no quorum.
    const few = new Map(members.map((m) => [m.membershipId, m === voting[0] || m === voting[1] ? 'present' : 'excused']));
    const saved = await agent.post(admin(first, '/anwesenheit'), attendanceForm(few));
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`${admin(first, '/sitzung')}?hinweis=meetingSession.flash.attendanceSaved`);
    const shown = await agent.get(String(saved.headers.location));
    expect(text(shown.body)).toContain('Die Anwesenheit ist gespeichert.');
    const required = Math.floor(voting.length / 2) + 1;
    expect(text(shown.body)).toContain(`Nicht beschlussfähig: 2 von ${voting.length}, erforderlich ${required}`);
    expect(shown.body).toContain(`name="status-${voting[0]!.membershipId}" type="radio" value="present" checked`);

    const refused = await agent.post(admin(first, `/top/${motion}`), vote({ yes: '2', no: '0', abstain: '0' }));
    expect(refused.statusCode).toBe(400);
    expect(text(refused.body)).toContain('Eine Abstimmung kann nicht erfasst werden');
    expect(refused.body).toContain('value="2"');
    expect((await itemRow(motion)).result).toBeNull();
  });

  it('rejects an arrival after the departure and an unknown item, keeping what was typed', async () => {
    const id = voting[0]!.membershipId;
    const fields = attendanceForm(new Map([[id, 'present']]));
    fields[`arrived-${id}`] = String(tie);
    fields[`left-${id}`] = String(motion);
    const res = await agent.post(admin(first, '/anwesenheit'), fields);
    expect(res.statusCode).toBe(400);
    expect(text(res.body)).toContain('muss nach dem TOP liegen');
    expect(res.body).toMatch(new RegExp(`<option value="${tie}" selected`));

    const unknown = await agent.post(admin(first, '/anwesenheit'), { [`status-${id}`]: 'present', [`arrived-${id}`]: '999999' });
    expect(unknown.statusCode).toBe(400);
  });

  it('shows the quorum per item from attendance, late arrivals included', async () => {
    const statuses = new Map(members.map((m) => [m.membershipId, 'present']));
    statuses.set(voting.at(-1)!.membershipId, 'excused');
    // The first voting member arrives only at the motion: one fewer at the opening.
    const res = await agent.post(admin(first, '/anwesenheit'), attendanceForm(statuses, new Map([[voting[0]!.membershipId, motion]])));
    expect(res.statusCode).toBe(303);
    const rows = await db().select().from(attendance).where(eq(attendance.meetingId, first));
    expect(rows).toHaveLength(members.length);
    expect(rows.find((r) => r.membershipId === voting[0]!.membershipId)).toMatchObject({ status: 'present', arrivedAtItemId: motion, leftAtItemId: null });
    expect(rows.find((r) => r.membershipId === voting.at(-1)!.membershipId)!.status).toBe('excused');

    const page = text((await agent.get(admin(first, '/sitzung'))).body);
    const required = Math.floor(voting.length / 2) + 1;
    expect(page).toContain(`Beschlussfähig: ${voting.length - 2} von ${voting.length}, erforderlich ${required}`);
    expect(page).toContain(`Beschlussfähig: ${voting.length - 1} von ${voting.length}, erforderlich ${required}`);
    expect(page).toContain('Stimmberechtigt: ' + String(voting.length - 1));
  });

  it('records a vote of 7:2:1 as adopted and shows it', async () => {
    const form = await agent.get(admin(first, `/top/${motion}`));
    expect(form.statusCode).toBe(200);
    expect(text(form.body)).toContain(`Stimmberechtigt anwesend ${voting.length - 1}`);
    expect(form.body).toContain('inputmode="numeric"');
    // The council decides ties by rejection: no casting vote is asked for.
    expect(form.body).not.toContain('name="casting"');

    const res = await agent.post(admin(first, `/top/${motion}`), vote({ yes: '7', no: '2', abstain: '1', notes: `Der Beirat berät das Sprachcafé. ${publicMarker}` }));
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${admin(first, '/sitzung')}?hinweis=meetingSession.flash.resultSaved`);
    expect(await itemRow(motion)).toMatchObject({ result: 'adopted', votesYes: 7, votesNo: 2, votesAbstain: 1, unanimous: false });
    const page = text((await agent.get(String(res.headers.location))).body);
    expect(page).toContain('Das Ergebnis ist gespeichert.');
    expect(page).toContain('beschlossen – 7 Ja, 2 Nein, 1 Enthaltungen');
  });

  it('records a tie as rejected, and under the chair-decides rule asks for the casting vote', async () => {
    const res = await agent.post(admin(first, `/top/${tie}`), vote({ yes: '4', no: '4', abstain: '2' }));
    expect(res.statusCode).toBe(303);
    expect(await itemRow(tie)).toMatchObject({ result: 'rejected', votesYes: 4, votesNo: 4 });
    expect(text((await agent.get(admin(first, '/sitzung'))).body)).toContain('abgelehnt – 4 Ja, 4 Nein, 2 Enthaltungen');

    await db().update(councils).set({ tieRule: 'chair_decides' }).where(eq(councils.id, councilId));
    try {
      const form = await agent.get(admin(first, `/top/${tie}`));
      expect(form.body).toContain('name="casting"');
      const missing = await agent.post(admin(first, `/top/${tie}`), vote({ yes: '4', no: '4', abstain: '2' }));
      expect(missing.statusCode).toBe(400);
      expect(text(missing.body)).toContain('Bei Stimmengleichheit entscheidet der Vorsitz');
      const decided = await agent.post(admin(first, `/top/${tie}`), vote({ yes: '4', no: '4', abstain: '2', casting: 'yes' }));
      expect(decided.statusCode).toBe(303);
      expect(await itemRow(tie)).toMatchObject({ result: 'adopted', chairCastingVote: true });
    } finally {
      await db().update(councils).set({ tieRule: 'rejected' }).where(eq(councils.id, councilId));
    }
    const again = await agent.post(admin(first, `/top/${tie}`), vote({ yes: '4', no: '4', abstain: '2' }));
    expect(again.statusCode).toBe(303);
    expect(await itemRow(tie)).toMatchObject({ result: 'rejected', chairCastingVote: null });
  });

  it('refuses more votes than eligible voters, keeping what was typed', async () => {
    const tooMany = String(voting.length + 5);
    const res = await agent.post(admin(first, `/top/${motion}`), vote({ yes: tooMany, no: '0', abstain: '0', notes: 'Bleibt stehen' }));
    expect(res.statusCode).toBe(400);
    expect(text(res.body)).toContain(`Eingegeben sind ${tooMany} Stimmen, bei diesem TOP sind aber nur ${voting.length - 1} Mitglieder stimmberechtigt anwesend.`);
    expect(res.body).toContain(`value="${tooMany}"`);
    expect(res.body).toContain('Bleibt stehen');
    expect(await itemRow(motion)).toMatchObject({ votesYes: 7 });
  });

  it('barring members lowers the eligible voters', async () => {
    const barred = voting.slice(1, 4).map((m) => String(m.membershipId));
    const eligible = voting.length - 1 - barred.length;
    const res = await agent.post(admin(first, `/top/${motion}`), vote({ yes: String(eligible + 1), no: '0', abstain: '0', excluded: barred }));
    expect(res.statusCode).toBe(400);
    expect(text(res.body)).toContain(`nur ${eligible} Mitglieder`);
    expect(res.body).toMatch(new RegExp(`value="${barred[0]}" checked`));
  });

  it('reports text in a count field as a field error, in the page language', async () => {
    const res = await agent.post(admin(first, `/top/${motion}`), vote({ yes: 'sieben', no: '2', abstain: '-1' }));
    expect(res.statusCode).toBe(400);
    expect(text(res.body)).toContain('Ja-Stimmen: Bitte geben Sie eine ganze Zahl ab 0 ein.');
    expect(text(res.body)).toContain('Enthaltungen: Bitte geben Sie eine ganze Zahl ab 0 ein.');
    expect(res.body).toContain('value="sieben"');

    const en = await agent.post(`/en${admin(first, `/top/${motion}`)}`, vote({ yes: 'seven', no: '2', abstain: '1' }));
    expect(en.statusCode).toBe(400);
    expect(text(en.body)).toContain('Please enter a whole number, 0 or more.');
    expect(en.body).toContain('value="seven"');

    const empty = await agent.post(admin(first, `/top/${motion}`), vote({}));
    expect(empty.statusCode).toBe(400);
    expect(text(empty.body)).toContain('Bitte geben Sie die Stimmen ein');
    expect(await itemRow(motion)).toMatchObject({ result: 'adopted', votesYes: 7, votesNo: 2, votesAbstain: 1 });
  });

  it('records a non-public item and other kinds of result', async () => {
    const res = await agent.post(admin(first, `/top/${closed}`), { kind: 'noted', notes: `Vertraulich besprochen: ${secret}` });
    expect(res.statusCode).toBe(303);
    expect(await itemRow(closed)).toMatchObject({ result: 'noted', notes: `Vertraulich besprochen: ${secret}` });
    const unanimous = await agent.post(admin(first, `/top/${opening}`), vote({ unanimous: 'on', yes: 'egal' }));
    expect(unanimous.statusCode).toBe(303);
    expect(await itemRow(opening)).toMatchObject({ result: 'adopted', unanimous: true, votesYes: voting.length - 2 });
    const cleared = await agent.post(admin(first, `/top/${opening}`), { kind: 'none' });
    expect(cleared.statusCode).toBe(303);
    expect(await itemRow(opening)).toMatchObject({ result: null, unanimous: false, votesYes: null });
    expect((await agent.post(admin(first, `/top/${opening}`), { kind: 'beschlossen' })).statusCode).toBe(400);
  });

  it('closes the meeting with a minutes draft holding the counts and the names', async () => {
    const minutesBefore = await agent.get(admin(first, '/protokoll'));
    expect(text(minutesBefore.body)).toContain('Der Protokollentwurf entsteht, wenn die Sitzung abgeschlossen wird.');

    const res = await agent.post(admin(first, '/abschliessen'), {});
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${admin(first, '/protokoll')}?hinweis=meetingSession.flash.closed`);
    const meeting = await meetingRow(first);
    expect(meeting.state).toBe('held');
    expect(meeting.minutesPublic).toMatch(/7\D+2\D+1/);
    expect(meeting.minutesPublic).toMatch(/4\D+4\D+2/);
    expect(meeting.minutesPublic).toContain(publicMarker);
    expect(meeting.minutesPublic).not.toContain(secret);
    expect(meeting.minutesNonPublic).toContain(secret);
    const named = members.find((m) => m.publicConsent);
    if (named) expect(meeting.minutesPublic).toContain(displayName(named));
    for (const m of members.filter((x) => !x.publicConsent)) expect(meeting.minutesPublic).not.toContain(displayName(m));
    expect(meeting.minutesNonPublic).toContain('Personalangelegenheit');

    const page = await agent.get(String(res.headers.location));
    expect(text(page.body)).toContain('Die Sitzung ist abgeschlossen. Der Protokollentwurf ist erstellt.');
    expect(text(page.body)).toContain('Entwurf, noch nicht genehmigt');
    expect(page.body).toContain('name="public"');
    expect(page.body).toContain('name="action" value="regenerate"');
    // The session page no longer offers to close, but results can still be corrected.
    const session = await agent.get(admin(first, '/sitzung'));
    expect(session.body).not.toContain('/abschliessen"');
    expect(session.body).toContain(`/top/${motion}"`);
  });

  it('saves edited minutes, refuses an empty public part, and regenerates from the records', async () => {
    const edited = `## Bearbeitet\n\nBearbeitet-123 ${publicMarker}\n\n- Punkt eins\n- Punkt zwei`;
    const empty = await agent.post(admin(first, '/protokoll'), { action: 'save', public: '   ', nonPublic: 'Nur intern' });
    expect(empty.statusCode).toBe(400);
    expect(text(empty.body)).toContain('Öffentlicher Teil:');
    expect(empty.body).toContain('Nur intern');

    const res = await agent.post(admin(first, '/protokoll'), { action: 'save', public: edited.replace(/\n/g, '\r\n'), nonPublic: `## Intern\n\n${secret}` });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${admin(first, '/protokoll')}?hinweis=meetingSession.flash.minutesSaved`);
    expect(await meetingRow(first)).toMatchObject({ minutesPublic: edited, minutesNonPublic: `## Intern\n\n${secret}` });

    const regenerated = await agent.post(admin(first, '/protokoll'), { action: 'regenerate' });
    expect(regenerated.statusCode).toBe(303);
    expect(regenerated.headers.location).toContain('hinweis=meetingSession.flash.minutesRegenerated');
    const after = await meetingRow(first);
    expect(after.minutesPublic).not.toContain('Bearbeitet-123');
    expect(after.minutesPublic).toMatch(/7\D+2\D+1/);
    expect(after.minutesNonPublic).toContain(secret);

    // The text the public will read: the generated one plus a marked paragraph.
    const final = `${after.minutesPublic}\n\n## Schluss\n\nSchlusswort ${publicMarker}`;
    expect((await agent.post(admin(first, '/protokoll'), { action: 'save', public: final, nonPublic: after.minutesNonPublic! })).statusCode).toBe(303);
  });

  it('serves the internal minutes as a PDF', async () => {
    const res = await agent.get(admin(first, '/protokoll.pdf'));
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/pdf');
    expect(res.headers['content-disposition']).toBe(`inline; filename="protokoll-${berlinDate((await meetingRow(first)).startsAt)}-intern.pdf"`);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.rawPayload.subarray(0, 4).toString('latin1')).toBe('%PDF');
    const pdfText = await extractPdfText(res.rawPayload);
    expect(pdfText).toContain(`Schlusswort ${publicMarker}`);
    expect(pdfText).toContain(secret);
    expect(pdfText).toContain('Personalangelegenheit');
  });

  it('approving through a later meeting publishes the public minutes only', async () => {
    const publicBefore = await agent.get(`/beiraete/${slug}/sitzungen/${first}`);
    expect(publicBefore.statusCode).toBe(200);
    expect(publicBefore.body).not.toContain(publicMarker);

    const { meeting: second } = await invitedMeeting(hoursAgo(1), []);
    const [approval] = await db().select().from(agendaItems).where(and(eq(agendaItems.meetingId, second.id), eq(agendaItems.kind, 'minutes_approval')));
    expect(approval!.minutesOfMeetingId).toBe(first);

    const form = await agent.get(admin(second.id, `/top/${approval!.id}`));
    expect(text(form.body)).toContain('ist das Protokoll der Sitzung vom');

    // No one recorded yet: no quorum for the approval either.
    expect((await agent.post(admin(second.id, `/top/${approval!.id}`), vote({ unanimous: 'on' }))).statusCode).toBe(400);
    const statuses = new Map(members.map((m) => [m.membershipId, 'present']));
    expect((await agent.post(admin(second.id, '/anwesenheit'), attendanceForm(statuses))).statusCode).toBe(303);

    const res = await agent.post(admin(second.id, `/top/${approval!.id}`), vote({ unanimous: 'on' }));
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toContain('hinweis=meetingSession.flash.minutesApproved');
    const approved = await meetingRow(first);
    expect(approved).toMatchObject({ state: 'minutes_approved', minutesApprovedInMeetingId: second.id });
    expect(approved.minutesApprovedAt).not.toBeNull();

    const page = await agent.get(`/beiraete/${slug}/sitzungen/${first}`);
    expect(page.statusCode).toBe(200);
    const body = text(page.body);
    expect(body).toContain('Protokoll');
    expect(body).toContain('Genehmigt am');
    expect(body).toContain(`Schlusswort ${publicMarker}`);
    expect(page.body).toMatch(/<h3[^>]*>Schluss<\/h3>/);
    expect(body).not.toContain(secret);
    expect(body).not.toContain('Personalangelegenheit');

    const anonymous = await new Agent(t.app).get(`/en/beiraete/${slug}/sitzungen/${first}`);
    expect(text(anonymous.body)).toContain('The minutes are kept in German.');
    expect(anonymous.body).not.toContain(secret);

    const [doc] = await db()
      .select()
      .from(documents)
      .where(and(eq(documents.meetingId, first), eq(documents.kind, 'minutes'), eq(documents.isPublic, true)));
    expect(doc).toBeDefined();
    const bytes = fs.readFileSync(storedFilePath(t.config.dataDir, doc!.storageKey));
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('%PDF');
    const publicText = await extractPdfText(bytes);
    expect(publicText).toContain(`Schlusswort ${publicMarker}`);
    expect(publicText).not.toContain(secret);
    expect(publicText).not.toContain('Personalangelegenheit');
    expect(page.body).toContain(`/dokumente/${doc!.id}/`);

    // Approved minutes are read-only, and the first meeting no longer takes results.
    const minutes = await agent.get(admin(first, '/protokoll'));
    expect(minutes.body).not.toContain('name="public"');
    expect(text(minutes.body)).toContain('Genehmigt am');
    const late = await agent.post(admin(first, '/protokoll'), { action: 'save', public: 'Zu spät', nonPublic: '' });
    expect(late.statusCode).toBe(400);
    expect(text(late.body)).toContain('Das Protokoll der Sitzung ist genehmigt');
    const result = await agent.post(admin(first, `/top/${motion}`), vote({ yes: '1', no: '0', abstain: '0' }));
    expect(result.statusCode).toBe(400);
    expect(await itemRow(motion)).toMatchObject({ votesYes: 7 });
  });

  it('a minutes-approval item with nothing to approve says so', async () => {
    const { meeting: third } = await invitedMeeting(hoursAgo(0.5), []);
    const [item] = await db().select().from(agendaItems).where(and(eq(agendaItems.meetingId, third.id), eq(agendaItems.kind, 'opening')));
    // Turn the opening into a minutes approval without a meeting to approve.
    await db().update(agendaItems).set({ kind: 'minutes_approval', minutesOfMeetingId: null }).where(eq(agendaItems.id, item!.id));
    await agent.post(admin(third.id, '/anwesenheit'), attendanceForm(new Map(members.map((m) => [m.membershipId, 'present']))));
    const form = await agent.get(admin(third.id, `/top/${item!.id}`));
    expect(text(form.body)).toContain('Zu diesem TOP gehört kein Protokoll');
    const res = await agent.post(admin(third.id, `/top/${item!.id}`), vote({ unanimous: 'on' }));
    expect(res.statusCode).toBe(400);
    expect(text(res.body)).toContain('Es gibt kein abgeschlossenes, noch nicht genehmigtes Protokoll');
  });
});
