import { and, asc, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../src/audit/schema.js';
import { createUser } from '../../src/auth/service.js';
import { councils, seatCategories } from '../../src/councils/schema.js';
import { memberships } from '../../src/members/schema.js';
import { occupiedSeats } from '../../src/councils/admin-service.js';
import { berlinDate } from '../../src/infra/time.js';
import { Agent } from '../support/agent.js';
import { createTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
const password = 'correct horse battery staple';
const slug = 'herrenhausen-stoecken';
const office = `/admin/beiraete/${slug}`;
let hsId: number;

beforeAll(async () => {
  t = await createTestApp();
  const rows = await t.database.db.select().from(councils).where(inArray(councils.slug, [slug, 'mitte']));
  hsId = rows.find((r) => r.slug === slug)!.id;
  const mitteId = rows.find((r) => r.slug === 'mitte')!.id;
  await t.database.db.transaction(async (tx) => {
    await createUser(tx, { email: 'office-hs@example.org', displayName: 'Office HS', role: 'office', councilId: hsId, password }, { userId: null, label: 'test' });
    await createUser(tx, { email: 'chair-hs@example.org', displayName: 'Chair HS', role: 'chair', councilId: hsId, password }, { userId: null, label: 'test' });
    await createUser(tx, { email: 'member-hs@example.org', displayName: 'Member HS', role: 'member', councilId: hsId, password }, { userId: null, label: 'test' });
    await createUser(tx, { email: 'office-mitte@example.org', displayName: 'Office Mitte', role: 'office', councilId: mitteId, password }, { userId: null, label: 'test' });
  });
});
afterAll(async () => t?.close());

async function signIn(email: string): Promise<Agent> {
  const agent = new Agent(t.app);
  await agent.get('/admin/anmelden');
  const res = await agent.post('/admin/anmelden', { email, password });
  expect(res.statusCode).toBe(303);
  return agent;
}

const unescape = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** What a browser would send for the form with this action, as the page shows it (ticked boxes, selected options, texts). */
function formFields(html: string, action: string): Record<string, string | string[]> {
  const start = html.indexOf(`action="${action}"`);
  expect(start, `form ${action}`).toBeGreaterThan(-1);
  const form = html.slice(start, html.indexOf('</form>', start));
  const fields: Record<string, string | string[]> = {};
  const add = (name: string, value: string) => {
    const existing = fields[name];
    fields[name] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
  };
  for (const [tag] of form.matchAll(/<input\b[^>]*>/g)) {
    const name = /\bname="([^"]*)"/.exec(tag)?.[1];
    if (!name || name === '_csrf') continue;
    const value = unescape(/\bvalue="([^"]*)"/.exec(tag)?.[1] ?? '');
    if (/type="checkbox"/.test(tag) && !/\bchecked\b/.test(tag)) continue;
    add(name, value);
  }
  for (const [, attrs, content] of form.matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/g)) add(/\bname="([^"]*)"/.exec(attrs!)![1]!, unescape(content!));
  for (const [, name, options] of form.matchAll(/<select\b[^>]*\bname="([^"]*)"[^>]*>([\s\S]*?)<\/select>/g)) {
    const selected = /<option\b[^>]*value="([^"]*)"[^>]*\bselected\b/.exec(options!)?.[1] ?? /<option\b[^>]*value="([^"]*)"/.exec(options!)?.[1];
    add(name!, unescape(selected ?? ''));
  }
  return fields;
}

const council = async () => (await t.database.db.select().from(councils).where(eq(councils.id, hsId)))[0]!;
const auditOf = async (action: string) => t.database.db.select().from(auditEvents).where(and(eq(auditEvents.councilId, hsId), eq(auditEvents.action, action))).orderBy(asc(auditEvents.id));

describe('access', () => {
  const getRoutes = ['', '/texte', '/kontakt', '/regeln'];
  const postRoutes = ['/texte', '/texte/veroeffentlichen', '/texte/verwerfen', '/kontakt', '/regeln'];

  it('sends the anonymous to sign in', async () => {
    const agent = new Agent(t.app);
    for (const path of getRoutes) {
      const res = await agent.get(`${office}${path}`);
      expect(res.statusCode, path).toBe(303);
      expect(res.headers.location).toBe(`/admin/anmelden?weiter=${encodeURIComponent(`${office}${path}`)}`);
    }
    const en = await agent.get(`/en${office}/texte`);
    expect(en.headers.location).toMatch(/^\/en\/admin\/anmelden\?weiter=/);
  });

  it('refuses the Mitte office every Herrenhausen-Stöcken route, reading and writing', async () => {
    const before = await council();
    const agent = await signIn('office-mitte@example.org');
    for (const path of getRoutes) expect((await agent.get(`${office}${path}`)).statusCode, `GET ${path}`).toBe(403);
    await agent.get('/admin');
    for (const path of postRoutes) {
      const res = await agent.post(`${office}${path}`, { name_de: 'Übernommen', contactEmail: 'evil@example.org', invitationPeriodDays: '1' });
      expect(res.statusCode, `POST ${path}`).toBe(403);
      expect(res.body).toContain('Kein Zugriff');
    }
    expect(await council()).toEqual(before);
    // Its own council is open to it.
    expect((await agent.get('/admin/beiraete/mitte/texte')).statusCode).toBe(200);
  });

  it('refuses a member of the council the editing pages but shows the overview', async () => {
    const agent = await signIn('member-hs@example.org');
    expect((await agent.get(`${office}/texte`)).statusCode).toBe(403);
    const overview = await agent.get(office);
    expect(overview.statusCode).toBe(200);
    expect(overview.body).not.toContain(`href="${office}/texte"`);
  });

  it('refuses a form posted without its CSRF token, changing nothing', async () => {
    const before = await council();
    const agent = await signIn('office-hs@example.org');
    const page = await agent.get(`${office}/kontakt`);
    const res = await agent.post(`${office}/kontakt`, { ...formFields(page.body, `${office}/kontakt`), contactEmail: 'csrf@example.org' }, { csrf: false });
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('Formular abgelaufen');
    expect((await council()).contactEmail).toBe(before.contactEmail);
  });
});

describe('overview', () => {
  it('lists the areas of the council under its name, and the dashboard links them', async () => {
    const agent = await signIn('chair-hs@example.org');
    const res = await agent.get(office);
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/<h1[^>]*>Integrationsbeirat Herrenhausen-Stöcken<\/h1>/);
    for (const path of ['/texte', '/regeln', '/kontakt']) expect(res.body).toContain(`href="${office}${path}"`);
    const en = await agent.get(`/en${office}`);
    expect(en.body).toContain(`href="/en${office}/regeln"`);
    expect(en.body).toContain('Rules and seats');
    const dashboard = await agent.get('/admin');
    expect(dashboard.body).toContain(`href="${office}/texte"`);
    expect(dashboard.body.split(`href="${office}/texte"`).length).toBe(2);
  });
});

describe('texts', () => {
  it('keeps a draft until it is published; then the public page shows it, in English falling back to German', async () => {
    const agent = await signIn('office-hs@example.org');
    const before = await council();
    const page = await agent.get(`${office}/texte`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Kein Entwurf');
    const fields = formFields(page.body, `${office}/texte`);
    expect(fields.name_de).toBe('Integrationsbeirat Herrenhausen-Stöcken');

    const purpose = 'Der Beirat ist das Forum für alle, die in Herrenhausen-Stöcken zusammen leben – neu gefasst.';
    const saved = await agent.post(`${office}/texte`, {
      ...fields,
      purpose_de: purpose,
      purpose_en: '',
      tasks_de: 'Austausch organisieren\n\n  Projekte fördern  ',
      tasks_en: '',
      history_en: 'Founded in the district.',
    });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`${office}/texte?hinweis=councilAdmin.texts.saved`);

    const stored = await council();
    expect(stored.draftTexts).toMatchObject({ purpose: { de: purpose }, tasks: { de: ['Austausch organisieren', 'Projekte fördern'] }, savedBy: 'Office HS' });
    expect(stored.draftTexts!.purpose.en).toBeUndefined();
    expect(stored.purpose).toEqual(before.purpose);

    const publicBefore = await agent.get(`/beiraete/${slug}`);
    expect(publicBefore.statusCode).toBe(200);
    expect(publicBefore.body).not.toContain(purpose);
    expect(publicBefore.body).toContain('Projekte entwickeln');

    const draftPage = await agent.get(saved.headers.location as string);
    expect(draftPage.body).toContain('Der Entwurf ist gespeichert.');
    expect(draftPage.body).toContain('Unveröffentlichter Entwurf');
    expect(draftPage.body).toContain('von Office HS');
    expect(draftPage.body).toContain('Änderungen gegenüber der veröffentlichten Fassung');
    expect(draftPage.body).toContain('Zweck (Deutsch)');
    expect(draftPage.body).toContain('Zweck (Englisch)');
    expect(draftPage.body).toContain(purpose);
    // The form now shows the draft.
    expect(formFields(draftPage.body, `${office}/texte`).purpose_de).toBe(purpose);

    const published = await agent.post(`${office}/texte/veroeffentlichen`, formFields(draftPage.body, `${office}/texte/veroeffentlichen`));
    expect(published.statusCode).toBe(303);
    expect(published.headers.location).toBe(`${office}/texte?hinweis=councilAdmin.texts.published`);
    const after = await council();
    expect(after.draftTexts).toBeNull();
    expect(after.purpose).toEqual({ de: purpose });
    expect(after.tasks).toEqual({ de: ['Austausch organisieren', 'Projekte fördern'] });

    const publicDe = await agent.get(`/beiraete/${slug}`);
    expect(publicDe.body).toContain(purpose);
    expect(publicDe.body).toContain('<li>Projekte fördern</li>');
    const publicEn = await agent.get(`/en/beiraete/${slug}`);
    expect(publicEn.statusCode).toBe(200);
    expect(publicEn.body).toContain(`lang="de">${purpose}`);
    expect(publicEn.body).toContain('Founded in the district.');
    expect(publicEn.body).toContain('Integration Council Herrenhausen-Stöcken');

    const [draftEvent] = (await auditOf('council.texts.draft')).slice(-1);
    expect(draftEvent!.before).toMatchObject({ purpose: before.purpose });
    expect(draftEvent!.after).toMatchObject({ purpose: { de: purpose } });
    const [publishEvent] = (await auditOf('council.texts.publish')).slice(-1);
    expect(publishEvent!.actorLabel).toBe('office-hs@example.org');
    expect(publishEvent!.before).toMatchObject({ purpose: before.purpose, tasks: before.tasks });
    expect(publishEvent!.after).toMatchObject({ purpose: { de: purpose } });
  });

  it('refuses a missing German name with a field error, keeping what was typed and storing nothing', async () => {
    const agent = await signIn('office-hs@example.org');
    const page = await agent.get(`${office}/texte`);
    const draftsBefore = (await auditOf('council.texts.draft')).length;
    const res = await agent.post(`${office}/texte`, { ...formFields(page.body, `${office}/texte`), name_de: '  ', purpose_de: 'Mein getippter <Zweck>', name_en: 'x'.repeat(201) });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Bitte prüfen Sie Ihre Angaben');
    expect(res.body).toContain('Name (Deutsch): Bitte füllen Sie dieses Feld aus.');
    expect(res.body).toContain('Name (Englisch): Bitte geben Sie höchstens 200 Zeichen ein.');
    expect(res.body).toContain('id="field-name_de-error"');
    expect(res.body).toContain('Mein getippter &lt;Zweck>');
    expect((await council()).draftTexts).toBeNull();
    expect((await auditOf('council.texts.draft')).length).toBe(draftsBefore);
  });

  it('shows the errors in English on the English page, and refuses a translation without German text', async () => {
    const agent = await signIn('office-hs@example.org');
    const page = await agent.get(`/en${office}/texte`);
    const res = await agent.post(`/en${office}/texte`, { ...formFields(page.body, `/en${office}/texte`), name_de: '', history_de: '', history_en: 'Only English', tasks_de: 'x'.repeat(301) });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Name (German): Please fill in this field.');
    expect(res.body).toContain('History (German): Please enter the German text too');
    expect(res.body).toContain('Tasks (German): A task may be at most 300 characters long.');
    expect(res.body).toContain('Only English');
  });

  it('survives what a browser should not send: repeated fields, missing fields, a huge value', async () => {
    const agent = await signIn('office-hs@example.org');
    await agent.get(`${office}/texte`);
    const res = await agent.post(`${office}/texte`, { name_de: ['a', 'b'], purpose_de: 'x'.repeat(100_000) });
    expect(res.statusCode).toBe(400);
    const rules = await agent.post(`${office}/regeln`, { cat_999_quota: '3', eligibilityTies: ['lives', 'moon'] });
    expect(rules.statusCode).toBe(400);
    const publish = await agent.post(`${office}/texte/veroeffentlichen`, {});
    expect(publish.statusCode).toBe(303);
    expect(publish.headers.location).toContain('hinweis=councilAdmin.texts.nothingToPublish');
  });

  it('discards a draft, keeping it in the audit trail, and will not publish a draft changed since it was shown', async () => {
    const agent = await signIn('office-hs@example.org');
    const chair = await signIn('chair-hs@example.org');
    const published = await council();
    const page = await agent.get(`${office}/texte`);
    await agent.post(`${office}/texte`, { ...formFields(page.body, `${office}/texte`), shortName_de: 'H-S' });
    const seen = await agent.get(`${office}/texte`);
    const publishFields = formFields(seen.body, `${office}/texte/veroeffentlichen`);

    // Meanwhile the chair saves a newer draft.
    const chairPage = await chair.get(`${office}/texte`);
    await chair.post(`${office}/texte`, { ...formFields(chairPage.body, `${office}/texte`), shortName_de: 'Herrenhausen' });

    const stale = await agent.post(`${office}/texte/veroeffentlichen`, publishFields);
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('inzwischen von jemand anderem geändert');
    expect((await council()).shortName).toEqual(published.shortName);

    const discard = await agent.post(`${office}/texte/verwerfen`, formFields(stale.body, `${office}/texte/verwerfen`));
    expect(discard.statusCode).toBe(303);
    expect(discard.headers.location).toBe(`${office}/texte?hinweis=councilAdmin.texts.discarded`);
    const after = await council();
    expect(after.draftTexts).toBeNull();
    expect(after.shortName).toEqual(published.shortName);
    const [event] = (await auditOf('council.texts.discard')).slice(-1);
    expect(event!.before).toMatchObject({ shortName: { de: 'Herrenhausen' } });
    expect(event!.after).toBeNull();
  });

  it('keeps no draft when the texts are the same as the published ones', async () => {
    const agent = await signIn('office-hs@example.org');
    const page = await agent.get(`${office}/texte`);
    const res = await agent.post(`${office}/texte`, formFields(page.body, `${office}/texte`));
    expect(res.headers.location).toBe(`${office}/texte?hinweis=councilAdmin.texts.unchanged`);
    expect((await council()).draftTexts).toBeNull();
  });
});

describe('contact', () => {
  it('publishes the contact at once and audits it', async () => {
    const agent = await signIn('office-hs@example.org');
    const before = await council();
    const page = await agent.get(`${office}/kontakt`);
    expect(formFields(page.body, `${office}/kontakt`).contactEmail).toBe(before.contactEmail);
    const res = await agent.post(`${office}/kontakt`, {
      ...formFields(page.body, `${office}/kontakt`),
      contactName_de: 'Bezirksmanagement Herrenhausen-Stöcken',
      contactName_en: 'District management',
      contactEmail: ' ib-hs@hannover-stadt.example ',
      contactPhone: '(0511) 168-12345',
      contactAddress: 'Stöckener Markt 1, 30419 Hannover',
    });
    expect(res.statusCode).toBe(303);
    const after = await council();
    expect(after).toMatchObject({ contactEmail: 'ib-hs@hannover-stadt.example', contactPhone: '(0511) 168-12345', contactName: { de: 'Bezirksmanagement Herrenhausen-Stöcken', en: 'District management' }, contactIsExample: false });
    const publicPage = await agent.get(`/beiraete/${slug}`);
    expect(publicPage.body).toContain('ib-hs@hannover-stadt.example');
    expect(publicPage.body).toContain('Stöckener Markt 1, 30419 Hannover');
    expect((await agent.get(`/en/beiraete/${slug}`)).body).toContain('District management');
    const [event] = (await auditOf('council.contact.update')).slice(-1);
    expect(event!.before).toMatchObject({ contactEmail: before.contactEmail });
    expect(event!.after).toMatchObject({ contactEmail: 'ib-hs@hannover-stadt.example' });
  });

  it('refuses an invalid e-mail address and phone number, keeping what was typed', async () => {
    const agent = await signIn('office-hs@example.org');
    const before = await council();
    const page = await agent.get(`${office}/kontakt`);
    const res = await agent.post(`${office}/kontakt`, { ...formFields(page.body, `${office}/kontakt`), contactEmail: 'ib at hannover', contactPhone: 'ruf mich an', contactName_de: '' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Bitte geben Sie eine gültige E-Mail-Adresse ein');
    expect(res.body).toContain('Bitte geben Sie eine Telefonnummer aus Ziffern');
    expect(res.body).toContain('value="ib at hannover"');
    expect(await council()).toEqual(before);
  });
});

describe('rules and seats', () => {
  const categories = async () => t.database.db.select().from(seatCategories).where(eq(seatCategories.councilId, hsId)).orderBy(asc(seatCategories.position));
  const filled = async () => occupiedSeats(await t.database.db.select().from(memberships).where(eq(memberships.councilId, hsId)), berlinDate(new Date()));

  it('refuses a quota below the filled seats with a message naming the category, the new quota and the filled seats', async () => {
    const agent = await signIn('office-hs@example.org');
    const [councillors] = await categories();
    const taken = (await filled()).get(councillors!.id)!;
    expect(taken).toBeGreaterThan(1);
    const page = await agent.get(`${office}/regeln`);
    const res = await agent.post(`${office}/regeln`, { ...formFields(page.body, `${office}/regeln`), [`cat_${councillors!.id}_quota`]: String(taken - 1) });
    expect(res.statusCode).toBe(400);
    // In the summary the field's label names the category; next to the field, its row does.
    expect(res.body).toContain(`Sitze: Mitglieder des Stadtbezirksrats: Die Zahl der Sitze kann nicht auf ${taken - 1} sinken, weil ${taken} Sitze besetzt sind.`);
    expect(res.body).toContain(`id="field-cat_${councillors!.id}_quota-error"`);
    expect(res.body).toContain(`value="${taken - 1}"`);
    expect((await categories())[0]!.quota).toBe(councillors!.quota);

    const en = await agent.get(`/en${office}/regeln`);
    const enRes = await agent.post(`/en${office}/regeln`, { ...formFields(en.body, `/en${office}/regeln`), [`cat_${councillors!.id}_quota`]: '0' });
    expect(enRes.body).toContain(`Seats: Members of the district council: The number of seats cannot go down to 0, because ${taken} seats are filled.`);
  });

  it('refuses quotas that are not whole numbers, a missing fixed quorum and too few migration seats', async () => {
    const agent = await signIn('office-hs@example.org');
    const [councillors, multipliers] = await categories();
    const page = await agent.get(`${office}/regeln`);
    const fields = formFields(page.body, `${office}/regeln`);
    const bad = await agent.post(`${office}/regeln`, { ...fields, [`cat_${multipliers!.id}_quota`]: '2,5', invitationPeriodDays: '-3', quorumRule: 'fixed_number', quorumFixedNumber: '' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Bitte geben Sie eine ganze Zahl ein.');
    expect(bad.body).toContain('value="2,5"');

    const fixed = await agent.post(`${office}/regeln`, { ...fields, quorumRule: 'fixed_number', quorumFixedNumber: '' });
    expect(fixed.statusCode).toBe(400);
    expect(fixed.body).toContain('Bitte geben Sie die feste Zahl an');

    const share = await agent.post(`${office}/regeln`, { ...fields, [`cat_${councillors!.id}_quota`]: '20' });
    expect(share.statusCode).toBe(400);
    expect(share.body).toContain('Die Sitze für Menschen mit Migrationshintergrund machen nur 33,3 % aller Sitze aus (11 von 33); verlangt sind mindestens 50 %.');
    expect((await categories()).map((c) => c.quota)).toEqual([6, 2, 11]);
  });

  it('saves the rules and the seat table, adds a category, and audits every change with before and after', async () => {
    const agent = await signIn('office-hs@example.org');
    const before = await council();
    const [councillors, , migrants] = await categories();
    const page = await agent.get(`${office}/regeln`);
    expect(page.body).toContain('Sitze für Menschen mit Migrationshintergrund: 11 von 19 (57,8 %).');
    const fields = formFields(page.body, `${office}/regeln`);
    expect(fields.eligibilityTies).toBeDefined();
    const res = await agent.post(`${office}/regeln`, {
      ...fields,
      membershipMode: 'mixed',
      termLimitYears: '',
      deputiesAllowed: 'on',
      invitationPeriodDays: '10',
      invitationDayCounting: 'working_days',
      agendaProposalDays: '21',
      quorumRule: 'fixed_number',
      quorumFixedNumber: '8',
      tieRule: 'chair_decides',
      voteEffect: 'decision',
      minMigrationSharePercent: '55',
      eligibilityMinAge: '14',
      eligibilityTies: ['lives', 'works', 'club'],
      [`cat_${migrants!.id}_quota`]: '13',
      [`cat_${councillors!.id}_name_en`]: 'District councillors',
      cat_new_name_de: 'Jugendvertretung',
      cat_new_name_en: 'Youth representatives',
      cat_new_quota: '2',
      cat_new_voting: [],
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${office}/regeln?hinweis=councilAdmin.rules.saved`);
    expect(await council()).toMatchObject({
      membershipMode: 'mixed',
      termLimitYears: null,
      deputiesAllowed: true,
      invitationPeriodDays: 10,
      invitationDayCounting: 'working_days',
      agendaProposalDays: 21,
      quorumRule: 'fixed_number',
      quorumFixedNumber: 8,
      tieRule: 'chair_decides',
      voteEffect: 'decision',
      minMigrationSharePercent: 55,
      eligibilityMinAge: 14,
      eligibilityTies: ['lives', 'works', 'club'],
    });
    const after = await categories();
    expect(after.map((c) => c.quota)).toEqual([6, 2, 13, 2]);
    expect(after[0]!.name).toEqual({ de: 'Mitglieder des Stadtbezirksrats', en: 'District councillors' });
    expect(after[3]).toMatchObject({ key: 'jugendvertretung', name: { de: 'Jugendvertretung', en: 'Youth representatives' }, votingRight: false, forMigrationBackground: false });

    const [rulesEvent] = (await auditOf('council.rules.update')).slice(-1);
    expect(rulesEvent!.before).toMatchObject({ membershipMode: before.membershipMode, invitationPeriodDays: before.invitationPeriodDays, termLimitYears: 5 });
    expect(rulesEvent!.after).toMatchObject({ membershipMode: 'mixed', invitationPeriodDays: 10, termLimitYears: null });
    const updates = await auditOf('seat_category.update');
    expect(updates.find((e) => e.entityId === String(migrants!.id))).toMatchObject({ before: { quota: 11 }, after: { quota: 13 } });
    expect(updates.find((e) => e.entityId === String(councillors!.id))).toMatchObject({ before: { name: { de: 'Mitglieder des Stadtbezirksrats' } }, after: { name: { en: 'District councillors' } } });
    expect(updates).toHaveLength(2);
    const [created] = await auditOf('seat_category.create');
    expect(created).toMatchObject({ before: null, after: { key: 'jugendvertretung', quota: 2 } });

    // The public page counts the new seats.
    const publicPage = await agent.get(`/beiraete/${slug}`);
    expect(publicPage.body).toContain('Jugendvertretung');

    // Saved again unchanged: nothing more in the trail.
    const again = await agent.get(res.headers.location as string);
    expect(again.body).toContain('Die Regeln und Sitze sind gespeichert.');
    const count = (await t.database.db.select().from(auditEvents).where(eq(auditEvents.councilId, hsId))).length;
    expect((await agent.post(`${office}/regeln`, formFields(again.body, `${office}/regeln`))).statusCode).toBe(303);
    expect((await t.database.db.select().from(auditEvents).where(eq(auditEvents.councilId, hsId))).length).toBe(count);
  });
});
