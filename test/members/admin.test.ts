import { and, desc, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../src/audit/schema.js';
import { createUser } from '../../src/auth/service.js';
import { councils, seatCategories } from '../../src/councils/schema.js';
import { berlinDate } from '../../src/infra/time.js';
import { chairTerms, memberships, people } from '../../src/members/schema.js';
import { addDays, defaultEndDate } from '../../src/members/service.js';
import { Agent } from '../support/agent.js';
import { createTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
const password = 'correct horse battery staple';
const hsBase = '/admin/beiraete/herrenhausen-stoecken';
const hsMembers = `${hsBase}/mitglieder`;
const fullMessage = 'Die Sitzkategorie „Mitglieder des Stadtbezirksrats“ ist mit 6 von 6 Sitzen voll.';

let hsId: number;
let mitteId: number;
let categoryIds: Record<'district_councillor' | 'multiplier' | 'migration_background', number>;
const today = berlinDate(new Date());
const yesterday = addDays(today, -1);

async function signIn(email: string): Promise<Agent> {
  const agent = new Agent(t.app);
  await agent.get('/admin/anmelden');
  const res = await agent.post('/admin/anmelden', { email, password });
  expect(res.statusCode).toBe(303);
  return agent;
}

/** Quota and filled seats of a seat category as the public composition table shows them. */
function publicComposition(html: string, category: string): [number, number] {
  const match = new RegExp(`${category}</th>\\s*<td[^>]*>(\\d+)</td>\\s*<td[^>]*>(\\d+)</td>`).exec(html);
  if (!match) throw new Error(`no composition row for ${category}`);
  return [Number(match[1]), Number(match[2])];
}

/** Members counted but not named on the public members page. */
function unnamedCount(html: string): number {
  return [...html.matchAll(/Dazu (\d+) weitere/g)].reduce((s, m) => s + Number(m[1]), 0);
}

async function currentMemberships(councilId: number, seatCategoryId?: number) {
  const rows = await t.database.db
    .select({ id: memberships.id, personId: memberships.personId, seatCategoryId: memberships.seatCategoryId, startDate: memberships.startDate, endDate: memberships.endDate, publicConsent: memberships.publicConsent, givenName: people.givenName, familyName: people.familyName })
    .from(memberships)
    .innerJoin(people, eq(people.id, memberships.personId))
    .where(eq(memberships.councilId, councilId));
  return rows.filter((m) => m.startDate <= today && (m.endDate === null || m.endDate >= today) && (seatCategoryId === undefined || m.seatCategoryId === seatCategoryId));
}

async function openChairTerms(councilId: number) {
  return t.database.db
    .select()
    .from(chairTerms)
    .where(and(eq(chairTerms.councilId, councilId), isNull(chairTerms.endDate)));
}

const newPerson = (overrides: Record<string, string> = {}) => ({
  person: 'new',
  formOfAddress: 'Frau',
  givenName: 'Zeynep',
  familyName: 'Kaya-Testfall',
  email: 'zeynep@example.org',
  phone: '+49 511 123456',
  seatCategoryId: String(categoryIds.district_councillor),
  startDate: today,
  endDate: '',
  votingRight: 'category',
  ...overrides,
});

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  const [hs] = await db.select().from(councils).where(eq(councils.slug, 'herrenhausen-stoecken'));
  const [mitte] = await db.select().from(councils).where(eq(councils.slug, 'mitte'));
  hsId = hs!.id;
  mitteId = mitte!.id;
  const cats = await db.select().from(seatCategories).where(eq(seatCategories.councilId, hsId));
  categoryIds = Object.fromEntries(cats.map((c) => [c.key, c.id])) as typeof categoryIds;
  await db.transaction(async (tx) => {
    await createUser(tx, { email: 'office-hs@example.org', displayName: 'Office HS', role: 'office', councilId: hsId, password }, { userId: null, label: 'test' });
    await createUser(tx, { email: 'office-mitte@example.org', displayName: 'Office Mitte', role: 'office', councilId: mitteId, password }, { userId: null, label: 'test' });
    await createUser(tx, { email: 'member-hs@example.org', displayName: 'Member HS', role: 'member', councilId: hsId, password }, { userId: null, label: 'test' });
  });
});
afterAll(async () => t?.close());

describe('members administration', () => {
  let office: Agent;
  let endedId: number;

  beforeAll(async () => {
    office = await signIn('office-hs@example.org');
  });

  it('shows the members by seat category, the quota view and the chair', async () => {
    const res = await office.get(hsMembers);
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toContain('Besetzung und Quoten');
    expect(res.body).toContain('Mitglieder des Stadtbezirksrats');
    expect(res.body).toContain('Die Besetzung entspricht den Regeln des Beirats.');
    expect(res.body).toContain('voll besetzt');
    expect(res.body).toContain('Heide Stolzenwald');
    expect(res.body).toContain('Amtszeiten, die in den nächsten 90 Tagen enden');
    expect(res.body).toContain(`href="${hsMembers}/verlauf"`);
    expect(res.body).toContain(`href="${hsMembers}/neu"`);
    expect(res.body).toContain(`href="${hsBase}/vorsitz"`);
    // Members without consent are listed here, by name: the office needs to know who they are.
    const hidden = (await currentMemberships(hsId)).find((m) => !m.publicConsent);
    if (hidden) expect(res.body).toContain(`${hidden.givenName} ${hidden.familyName}`);

    const en = await office.get(`/en${hsMembers}`);
    expect(en.statusCode).toBe(200);
    expect(en.body).toContain('Seats and quotas');
    expect(en.body).toContain('Members of the district council');

    const dashboard = await office.get('/admin');
    expect(dashboard.body).toContain(`href="${hsMembers}"`);
    expect(dashboard.body).toContain('Mitglieder und Quoten');
    expect(dashboard.body).toContain(`href="${hsBase}/vorsitz"`);
  });

  it('refuses an appointment over the quota, naming the category and its quota, keeping what was typed', async () => {
    const form = await office.get(`${hsMembers}/neu`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Höchstdauer von 5 Jahren');
    const before = await t.database.db.select({ id: people.id }).from(people);
    const res = await office.post(`${hsMembers}/neu`, newPerson());
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain(fullMessage);
    expect(res.body).toContain('value="Zeynep"');
    expect(res.body).toContain('value="Kaya-Testfall"');
    expect(res.body).toContain('value="zeynep@example.org"');
    expect(res.body).toContain(`value="${today}"`);
    // Nothing half-written: no person without a seat.
    expect(await t.database.db.select({ id: people.id }).from(people)).toHaveLength(before.length);

    await office.get(`/en${hsMembers}/neu`);
    const en = await office.post(`/en${hsMembers}/neu`, newPerson());
    expect(en.statusCode).toBe(400);
    expect(en.body).toContain('The seat category “Members of the district council” is full: 6 of 6 seats are taken.');
  });

  it('after ending a membership the seat is free: the public composition goes 6 6 → 6 5 → 6 6', async () => {
    const publicBefore = await t.app.inject({ method: 'GET', url: '/beiraete/herrenhausen-stoecken' });
    expect(publicComposition(publicBefore.body, 'Mitglieder des Stadtbezirksrats')).toEqual([6, 6]);
    const membersBefore = await t.app.inject({ method: 'GET', url: '/beiraete/herrenhausen-stoecken/mitglieder' });

    const chairPeople = new Set((await openChairTerms(hsId)).map((c) => c.personId));
    const leaving = (await currentMemberships(hsId, categoryIds.district_councillor)).find((m) => !chairPeople.has(m.personId))!;
    endedId = leaving.id;
    const form = await office.get(`${hsMembers}/${leaving.id}/beenden`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain(`${leaving.givenName} ${leaving.familyName}`);
    const ended = await office.post(`${hsMembers}/${leaving.id}/beenden`, { endDate: yesterday, reason: 'Aus dem Stadtbezirksrat ausgeschieden' });
    expect(ended.statusCode).toBe(303);
    expect(ended.headers.location).toBe(`${hsMembers}?hinweis=membersAdmin.flash.ended`);
    const notice = await office.get(ended.headers.location as string);
    expect(notice.body).toContain('Die Mitgliedschaft ist beendet.');
    expect(notice.body).toContain('Sitze frei');

    const [row] = await t.database.db.select().from(memberships).where(eq(memberships.id, leaving.id));
    expect(row!.endDate).toBe(yesterday);
    expect(row!.endReason).toBe('Aus dem Stadtbezirksrat ausgeschieden');
    const between = await t.app.inject({ method: 'GET', url: '/beiraete/herrenhausen-stoecken' });
    expect(publicComposition(between.body, 'Mitglieder des Stadtbezirksrats')).toEqual([6, 5]);

    // The new member did not consent: counted on the public pages, never named.
    const appointed = await office.post(`${hsMembers}/neu`, newPerson());
    expect(appointed.statusCode).toBe(303);
    expect(appointed.headers.location).toBe(`${hsMembers}?hinweis=membersAdmin.flash.appointed`);
    const after = await t.app.inject({ method: 'GET', url: '/beiraete/herrenhausen-stoecken' });
    expect(publicComposition(after.body, 'Mitglieder des Stadtbezirksrats')).toEqual([6, 6]);

    const [person] = await t.database.db.select().from(people).where(eq(people.familyName, 'Kaya-Testfall'));
    expect(person).toMatchObject({ formOfAddress: 'Frau', givenName: 'Zeynep', email: 'zeynep@example.org', phone: '+49 511 123456' });
    const [membership] = await t.database.db.select().from(memberships).where(eq(memberships.personId, person!.id));
    // Empty end date: the five-year limit of decision 1839/2023 sets it.
    expect(membership).toMatchObject({ startDate: today, endDate: defaultEndDate(today, 5), publicConsent: false, votingRight: true });

    const membersAfter = await t.app.inject({ method: 'GET', url: '/beiraete/herrenhausen-stoecken/mitglieder' });
    expect(membersAfter.body).not.toContain('Kaya-Testfall');
    expect(membersAfter.body).toContain('derzeit 19 Mitglieder');
    const leavingWasNamed = leaving.publicConsent ? 0 : 1;
    expect(unnamedCount(membersAfter.body)).toBe(unnamedCount(membersBefore.body) - leavingWasNamed + 1);
    expect(membersAfter.body).not.toContain(`${leaving.givenName} ${leaving.familyName}`);
  });

  it('lists the ended membership with its reason in the history, and will not end it twice', async () => {
    const history = await office.get(`${hsMembers}/verlauf`);
    expect(history.statusCode).toBe(200);
    expect(history.body).toContain('Aus dem Stadtbezirksrat ausgeschieden');
    expect(history.body).toContain('Kaya-Testfall');
    expect(history.body).toContain('Hildegard Thimm');
    // Newest first: the appointment of today comes before the chair elected in 2020.
    expect(history.body.indexOf('Kaya-Testfall')).toBeLessThan(history.body.indexOf('Hildegard Thimm'));

    const page = await office.get(`${hsMembers}/${endedId}/beenden`);
    expect(page.body).toContain('bereits am');
    const again = await office.post(`${hsMembers}/${endedId}/beenden`, { endDate: yesterday, reason: 'noch einmal' });
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain('bereits am');
  });

  it('refuses to lengthen a membership when its seat has been filled meanwhile', async () => {
    await office.get(`${hsMembers}/${endedId}/bearbeiten`);
    const res = await office.post(`${hsMembers}/${endedId}/bearbeiten`, { votingRight: 'yes', publicConsent: 'on', endDate: '' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain(fullMessage);
    const [row] = await t.database.db.select().from(memberships).where(eq(memberships.id, endedId));
    expect(row!.endDate).toBe(yesterday);
  });

  it('edits voting right, consent and end date, audited; consent makes the name public', async () => {
    const [person] = await t.database.db.select().from(people).where(eq(people.familyName, 'Kaya-Testfall'));
    const [membership] = await t.database.db.select().from(memberships).where(eq(memberships.personId, person!.id));
    const page = await office.get(`${hsMembers}/${membership!.id}/bearbeiten`);
    expect(page.statusCode).toBe(200);
    const end = addDays(today, 30);
    const res = await office.post(`${hsMembers}/${membership!.id}/bearbeiten`, { votingRight: 'no', publicConsent: 'on', endDate: end });
    expect(res.statusCode).toBe(303);
    const [row] = await t.database.db.select().from(memberships).where(eq(memberships.id, membership!.id));
    expect(row).toMatchObject({ votingRight: false, publicConsent: true, endDate: end });

    const members = await t.app.inject({ method: 'GET', url: '/beiraete/herrenhausen-stoecken/mitglieder' });
    expect(members.body).toContain('Zeynep Kaya-Testfall');
    const overview = await office.get(hsMembers);
    // Ends within 90 days now: listed for renewal.
    const ending = overview.body.slice(overview.body.indexOf('id="ending"'), overview.body.indexOf('id="current"'));
    expect(ending).toContain('Zeynep Kaya-Testfall');
    expect(ending).toContain(`neu?person=${person!.id}`);

    const renew = await office.get(`${hsMembers}/neu?person=${person!.id}`);
    expect(renew.body).toContain(`value="${addDays(end, 1)}"`);

    const [audit] = await t.database.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'membership.update'), eq(auditEvents.entityId, String(membership!.id))));
    expect(audit).toMatchObject({ councilId: hsId, personId: person!.id, actorLabel: 'office-hs@example.org' });
    expect(audit!.before).toMatchObject({ votingRight: true, publicConsent: false });
    expect(audit!.after).toMatchObject({ votingRight: false, publicConsent: true, endDate: end });

    // Saving the same again changes nothing and records nothing.
    await office.get(`${hsMembers}/${membership!.id}/bearbeiten`);
    const same = await office.post(`${hsMembers}/${membership!.id}/bearbeiten`, { votingRight: 'no', publicConsent: 'on', endDate: end });
    expect(same.headers.location).toContain('membersAdmin.flash.unchanged');
  });

  it('records a chair election: the public "Vorsitz" moves to the new person, the old one into the history', async () => {
    const [oldChair] = (await openChairTerms(hsId)).filter((c) => c.role === 'chair');
    const candidates = (await currentMemberships(hsId)).filter((m) => m.publicConsent && m.personId !== oldChair!.personId && m.startDate <= today);
    const elected = candidates[0]!;
    const name = `${elected.givenName} ${elected.familyName}`;

    const form = await office.get(`${hsBase}/vorsitz`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Hildegard Thimm');
    const res = await office.post(`${hsBase}/vorsitz`, { personId: String(elected.personId), role: 'chair', electedOn: yesterday, startDate: today });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${hsBase}/vorsitz?hinweis=membersAdmin.flash.elected`);

    const [previous] = await t.database.db.select().from(chairTerms).where(eq(chairTerms.id, oldChair!.id));
    expect(previous!.endDate).toBe(yesterday);
    const open = (await openChairTerms(hsId)).filter((c) => c.role === 'chair');
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ personId: elected.personId, startDate: today, electedOn: yesterday, publicConsent: true });

    const page = await t.app.inject({ method: 'GET', url: '/beiraete/herrenhausen-stoecken' });
    const chairSection = page.body.slice(page.body.indexOf('id="chair"'), page.body.indexOf('id="next-meetings"'));
    const current = chairSection.slice(0, chairSection.indexOf('Frühere Vorsitzende'));
    const former = chairSection.slice(chairSection.indexOf('Frühere Vorsitzende'));
    expect(current).toContain(name);
    expect(current).not.toContain('Heide Stolzenwald');
    expect(former).toContain('Heide Stolzenwald');
    expect(former).toContain('Hildegard Thimm');

    const endAudit = await t.database.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'chairTerm.end'), eq(auditEvents.entityId, String(oldChair!.id))));
    expect(endAudit[0]!.before).toMatchObject({ endDate: null });
    expect(endAudit[0]!.after).toMatchObject({ endDate: yesterday });
    const [electAudit] = await t.database.db.select().from(auditEvents).where(eq(auditEvents.action, 'chairTerm.elect'));
    expect(electAudit!.after).toMatchObject({ personId: elected.personId, role: 'chair' });
  });

  it('elects a deputy chair; the previous deputy’s term ends the day before', async () => {
    const [oldDeputy] = (await openChairTerms(hsId)).filter((c) => c.role === 'deputy_chair');
    const holders = new Set((await openChairTerms(hsId)).map((c) => c.personId));
    const deputy = (await currentMemberships(hsId)).find((m) => !holders.has(m.personId))!;
    await office.get(`${hsBase}/vorsitz`);
    const ok = await office.post(`${hsBase}/vorsitz`, { personId: String(deputy.personId), role: 'deputy_chair', electedOn: today, startDate: addDays(today, 1) });
    expect(ok.statusCode).toBe(303);
    const deputies = (await openChairTerms(hsId)).filter((c) => c.role === 'deputy_chair');
    expect(deputies.map((d) => d.personId)).toEqual([deputy.personId]);
    if (oldDeputy) {
      const [ended] = await t.database.db.select().from(chairTerms).where(eq(chairTerms.id, oldDeputy.id));
      expect(ended!.endDate).toBe(today);
    }
  });

  it('refuses chair elections that do not fit: not a member, start before the running term, elected after the start', async () => {
    const [thimm] = await t.database.db.select().from(people).where(eq(people.familyName, 'Thimm'));
    await office.get(`${hsBase}/vorsitz`);
    const notMember = await office.post(`${hsBase}/vorsitz`, { personId: String(thimm!.id), role: 'chair', electedOn: today, startDate: addDays(today, 2) });
    expect(notMember.statusCode).toBe(400);
    expect(notMember.body).toContain('Gewählt werden kann nur, wer zu Beginn der Amtszeit Mitglied des Beirats ist.');

    const [member] = (await currentMemberships(hsId)).filter((m) => m.startDate < '2025-01-01');
    const early = await office.post(`${hsBase}/vorsitz`, { personId: String(member!.personId), role: 'chair', electedOn: yesterday, startDate: yesterday });
    expect(early.statusCode).toBe(400);
    expect(early.body).toContain('Die Amtszeit muss nach dem');

    const late = await office.post(`${hsBase}/vorsitz`, { personId: String(member!.personId), role: 'chair', electedOn: addDays(today, 5), startDate: addDays(today, 2) });
    expect(late.statusCode).toBe(400);
    expect(late.body).toContain('Die Wahl muss vor oder am Beginn der Amtszeit liegen.');

    const garbage = await office.post(`${hsBase}/vorsitz`, { personId: 'abc', role: 'king', electedOn: '31.02.2026', startDate: '' });
    expect(garbage.statusCode).toBe(400);
    expect(garbage.body).toContain('value="31.02.2026"');
    expect(garbage.body).toContain('Bitte wählen Sie eine der Möglichkeiten.');
    expect(garbage.body).toContain('Bitte geben Sie ein Datum an');
    expect((await openChairTerms(hsId)).filter((c) => c.role === 'chair')).toHaveLength(1);
  });

  it('ends the chair term with the membership of the chair', async () => {
    const [chair] = (await openChairTerms(hsId)).filter((c) => c.role === 'chair');
    const [membership] = (await currentMemberships(hsId)).filter((m) => m.personId === chair!.personId);
    const end = addDays(today, 10);
    await office.get(`${hsMembers}/${membership!.id}/beenden`);
    const res = await office.post(`${hsMembers}/${membership!.id}/beenden`, { endDate: end, reason: 'Wegzug' });
    expect(res.statusCode).toBe(303);
    const [term] = await t.database.db.select().from(chairTerms).where(eq(chairTerms.id, chair!.id));
    expect(term!.endDate).toBe(end);
  });

  it('gives the last free seat to only one of two appointments saved at the same time', async () => {
    const holders = new Set((await openChairTerms(hsId)).map((c) => c.personId));
    const leaving = (await currentMemberships(hsId, categoryIds.migration_background)).find((m) => !holders.has(m.personId))!;
    await office.get(`${hsMembers}/${leaving.id}/beenden`);
    expect((await office.post(`${hsMembers}/${leaving.id}/beenden`, { endDate: yesterday, reason: 'Wegzug' })).statusCode).toBe(303);
    await office.get(`${hsMembers}/neu`);
    const seat = String(categoryIds.migration_background);
    const results = await Promise.all([
      office.post(`${hsMembers}/neu`, newPerson({ familyName: 'Erste-Gleichzeitig', seatCategoryId: seat })),
      office.post(`${hsMembers}/neu`, newPerson({ familyName: 'Zweite-Gleichzeitig', seatCategoryId: seat })),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([303, 400]);
    expect(results.find((r) => r.statusCode === 400)!.body).toContain('ist mit 11 von 11 Sitzen voll.');
    expect(await currentMemberships(hsId, categoryIds.migration_background)).toHaveLength(11);
  });
});

describe('bad input never gives a 500', () => {
  let office: Agent;
  let membershipId: number;
  let membershipStart: string;

  beforeAll(async () => {
    office = await signIn('office-hs@example.org');
    const [m] = await currentMemberships(hsId, categoryIds.migration_background);
    membershipId = m!.id;
    membershipStart = m!.startDate;
  });

  it('appointment form: missing names, impossible date, end before start, unknown category, too long texts', async () => {
    await office.get(`${hsMembers}/neu`);
    const missing = await office.post(`${hsMembers}/neu`, newPerson({ givenName: '', familyName: '  ', startDate: '31.02.2026', email: 'kein-at' }));
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('Vorname: Bitte füllen Sie dieses Feld aus.');
    expect(missing.body).toContain('Nachname: Bitte füllen Sie dieses Feld aus.');
    expect(missing.body).toContain('Beginn der Amtszeit: Bitte geben Sie ein Datum an');
    expect(missing.body).toContain('E-Mail-Adresse: Bitte geben Sie eine gültige E-Mail-Adresse ein');
    expect(missing.body).toContain('value="31.02.2026"');
    expect(missing.body).toContain('value="kein-at"');

    const backwards = await office.post(`${hsMembers}/neu`, newPerson({ startDate: '2026-06-01', endDate: '01.05.2026' }));
    expect(backwards.statusCode).toBe(400);
    expect(backwards.body).toContain('Das Ende darf nicht vor dem Beginn liegen.');
    expect(backwards.body).toContain('value="01.05.2026"');

    const unknown = await office.post(`${hsMembers}/neu`, newPerson({ seatCategoryId: '999999' }));
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain('Sitzkategorie: Bitte wählen Sie eine der Möglichkeiten.');
    // Another council's category is unknown here too.
    const [mitteCategory] = await t.database.db.select().from(seatCategories).where(eq(seatCategories.councilId, mitteId));
    const foreign = await office.post(`${hsMembers}/neu`, newPerson({ seatCategoryId: String(mitteCategory!.id) }));
    expect(foreign.statusCode).toBe(400);

    const long = await office.post(`${hsMembers}/neu`, newPerson({ givenName: 'x'.repeat(101), phone: '1'.repeat(41), formOfAddress: 'y'.repeat(41) }));
    expect(long.statusCode).toBe(400);
    expect(long.body).toContain('Bitte geben Sie höchstens 100 Zeichen ein.');
    expect(long.body).toContain('Bitte geben Sie höchstens 40 Zeichen ein.');

    const odd = await office.post(`${hsMembers}/neu`, { ...newPerson({ votingRight: 'vielleicht', person: '-1' }), givenName: ['a', 'b'], phone: 'call me' });
    expect(odd.statusCode).toBe(400);
    expect(odd.body).toContain('Bitte geben Sie nur Ziffern');

    const en = await office.post(`/en${hsMembers}/neu`, newPerson({ givenName: '' }));
    expect(en.statusCode).toBe(400);
    expect(en.body).toContain('Please fill in this field.');

    const unknownPerson = await office.post(`${hsMembers}/neu`, newPerson({ person: '999999' }));
    expect(unknownPerson.statusCode).toBe(400);
    expect(unknownPerson.body).toContain('Person: Bitte wählen Sie eine der Möglichkeiten.');
  });

  it('re-appointing a person who still holds the seat is refused', async () => {
    const [m] = await currentMemberships(hsId, categoryIds.migration_background);
    const res = await office.post(`${hsMembers}/neu`, newPerson({ person: String(m!.personId), givenName: '', familyName: '', seatCategoryId: String(categoryIds.migration_background) }));
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Diese Person ist in diesem Zeitraum bereits Mitglied des Beirats.');
  });

  it('end form: end before start, missing and too long reason, impossible date', async () => {
    await office.get(`${hsMembers}/${membershipId}/beenden`);
    const early = await office.post(`${hsMembers}/${membershipId}/beenden`, { endDate: addDays(membershipStart, -1), reason: 'Rücktritt' });
    expect(early.statusCode).toBe(400);
    expect(early.body).toContain('Das Ende darf nicht vor dem Beginn der Mitgliedschaft');
    expect(early.body).toContain('Rücktritt');

    const noReason = await office.post(`${hsMembers}/${membershipId}/beenden`, { endDate: today, reason: '   ' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toContain('Grund des Ausscheidens: Bitte füllen Sie dieses Feld aus.');

    const long = await office.post(`${hsMembers}/${membershipId}/beenden`, { endDate: '31.02.2026', reason: 'z'.repeat(501) });
    expect(long.statusCode).toBe(400);
    expect(long.body).toContain('Bitte geben Sie höchstens 500 Zeichen ein.');
    expect(long.body).toContain('z'.repeat(501));
    expect(long.body).toContain('value="31.02.2026"');

    const [row] = await t.database.db.select().from(memberships).where(eq(memberships.id, membershipId));
    expect(row!.endReason).toBeNull();
  });

  it('edit form: impossible and early end dates, unknown choices', async () => {
    await office.get(`${hsMembers}/${membershipId}/bearbeiten`);
    const bad = await office.post(`${hsMembers}/${membershipId}/bearbeiten`, { votingRight: 'sometimes', endDate: '2026-02-30' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('value="2026-02-30"');
    const early = await office.post(`${hsMembers}/${membershipId}/bearbeiten`, { votingRight: 'yes', endDate: '2000-01-01' });
    expect(early.statusCode).toBe(400);
    expect(early.body).toContain('Das Ende darf nicht vor dem Beginn der Mitgliedschaft');
  });

  it('a non-numeric or unknown id, or one of another council, is not found', async () => {
    const [mitteMembership] = await currentMemberships(mitteId);
    for (const id of ['abc', '0', '-1', '1.5', '99999999', '9999999999', String(mitteMembership!.id)]) {
      for (const action of ['beenden', 'bearbeiten']) {
        const res = await office.get(`${hsMembers}/${id}/${action}`);
        expect(res.statusCode, `${id}/${action}`).toBe(404);
      }
    }
    await office.get(hsMembers);
    const post = await office.post(`${hsMembers}/99999999/beenden`, { endDate: today, reason: 'x' });
    expect(post.statusCode).toBe(404);
    const foreign = await office.post(`${hsMembers}/${mitteMembership!.id}/bearbeiten`, { votingRight: 'no', endDate: '' });
    expect(foreign.statusCode).toBe(404);
    const [row] = await t.database.db.select().from(memberships).where(eq(memberships.id, mitteMembership!.id));
    expect(row!.votingRight).toBe(true);
  });

  it('a form without its CSRF token is refused', async () => {
    const res = await office.post(`${hsMembers}/neu`, newPerson(), { csrf: false });
    expect(res.statusCode).toBe(403);
  });
});

describe('access', () => {
  it('gives the Mitte office 403 on every route of Herrenhausen-Stöcken, and a member too', async () => {
    const [m] = await currentMemberships(hsId);
    const gets = [hsMembers, `${hsMembers}/neu`, `${hsMembers}/${m!.id}/beenden`, `${hsMembers}/${m!.id}/bearbeiten`, `${hsBase}/vorsitz`, `${hsMembers}/verlauf`];
    const posts: Array<[string, Record<string, string>]> = [
      [`${hsMembers}/neu`, newPerson()],
      [`${hsMembers}/${m!.id}/beenden`, { endDate: today, reason: 'x' }],
      [`${hsMembers}/${m!.id}/bearbeiten`, { votingRight: 'no', endDate: '' }],
      [`${hsBase}/vorsitz`, { personId: String(m!.personId), role: 'chair', electedOn: today, startDate: addDays(today, 3) }],
    ];
    for (const email of ['office-mitte@example.org', 'member-hs@example.org']) {
      const agent = await signIn(email);
      for (const url of gets) {
        expect((await agent.get(url)).statusCode, `${email} GET ${url}`).toBe(403);
        expect((await agent.get(`/en${url}`)).statusCode, `${email} GET /en${url}`).toBe(403);
      }
      await agent.get('/admin');
      for (const [url, fields] of posts) expect((await agent.post(url, fields)).statusCode, `${email} POST ${url}`).toBe(403);
    }
    const [row] = await t.database.db.select().from(memberships).where(eq(memberships.id, m!.id));
    expect(row!.endReason).toBeNull();

    const mitte = await signIn('office-mitte@example.org');
    expect((await mitte.get('/admin/beiraete/mitte/mitglieder')).statusCode).toBe(200);
    const dashboard = await mitte.get('/admin');
    expect(dashboard.body).not.toContain(`href="${hsMembers}"`);
  });

  it('sends the anonymous to the sign-in page', async () => {
    const res = await new Agent(t.app).get(hsMembers);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toContain('/admin/anmelden');
  });
});

describe('audit trail', () => {
  it('has every change with the record before and after', async () => {
    const rows = await t.database.db.select().from(auditEvents).where(eq(auditEvents.councilId, hsId)).orderBy(desc(auditEvents.id));
    const actions = new Set(rows.map((r) => r.action));
    for (const action of ['person.create', 'membership.appoint', 'membership.end', 'membership.update', 'chairTerm.elect', 'chairTerm.end']) expect(actions, action).toContain(action);
    const end = rows.find((r) => r.action === 'membership.end')!;
    expect(end.before).toMatchObject({ endReason: null });
    expect(end.after).toMatchObject({ endReason: expect.any(String) });
    expect(end.actorLabel).toBe('office-hs@example.org');
    const appointed = rows.find((r) => r.action === 'membership.appoint')!;
    expect(appointed.after).toMatchObject({ councilId: hsId, startDate: today });
  });
});
