import { createHash } from 'node:crypto';
import { and, asc, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../src/audit/schema.js';
import { createUser } from '../../src/auth/service.js';
import { councils } from '../../src/councils/schema.js';
import { documents } from '../../src/documents/schema.js';
import { grantOtherFunding, grants } from '../../src/grants/schema.js';
import { berlinDate, berlinInstant } from '../../src/infra/time.js';
import { outbox } from '../../src/mail/schema.js';
import { listMembersOn } from '../../src/meetings/admin-repository.js';
import { planMeeting } from '../../src/meetings/admin-service.js';
import { agendaItems, attendance, meetings } from '../../src/meetings/schema.js';
import { addDays } from '../../src/members/service.js';
import { Agent } from '../support/agent.js';
import { createTestApp, type TestApp } from '../support/app.js';

/**
 * The office's work on grant applications through the back-office pages: the inbox (this council's
 * only), the detail page with the applicant's contact data, the completeness check, asking back
 * with a working link, putting an application on an agenda, refusals of transitions the state does
 * not allow, withdrawal, and the council's vote on the agenda item becoming the recommendation.
 */
let t: TestApp;
let agent: Agent;
const actor = { userId: null, label: 'test' };
const password = 'correct horse battery staple';
const slug = 'herrenhausen-stoecken';
let councilId: number;
let otherCouncilId: number;
let nextNumber = 900;

const db = () => t.database.db;
const year = Number(berlinDate(new Date()).slice(0, 4));
const base = `/admin/beiraete/${slug}/zuwendungen`;
const unescape = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&#34;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
const text = (html: string) => unescape(html.replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ');
const today = () => berlinDate(new Date());

/** A submitted application written straight into the database, as the public form would leave it. */
async function submitted(overrides: Partial<typeof grants.$inferInsert> = {}) {
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
      periodStart: `${year}-06-01`,
      periodEnd: `${year}-09-30`,
      amountRequestedCents: 250_000,
      totalCostCents: 400_000,
      status: 'submitted',
      applicantName: `Ayşe Yılmaz ${number}`,
      applicantEmail: `antrag-${number}@example.org`,
      applicantPhone: `0511 ${number}`,
      recipientAddress: 'Marktstraße 1\n30159 Hannover',
      description: 'Ein Fest für alle Nachbarn.\nMit Musik.',
      targetGroup: 'Familien im Stadtteil',
      place: 'Stadtteilzentrum',
      locale: 'de',
      consentedAt: new Date(),
      submittedAt: new Date(Date.now() - (1000 - number) * 60_000),
      ...overrides,
    })
    .returning();
  return row!;
}

async function grantRow(id: number) {
  const [row] = await db().select().from(grants).where(eq(grants.id, id));
  return row!;
}

async function itemsOf(meetingId: number) {
  return db().select().from(agendaItems).where(eq(agendaItems.meetingId, meetingId)).orderBy(asc(agendaItems.position));
}

const futureMeeting = (daysAhead: number) => planMeeting(db(), councilId, { startsAt: berlinInstant(addDays(today(), daysAhead), '18:00')!, endsAt: null, locationId: null, title: null }, actor);

beforeAll(async () => {
  t = await createTestApp();
  const all = await db().select().from(councils);
  councilId = all.find((c) => c.slug === slug)!.id;
  otherCouncilId = all.find((c) => c.slug === 'mitte')!.id;
  await db().update(councils).set({ tieRule: 'rejected', quorumRule: 'majority_of_voting_members' }).where(eq(councils.id, councilId));
  await db().transaction((tx) => createUser(tx, { email: 'office-grants@example.org', displayName: 'Office Grants', role: 'office', councilId, password }, actor));
  agent = new Agent(t.app);
  await agent.get('/admin/anmelden');
  expect((await agent.post('/admin/anmelden', { email: 'office-grants@example.org', password })).statusCode).toBe(303);
});
afterAll(async () => t?.close());

describe('the inbox', () => {
  it("lists the council's submitted applications newest first, not drafts and not another council's, with counts and a status filter", async () => {
    const older = await submitted({ submittedAt: new Date(Date.now() - 86_400_000) });
    const newer = await submitted({ submittedAt: new Date() });
    const draft = await submitted({ status: 'draft', number: null, submittedAt: null, recipientName: 'Entwurf-Verein' });
    const elsewhere = await submitted({ councilId: otherCouncilId, recipientName: 'Fremder Beirat Verein' });

    const page = await agent.get(base);
    expect(page.statusCode).toBe(200);
    const body = text(page.body);
    expect(body).toContain(newer.recipientName);
    expect(body).toContain(older.recipientName);
    expect(body.indexOf(newer.recipientName)).toBeLessThan(body.indexOf(older.recipientName));
    expect(body).not.toContain(draft.recipientName);
    expect(body).not.toContain(elsewhere.recipientName);
    expect(body).toContain(`IB-${newer.number}/${year}`);
    expect(body).toContain('2.500,00 €');
    expect(body).toMatch(/eingereicht: \d+/);
    expect(page.body).toContain(`href="${base}/${newer.id}"`);
    // Contact data is for the detail page only.
    expect(body).not.toContain(newer.applicantEmail!);

    const filtered = await agent.get(`${base}?status=complete`);
    expect(filtered.statusCode).toBe(200);
    expect(text(filtered.body)).not.toContain(newer.recipientName);
    expect(filtered.body).toMatch(/<option value="complete" selected/);
    const submittedOnly = await agent.get(`${base}?status=submitted`);
    expect(text(submittedOnly.body)).toContain(newer.recipientName);

    const bogus = await agent.get(`${base}?status=bewilligt`);
    expect(bogus.statusCode).toBe(400);
    expect(text(bogus.body)).toContain('Bitte wählen Sie eine der Möglichkeiten.');

    // Another council's application does not open here.
    expect((await agent.get(`${base}/${elsewhere.id}`)).statusCode).toBe(404);
    expect((await agent.get(`${base}/${draft.id}`)).statusCode).toBe(404);
    expect((await agent.get(`/admin/beiraete/mitte/zuwendungen/${elsewhere.id}`)).statusCode).toBe(403);
  });

  it('the dashboard links to the area', async () => {
    const page = await agent.get('/admin');
    expect(page.body).toContain(`href="${base}"`);
  });
});

describe('the detail page', () => {
  it('shows what the applicant gave, contact data included, other funding, documents and the history', async () => {
    const grant = await submitted();
    await db().insert(grantOtherFunding).values([{ grantId: grant.id, source: 'Stadtbezirksrat Herrenhausen-Stöcken', amountCents: 50_000, confirmed: true, position: 0 }]);
    const [doc] = await db()
      .insert(documents)
      .values({ councilId, grantId: grant.id, kind: 'grant_application', title: { de: 'Kostenplan' }, fileName: 'kostenplan.pdf', mimeType: 'application/pdf', sizeBytes: 10, sha512: 'a'.repeat(128), storageKey: 'nicht-da' })
      .returning();
    await db().insert(auditEvents).values({ actorLabel: 'applicant', entityType: 'grant', entityId: String(grant.id), action: 'grant.submit', councilId, after: { status: 'submitted' } });

    const page = await agent.get(`${base}/${grant.id}`);
    expect(page.statusCode).toBe(200);
    const body = text(page.body);
    expect(body).toContain(`Antrag IB-${grant.number}/${year}: Sommerfest ${grant.number}`);
    expect(body).toContain(grant.applicantEmail!);
    expect(body).toContain(grant.applicantPhone!);
    expect(body).toContain(grant.applicantName!);
    expect(page.body).toMatch(/Marktstraße 1(<\/span>)?<br/);
    expect(body).toContain('Familien im Stadtteil');
    expect(body).toContain('Stadtbezirksrat Herrenhausen-Stöcken');
    expect(body).toContain('500,00 €');
    expect(body).toContain('4.000,00 €');
    expect(page.body).toContain(`href="/beiraete/${slug}/dokumente/${doc!.id}/kostenplan.pdf"`);
    expect(body).toContain('eingereicht');
    expect(body).toContain('Verlauf');
    expect(body).toContain('applicant');
    // Forms the state allows: completeness, asking back, withdrawal; not the agenda.
    expect(page.body).toContain(`action="${base}/${grant.id}/vollstaendig"`);
    expect(page.body).toContain(`action="${base}/${grant.id}/nachfordern"`);
    expect(page.body).toContain(`action="${base}/${grant.id}/zurueckziehen"`);
    expect(page.body).not.toContain(`action="${base}/${grant.id}/tagesordnung"`);

    const en = await agent.get(`/en${base}/${grant.id}`);
    expect(en.statusCode).toBe(200);
    expect(text(en.body)).toContain('Contact of the applicant');
  });

  it('links the later steps when the state allows them', async () => {
    const grant = await submitted({ status: 'approved', amountRecommendedCents: 200_000, amountApprovedCents: 200_000, decidedOn: `${year}-03-01`, decisionPaperNumber: '15-1094/2025' });
    const page = await agent.get(`${base}/${grant.id}`);
    expect(page.body).toContain(`href="${base}/${grant.id}/bescheid"`);
    expect(page.body).toContain(`href="${base}/${grant.id}/finanzierung"`);
    expect(page.body).not.toContain(`href="${base}/${grant.id}/zahlungen"`);
    expect(text(page.body)).toContain('15-1094/2025');
  });
});

describe('the completeness check and asking back', () => {
  it('marks a submitted application complete', async () => {
    const grant = await submitted();
    const res = await agent.post(`${base}/${grant.id}/vollstaendig`, {});
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${base}/${grant.id}?hinweis=grantOffice.flash.completed`);
    const after = await grantRow(grant.id);
    expect(after.status).toBe('complete');
    expect(after.completeAt).toBeInstanceOf(Date);
    const [event] = await db().select().from(auditEvents).where(and(eq(auditEvents.entityId, String(grant.id)), eq(auditEvents.action, 'grant.complete')));
    expect(event).toBeDefined();

    // Twice is refused, naming the state.
    const again = await agent.post(`${base}/${grant.id}/vollstaendig`, {});
    expect(again.statusCode).toBe(409);
    expect(text(again.body)).toContain('Der Antrag ist im Stand „vollständig“; diese Aktion ist dann nicht möglich.');
  });

  it('asks for missing parts: a mail in the applicant language with the text and a link whose token opens the application', async () => {
    const grant = await submitted();
    const empty = await agent.post(`${base}/${grant.id}/nachfordern`, { missingInfo: '   ' });
    expect(empty.statusCode).toBe(400);
    expect(text(empty.body)).toContain('Was fehlt: Bitte füllen Sie dieses Feld aus.');

    const missing = 'Bitte reichen Sie den Kostenplan als PDF nach.\nUnd die Satzung des Vereins.';
    const res = await agent.post(`${base}/${grant.id}/nachfordern`, { missingInfo: missing });
    expect(res.statusCode).toBe(303);
    const after = await grantRow(grant.id);
    expect(after).toMatchObject({ status: 'submitted', missingInfo: missing });
    expect(after.askedBackAt).toBeInstanceOf(Date);

    const [mail] = await db().select().from(outbox).where(eq(outbox.key, `grant-ask-back:${grant.id}:1`));
    expect(mail).toBeDefined();
    expect(mail!.to).toBe(grant.applicantEmail);
    expect(mail!.subject).toContain(`IB-${grant.number}/${year}`);
    expect(mail!.text).toContain(missing);
    const link = /http:\/\/beirat\.test(\S+)/.exec(mail!.text)?.[1];
    expect(link).toMatch(new RegExp(`^/beiraete/${slug}/projekte/antrag/fortsetzen\\?t=`));
    const token = decodeURIComponent(new URL(`http://x${link}`).searchParams.get('t')!);
    expect(createHash('sha256').update(token).digest('hex')).toBe(after.resumeTokenHash);
    expect(after.resumeExpiresAt!.getTime()).toBeGreaterThan(Date.now());

    const page = text((await agent.get(`${base}/${grant.id}`)).body);
    expect(page).toContain('Bitte reichen Sie den Kostenplan als PDF nach.');
  });

  it('asking back about a complete application reopens it; each ask is its own mail, in English for an English applicant', async () => {
    const grant = await submitted({ locale: 'en', title: { de: 'Sprachcafé', en: 'Language café' } });
    await agent.post(`${base}/${grant.id}/nachfordern`, { missingInfo: 'First question' });
    expect((await agent.post(`${base}/${grant.id}/vollstaendig`, {})).statusCode).toBe(303);
    const res = await agent.post(`${base}/${grant.id}/nachfordern`, { missingInfo: 'Please add the budget plan.' });
    expect(res.statusCode).toBe(303);
    const after = await grantRow(grant.id);
    expect(after.status).toBe('submitted');
    expect(after.completeAt).toBeNull();
    const mails = await db().select().from(outbox).where(like(outbox.key, `grant-ask-back:${grant.id}:%`)).orderBy(asc(outbox.key));
    expect(mails.map((m) => m.key)).toEqual([`grant-ask-back:${grant.id}:1`, `grant-ask-back:${grant.id}:2`]);
    expect(mails[1]!.text).toContain('Please add the budget plan.');
    expect(mails[1]!.text).toContain('Language café');
    expect(mails[1]!.text).toContain(`http://beirat.test/en/beiraete/${slug}/projekte/antrag/fortsetzen?t=`);
    expect(mails[1]!.subject).toMatch(/^Your application/);
  });
});

describe('putting an application on an agenda', () => {
  it('refuses it for an application that is not complete, with the message naming the state', async () => {
    const grant = await submitted();
    const meeting = await futureMeeting(40);
    const res = await agent.post(`${base}/${grant.id}/tagesordnung`, { meetingId: String(meeting.id) });
    expect(res.statusCode).toBe(409);
    expect(text(res.body)).toContain('Der Antrag ist im Stand „eingereicht“; diese Aktion ist dann nicht möglich.');
    const en = await agent.post(`/en${base}/${grant.id}/tagesordnung`, { meetingId: String(meeting.id) });
    expect(en.statusCode).toBe(409);
    expect(text(en.body)).toContain('The application has the status "submitted"; this action is not possible then.');
    expect((await itemsOf(meeting.id)).some((i) => i.grantId === grant.id)).toBe(false);
    expect((await grantRow(grant.id)).status).toBe('submitted');
  });

  it('puts a complete application at the end of a planned meeting, numbered, linked and on_agenda', async () => {
    const grant = await submitted({ status: 'complete', completeAt: new Date() });
    const meeting = await futureMeeting(41);
    const form = await agent.get(`${base}/${grant.id}`);
    expect(form.body).toContain(`<option value="${meeting.id}"`);

    const res = await agent.post(`${base}/${grant.id}/tagesordnung`, { meetingId: String(meeting.id) });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${base}/${grant.id}?hinweis=grantOffice.flash.onAgenda`);
    const items = await itemsOf(meeting.id);
    const item = items.at(-1)!;
    expect(item).toMatchObject({ grantId: grant.id, isPublic: true, level: 0, kind: 'regular', supplement: 0, number: String(items.length) });
    expect(item.title).toEqual({ de: `Antrag IB-${grant.number}/${year}: Sommerfest ${grant.number} (${grant.recipientName})`, en: `Application IB-${grant.number}/${year}: Sommerfest ${grant.number} (${grant.recipientName})` });
    expect(items.map((i) => i.position)).toEqual(items.map((_, i) => i + 1));
    expect((await grantRow(grant.id)).status).toBe('on_agenda');
    const page = text((await agent.get(`${base}/${grant.id}`)).body);
    expect(page).toContain(`TOP ${item.number}`);
  });

  it('after the invitation, the item waits for the next supplement', async () => {
    const grant = await submitted({ status: 'complete' });
    const meeting = await futureMeeting(42);
    await db().update(meetings).set({ state: 'invited', invitedAt: new Date(), supplementsSent: 1 }).where(eq(meetings.id, meeting.id));
    expect((await agent.post(`${base}/${grant.id}/tagesordnung`, { meetingId: String(meeting.id) })).statusCode).toBe(303);
    const item = (await itemsOf(meeting.id)).find((i) => i.grantId === grant.id)!;
    expect(item.supplement).toBe(2);
  });

  it('refuses a cancelled, past or foreign meeting and a missing choice with a field error', async () => {
    const grant = await submitted({ status: 'complete' });
    const cancelled = await futureMeeting(43);
    await db().update(meetings).set({ cancelled: true }).where(eq(meetings.id, cancelled.id));
    const past = await planMeeting(db(), councilId, { startsAt: new Date(Date.now() - 86_400_000), endsAt: null, locationId: null, title: null }, actor);
    const [foreign] = await db().insert(meetings).values({ councilId: otherCouncilId, startsAt: berlinInstant(addDays(today(), 44), '18:00')! }).returning();
    for (const id of [cancelled.id, past.id, foreign!.id]) {
      const res = await agent.post(`${base}/${grant.id}/tagesordnung`, { meetingId: String(id) });
      expect(res.statusCode, String(id)).toBe(400);
      expect(text(res.body)).toContain('Auf die Tagesordnung dieser Sitzung kann der Antrag nicht');
    }
    const none = await agent.post(`${base}/${grant.id}/tagesordnung`, { meetingId: '' });
    expect(none.statusCode).toBe(400);
    expect(text(none.body)).toContain('Sitzung: Bitte wählen Sie eine der Möglichkeiten.');
    expect((await grantRow(grant.id)).status).toBe('complete');
  });
});

describe('withdrawal', () => {
  it('needs a reason', async () => {
    const grant = await submitted();
    const res = await agent.post(`${base}/${grant.id}/zurueckziehen`, { reason: '' });
    expect(res.statusCode).toBe(400);
    expect(text(res.body)).toContain('Grund: Bitte füllen Sie dieses Feld aus.');
    expect((await grantRow(grant.id)).status).toBe('submitted');
  });

  it('strikes an item members were never sent and marks one they have as withdrawn', async () => {
    const planned = await submitted({ status: 'complete' });
    const plannedMeeting = await futureMeeting(45);
    await agent.post(`${base}/${planned.id}/tagesordnung`, { meetingId: String(plannedMeeting.id) });
    const countBefore = (await itemsOf(plannedMeeting.id)).length;
    const res = await agent.post(`${base}/${planned.id}/zurueckziehen`, { reason: 'Der Verein hat den Antrag zurückgenommen.' });
    expect(res.statusCode).toBe(303);
    expect(await grantRow(planned.id)).toMatchObject({ status: 'withdrawn', withdrawalReason: 'Der Verein hat den Antrag zurückgenommen.' });
    const left = await itemsOf(plannedMeeting.id);
    expect(left).toHaveLength(countBefore - 1);
    expect(left.some((i) => i.grantId === planned.id)).toBe(false);

    const sent = await submitted({ status: 'complete' });
    const invited = await futureMeeting(46);
    await agent.post(`${base}/${sent.id}/tagesordnung`, { meetingId: String(invited.id) });
    // The item went out with a supplement already.
    await db().update(meetings).set({ state: 'invited', invitedAt: new Date(), supplementsSent: 1 }).where(eq(meetings.id, invited.id));
    await db().update(agendaItems).set({ supplement: 1 }).where(eq(agendaItems.grantId, sent.id));
    expect((await agent.post(`${base}/${sent.id}/zurueckziehen`, { reason: 'Projekt fällt aus.' })).statusCode).toBe(303);
    const item = (await itemsOf(invited.id)).find((i) => i.grantId === sent.id)!;
    expect(item.result).toBe('withdrawn');

    // A withdrawn application offers nothing more.
    const page = await agent.get(`${base}/${sent.id}`);
    expect(page.body).not.toContain(`action="${base}/${sent.id}/zurueckziehen"`);
    const again = await agent.post(`${base}/${sent.id}/zurueckziehen`, { reason: '' });
    expect(again.statusCode).toBe(409);
    expect(text(again.body)).toContain('Der Antrag ist im Stand „zurückgezogen“');
  });
});

describe("the council's vote on the agenda item", () => {
  let meetingId: number;
  let adopted: { grantId: number; itemId: number };
  let rejected: { grantId: number; itemId: number };
  const top = (itemId: number) => `/admin/beiraete/${slug}/sitzungen/${meetingId}/top/${itemId}`;
  const vote = (fields: Record<string, string>) => ({ kind: 'vote', unanimous: '', yes: '', no: '', abstain: '', casting: '', notes: '', ...fields });

  beforeAll(async () => {
    const meeting = await futureMeeting(47);
    meetingId = meeting.id;
    const onAgenda = async () => {
      const grant = await submitted({ status: 'complete' });
      expect((await agent.post(`${base}/${grant.id}/tagesordnung`, { meetingId: String(meetingId) })).statusCode).toBe(303);
      return { grantId: grant.id, itemId: (await itemsOf(meetingId)).find((i) => i.grantId === grant.id)!.id };
    };
    adopted = await onAgenda();
    rejected = await onAgenda();
    // The meeting takes place today: invited, and everyone came.
    const startsAt = new Date(Date.now() - 3_600_000);
    await db().update(meetings).set({ state: 'invited', invitedAt: new Date(), startsAt }).where(eq(meetings.id, meetingId));
    const members = await listMembersOn(db(), councilId, berlinDate(startsAt));
    await db().insert(attendance).values(members.map((m) => ({ meetingId, membershipId: m.membershipId, status: 'present' as const })));
  });

  it('shows the application on the item page with the amount asked as the default recommendation', async () => {
    const grant = await grantRow(adopted.grantId);
    const page = await agent.get(top(adopted.itemId));
    expect(page.statusCode).toBe(200);
    const body = text(page.body);
    expect(body).toContain(`IB-${grant.number}/${year}`);
    expect(body).toContain(grant.recipientName);
    expect(body).toContain('2.500,00 €');
    expect(page.body).toContain(`href="${base}/${grant.id}"`);
    expect(body).toContain('Empfohlener Betrag (bis zu)');
    expect(page.body).toContain('name="grantAmount"');
    expect(page.body).toContain('value="2.500,00"');
    expect(page.body).toContain(`value="${year}-06-01"`);
  });

  it('refuses a malformed amount with a field error, keeping what was typed', async () => {
    const res = await agent.post(top(adopted.itemId), vote({ yes: '7', no: '2', abstain: '1', grantAmount: '2.200.50', grantPeriodStart: `${year}-07-01`, grantPeriodEnd: `${year}-08-31` }));
    expect(res.statusCode).toBe(400);
    expect(text(res.body)).toContain('Empfohlener Betrag (bis zu): Bitte geben Sie den Betrag in Euro ein');
    expect(res.body).toContain('value="2.200.50"');
    expect(res.body).toContain(`value="${year}-07-01"`);
    expect(res.body).toContain('value="7"');
    expect((await grantRow(adopted.grantId)).status).toBe('on_agenda');
    const [item] = await db().select().from(agendaItems).where(eq(agendaItems.id, adopted.itemId));
    expect(item!.result).toBeNull();

    const backwards = await agent.post(top(adopted.itemId), vote({ yes: '7', no: '2', abstain: '1', grantAmount: '2.200,00', grantPeriodStart: `${year}-08-01`, grantPeriodEnd: `${year}-07-01` }));
    expect(backwards.statusCode).toBe(400);
    expect(text(backwards.body)).toContain('Das Ende des Zeitraums darf nicht vor seinem Beginn liegen.');
  });

  it('an adopting vote recommends the amount "bis zu" and the period', async () => {
    const res = await agent.post(top(adopted.itemId), vote({ yes: '7', no: '2', abstain: '1', grantAmount: '2.200,00', grantPeriodStart: `${year}-07-01`, grantPeriodEnd: `${year}-08-31` }));
    expect(res.statusCode).toBe(303);
    const [meeting] = await db().select().from(meetings).where(eq(meetings.id, meetingId));
    expect(await grantRow(adopted.grantId)).toMatchObject({ status: 'recommended', amountRecommendedCents: 220_000, recommendedOn: berlinDate(meeting!.startsAt), periodStart: `${year}-07-01`, periodEnd: `${year}-08-31` });
    const page = text((await agent.get(`${base}/${adopted.grantId}`)).body);
    expect(page).toContain('2.200,00 €');
    expect(page).toContain('vom Beirat empfohlen');
  });

  it('a tie is rejected under the council rule: not recommended', async () => {
    const res = await agent.post(top(rejected.itemId), vote({ yes: '4', no: '4', abstain: '2', grantAmount: '2.500,00', grantPeriodStart: '', grantPeriodEnd: '' }));
    expect(res.statusCode).toBe(303);
    const grant = await grantRow(rejected.grantId);
    expect(grant.status).toBe('not_recommended');
    expect(grant.amountRecommendedCents).toBeNull();
  });
});
