import { and, asc, eq, gte, isNull, like, lte, or } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../src/audit/schema.js';
import { createUser } from '../../src/auth/service.js';
import { councils, seatCategories } from '../../src/councils/schema.js';
import { berlinDate } from '../../src/infra/time.js';
import { membershipApplications } from '../../src/joining/schema.js';
import { outbox } from '../../src/mail/schema.js';
import { memberships, people } from '../../src/members/schema.js';
import { Agent } from '../support/agent.js';
import { createTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
const password = 'joining test password 2026';
let hsId: number;
let mitteId: number;
const hs = 'herrenhausen-stoecken';
const form = `/beiraete/${hs}/mitmachen/bewerben`;
const inbox = `/admin/beiraete/${hs}/bewerbungen`;

const complete = {
  name: 'Ayşe Yılmaz',
  email: 'ayse.yilmaz@example.org',
  phone: '0511 123456',
  ties: ['lives', 'works'],
  age: '34',
  languages: 'Deutsch, Türkisch',
  motivation: 'Ich lebe seit zwanzig Jahren in Stöcken und möchte <mitreden>.',
  consent: 'on',
};

beforeAll(async () => {
  t = await createTestApp();
  const all = await t.database.db.select().from(councils);
  hsId = all.find((c) => c.slug === hs)!.id;
  mitteId = all.find((c) => c.slug === 'mitte')!.id;
  await t.database.db.transaction(async (tx) => {
    await createUser(tx, { email: 'office-hs@example.org', displayName: 'Office HS', role: 'office', councilId: hsId, password }, { userId: null, label: 'test' });
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

/** Sends the public form as a visitor would: load it, then post it. */
async function apply(fields: Record<string, string | string[]>, options: { lang?: 'de' | 'en'; slug?: string } = {}) {
  const prefix = options.lang === 'en' ? '/en' : '';
  const url = `${prefix}/beiraete/${options.slug ?? hs}/mitmachen/bewerben`;
  const agent = new Agent(t.app);
  const page = await agent.get(url);
  expect(page.statusCode).toBe(200);
  return agent.post(url, fields);
}

async function applicationByEmail(email: string) {
  const [row] = await t.database.db.select().from(membershipApplications).where(eq(membershipApplications.email, email));
  return row;
}

const mailsLike = (pattern: string) => t.database.db.select().from(outbox).where(like(outbox.key, pattern));

describe('the public application form', () => {
  it('is linked prominently from the “Mitmachen” page, in both languages', async () => {
    const de = await t.app.inject({ url: `/beiraete/${hs}/mitmachen` });
    expect(de.body).toContain(`href="${form}"`);
    expect(de.body).toContain('Zum Bewerbungsformular');
    const en = await t.app.inject({ url: `/en/beiraete/${hs}/mitmachen` });
    expect(en.body).toContain(`href="/en${form}"`);
    expect(en.body).toContain('Go to the application form');
  });

  it('explains why the age is asked and what happens to the data', async () => {
    const res = await t.app.inject({ url: form });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toContain('mindestens 16 Jahre alt sein müssen');
    expect(res.body).toContain(`löschen wir Ihre Bewerbung ${t.config.applicationRetentionMonths} Monate nach dem Eingang`);
    expect(res.body).toContain('name="consent"');
    const en = await t.app.inject({ url: `/en${form}` });
    expect(en.body).toContain('must be at least 16 years old');
  });

  it('stores a German application, confirms it by mail in German, audits it and thanks the applicant', async () => {
    const res = await apply(complete);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${form}/danke`);
    const thanks = await t.app.inject({ url: String(res.headers.location) });
    expect(thanks.statusCode).toBe(200);
    expect(thanks.body).toContain('Vielen Dank für Ihre Bewerbung');

    const row = await applicationByEmail(complete.email);
    expect(row).toMatchObject({ councilId: hsId, name: 'Ayşe Yılmaz', ties: ['lives', 'works'], age: 34, status: 'received', phone: '0511 123456' });
    const mails = await mailsLike(`application-confirmation:${row!.id}`);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.to).toBe(complete.email);
    expect(mails[0]!.subject).toBe('Ihre Bewerbung beim Integrationsbeirat Herrenhausen-Stöcken');
    expect(mails[0]!.text).toContain('Guten Tag Ayşe Yılmaz');
    const [audit] = await t.database.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'application.create'), eq(auditEvents.entityId, String(row!.id))));
    expect(audit).toMatchObject({ actorLabel: 'applicant', actorUserId: null, councilId: hsId });
  });

  it('stores an English application and confirms it in English', async () => {
    const res = await apply({ ...complete, name: 'Young Applicant', email: 'young@example.org', age: '15', ties: 'club', phone: '' }, { lang: 'en' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/en${form}/danke`);
    const thanks = await t.app.inject({ url: String(res.headers.location) });
    expect(thanks.body).toContain('Thank you for your application');
    const row = await applicationByEmail('young@example.org');
    expect(row).toMatchObject({ councilId: hsId, age: 15, ties: ['club'], phone: null });
    const mails = await mailsLike(`application-confirmation:${row!.id}`);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe('Your application to the Integration Council Herrenhausen-Stöcken');
  });

  it('shows errors in German, keeps what was typed and stores nothing when name, tie and consent are missing', async () => {
    const res = await apply({ ...complete, name: '', ties: [], consent: '', email: 'kept@example.org' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Bitte prüfen Sie Ihre Angaben');
    expect(res.body).toContain('Vor- und Nachname: Bitte füllen Sie dieses Feld aus.');
    expect(res.body).toContain('Bitte kreuzen Sie mindestens eine Verbindung zum Stadtbezirk an.');
    expect(res.body).toContain('Ohne Ihre Einwilligung können wir die Bewerbung nicht bearbeiten.');
    expect(res.body).toContain('value="kept@example.org"');
    expect(res.body).toContain('value="0511 123456"');
    expect(res.body).toContain('Ich lebe seit zwanzig Jahren in Stöcken und möchte &lt;mitreden>.');
    expect(await applicationByEmail('kept@example.org')).toBeUndefined();
  });

  it('shows errors in English and keeps ticked boxes', async () => {
    const res = await apply({ ...complete, age: 'twelve', email: 'no-at-sign', ties: ['works'], consent: '' }, { lang: 'en' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Please enter a whole number.');
    expect(res.body).toContain('Please enter a valid e-mail address');
    expect(res.body).toContain('We cannot handle your application without your consent.');
    expect(res.body).toMatch(/value="works" checked/);
    expect(res.body).not.toMatch(/value="lives" checked/);
    expect(res.body).toContain('value="twelve"');
  });

  it('refuses ages out of range, over-long texts and odd field types without a 500', async () => {
    const res = await apply({ ...complete, age: '9', name: 'x'.repeat(201), motivation: 'y'.repeat(3001), ties: ['elsewhere'], consent: ['on', 'on'] as unknown as string });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Der Wert muss mindestens 10 sein.');
    expect(res.body).toContain('Bitte geben Sie höchstens 200 Zeichen ein.');
    expect(res.body).toContain('Bitte geben Sie höchstens 3000 Zeichen ein.');
    const old = await apply({ ...complete, age: '121' });
    expect(old.statusCode).toBe(400);
    expect(old.body).toContain('Der Wert darf höchstens 120 sein.');
  });

  it('refuses a form without its CSRF token with 403 and stores nothing', async () => {
    const agent = new Agent(t.app);
    await agent.get(form);
    const res = await agent.post(form, { ...complete, email: 'csrf@example.org' }, { csrf: false });
    expect(res.statusCode).toBe(403);
    expect(await applicationByEmail('csrf@example.org')).toBeUndefined();
  });

  it('thanks a bot that fills the hidden field but stores nothing', async () => {
    const res = await apply({ ...complete, email: 'bot@example.org', website: 'http://spam.example' });
    expect(res.statusCode).toBe(303);
    expect(await applicationByEmail('bot@example.org')).toBeUndefined();
  });

  it('answers 404 for an unknown council', async () => {
    expect((await t.app.inject({ url: '/beiraete/atlantis/mitmachen/bewerben' })).statusCode).toBe(404);
    expect((await t.app.inject({ url: '/beiraete/Not_A_Slug/mitmachen/bewerben' })).statusCode).toBe(404);
  });
});

describe('the office’s inbox', () => {
  it('lists the council’s applications with eligibility flags, and not another council’s', async () => {
    await apply({ ...complete, name: 'Mitte Bewerberin', email: 'mitte@example.org' }, { slug: 'mitte' });
    const office = await signIn('office-hs@example.org');
    const dashboard = await office.get('/admin');
    expect(dashboard.body).toContain(`href="${inbox}"`);

    const res = await office.get(inbox);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Ayşe Yılmaz');
    expect(res.body).toContain('Young Applicant');
    expect(res.body).not.toContain('Mitte Bewerberin');
    // Newest first.
    expect(res.body.indexOf('Young Applicant')).toBeLessThan(res.body.indexOf('Ayşe Yılmaz'));
    expect(res.body).toContain('zu jung (unter 16)');
    // Herrenhausen-Stöcken accepts living or working in the district, not a club.
    expect(res.body).toContain('keine anerkannte Verbindung zum Stadtbezirk');
    expect(res.body).toContain('erfüllt');

    const en = await office.get(`/en${inbox}`);
    expect(en.body).toContain('too young (under 16)');
    expect(en.body).toContain('no accepted tie to the district');

    const mitte = await signIn('office-mitte@example.org');
    const own = await mitte.get('/admin/beiraete/mitte/bewerbungen');
    expect(own.statusCode).toBe(200);
    expect(own.body).toContain('Mitte Bewerberin');
    expect(own.body).not.toContain('Ayşe Yılmaz');
  });

  it('refuses the Mitte office on Herrenhausen-Stöcken’s inbox and applications', async () => {
    const row = await applicationByEmail(complete.email);
    const mitte = await signIn('office-mitte@example.org');
    expect((await mitte.get(inbox)).statusCode).toBe(403);
    expect((await mitte.get(`${inbox}/${row!.id}`)).statusCode).toBe(403);
    await mitte.get('/admin/beiraete/mitte/bewerbungen');
    const post = await mitte.post(`${inbox}/${row!.id}/ablehnen`, { reason: 'Nicht zuständig' });
    expect(post.statusCode).toBe(403);
    expect((await applicationByEmail(complete.email))!.status).toBe('received');
  });

  it('does not show an application under another council’s address', async () => {
    const mitteApplication = await applicationByEmail('mitte@example.org');
    const office = await signIn('office-hs@example.org');
    expect((await office.get(`${inbox}/${mitteApplication!.id}`)).statusCode).toBe(404);
    expect((await office.get(`${inbox}/abc`)).statusCode).toBe(404);
    expect((await office.get(`${inbox}/999999`)).statusCode).toBe(404);
  });

  it('asks back with a mail sent once, keeping the text after an error', async () => {
    const row = await applicationByEmail(complete.email);
    const office = await signIn('office-hs@example.org');
    const detail = await office.get(`${inbox}/${row!.id}`);
    expect(detail.statusCode).toBe(200);
    expect(detail.body).toContain('Bewerbung von Ayşe Yılmaz');
    expect(detail.body).toContain('&lt;mitreden>');

    const empty = await office.post(`${inbox}/${row!.id}/rueckfrage`, { message: '  ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Bitte füllen Sie dieses Feld aus.');
    const long = await office.post(`${inbox}/${row!.id}/rueckfrage`, { message: 'z'.repeat(2001) });
    expect(long.statusCode).toBe(400);
    expect(long.body).toContain('z'.repeat(2001));

    const question = 'Seit wann wohnen Sie in Stöcken?';
    const res = await office.post(`${inbox}/${row!.id}/rueckfrage`, { message: question });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${inbox}/${row!.id}?hinweis=joining.askBack.done`);
    const after = await office.get(String(res.headers.location));
    expect(after.body).toContain('Die Rückfrage ist gespeichert');
    expect(after.body).toContain('Rückfrage gestellt');
    // A second click on the same question sends no second mail.
    await office.post(`${inbox}/${row!.id}/rueckfrage`, { message: question });

    expect((await applicationByEmail(complete.email))!).toMatchObject({ status: 'asked_back', officeMessage: question });
    const mails = await mailsLike(`application-ask-back:${row!.id}:%`);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.to).toBe(complete.email);
    expect(mails[0]!.text).toContain(question);
    expect(mails[0]!.subject).toContain('Rückfrage zu Ihrer Bewerbung');
    // The applicant wrote in German, so the office's question goes out in German only.
    expect(mails[0]!.subject).not.toContain('A question about your application');
    const audits = await t.database.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'application.ask_back'), eq(auditEvents.entityId, String(row!.id))));
    expect(audits[0]).toMatchObject({ actorLabel: 'office-hs@example.org', before: expect.objectContaining({ status: 'received' }), after: expect.objectContaining({ status: 'asked_back', officeMessage: question }) });
  });

  it('rejects with a reason, mailed once; a decided application takes no further action', async () => {
    const row = await applicationByEmail('young@example.org');
    const office = await signIn('office-hs@example.org');
    await office.get(`/en${inbox}/${row!.id}`);
    const missing = await office.post(`/en${inbox}/${row!.id}/ablehnen`, { reason: '' });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('Please fill in this field.');

    const reason = 'Members must be at least 16 years old.';
    const res = await office.post(`/en${inbox}/${row!.id}/ablehnen`, { reason });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/en${inbox}/${row!.id}?hinweis=joining.reject.done`);
    const decided = await applicationByEmail('young@example.org');
    expect(decided).toMatchObject({ status: 'rejected', officeMessage: reason });
    expect(decided!.decidedAt).not.toBeNull();
    const mails = await mailsLike(`application-rejection:${row!.id}`);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toContain(reason);
    // This applicant wrote in English: the office's reply is in English, whatever the office reads.
    expect(decided!.locale).toBe('en');
    expect(mails[0]!.subject).toMatch(/^Your application to the /);
    expect(mails[0]!.text).not.toContain('Guten Tag');

    const page = await office.get(`/en${inbox}/${row!.id}`);
    expect(page.body).toContain('This application has been decided');
    expect(page.body).not.toContain('/ablehnen"');
    const again = await office.post(`/en${inbox}/${row!.id}/ablehnen`, { reason: 'again' });
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('has been handled in the meantime');
    expect(await mailsLike(`application-rejection:${row!.id}`)).toHaveLength(1);
    const [audit] = await t.database.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'application.reject'), eq(auditEvents.entityId, String(row!.id))));
    expect(audit).toMatchObject({ before: expect.objectContaining({ status: 'received' }), after: expect.objectContaining({ status: 'rejected' }) });
  });
});

describe('recording the appointment', () => {
  const today = berlinDate(new Date());
  const yesterday = (() => {
    const d = new Date(`${today}T12:00:00Z`);
    d.setUTCDate(d.getUTCDate() - 1);
    return d.toISOString().slice(0, 10);
  })();

  async function migrationCategory(councilId: number) {
    const [category] = await t.database.db
      .select()
      .from(seatCategories)
      .where(and(eq(seatCategories.councilId, councilId), eq(seatCategories.key, 'migration_background')));
    return category!;
  }

  /** "filled" for a seat category and the total, as the public composition table shows them. */
  async function publicNumbers(): Promise<{ filled: number; total: number }> {
    const res = await t.app.inject({ url: `/beiraete/${hs}` });
    const row = /Einwohnerinnen und Einwohner mit Migrationshintergrund<\/th>\s*<td[^>]*>(\d+)<\/td>\s*<td[^>]*>(\d+)<\/td>/.exec(res.body);
    const total = /Insgesamt<\/th>\s*<td[^>]*>(\d+)<\/td>\s*<td[^>]*>(\d+)<\/td>/.exec(res.body) ?? /<tfoot[\s\S]*?<td[^>]*>(\d+)<\/td>\s*<td[^>]*>(\d+)<\/td>/.exec(res.body);
    return { filled: Number(row![2]), total: Number(total![2]) };
  }

  it('refuses an appointment over the quota with a message naming the category and quota', async () => {
    const row = await applicationByEmail(complete.email);
    const category = await migrationCategory(hsId);
    const office = await signIn('office-hs@example.org');
    await office.get(`${inbox}/${row!.id}`);
    const res = await office.post(`${inbox}/${row!.id}/berufen`, { givenName: 'Ayşe', familyName: 'Yılmaz', seatCategoryId: String(category.id), startDate: today, publicConsent: 'on' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain(`Die Sitzkategorie „Einwohnerinnen und Einwohner mit Migrationshintergrund“ ist mit ${category.quota} Sitzen voll besetzt.`);
    // What was typed is kept.
    expect(res.body).toContain('value="Yılmaz"');
    expect((await applicationByEmail(complete.email))!.status).toBe('asked_back');
    expect(await t.database.db.select().from(people).where(eq(people.email, complete.email))).toEqual([]);
  });

  it('refuses another council’s seat category, a missing name and an impossible date', async () => {
    const row = await applicationByEmail(complete.email);
    const mitteCategory = await migrationCategory(mitteId);
    const office = await signIn('office-hs@example.org');
    await office.get(`${inbox}/${row!.id}`);
    const res = await office.post(`${inbox}/${row!.id}/berufen`, { givenName: 'Ayşe', familyName: '', seatCategoryId: String(mitteCategory.id), startDate: '2026-02-30' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Nachname: Bitte füllen Sie dieses Feld aus.');
    expect(res.body).toContain('Sitzkategorie: Bitte wählen Sie eine der Möglichkeiten.');
    expect(res.body).toContain('Beginn der Mitgliedschaft: Bitte geben Sie ein Datum an');
  });

  it('creates the membership, marks the application appointed and updates the public composition', async () => {
    const { db } = t.database;
    const category = await migrationCategory(hsId);
    const before = await publicNumbers();
    expect(before.filled).toBe(category.quota);

    // A seat falls vacant: one member's term ended yesterday.
    const [leaving] = await db
      .select({ id: memberships.id })
      .from(memberships)
      .where(and(eq(memberships.seatCategoryId, category.id), lte(memberships.startDate, yesterday), or(isNull(memberships.endDate), gte(memberships.endDate, today))))
      .orderBy(asc(memberships.id))
      .limit(1);
    await db.update(memberships).set({ endDate: yesterday }).where(eq(memberships.id, leaving!.id));
    const vacant = await publicNumbers();
    expect(vacant).toEqual({ filled: before.filled - 1, total: before.total - 1 });

    const row = await applicationByEmail(complete.email);
    const office = await signIn('office-hs@example.org');
    const page = await office.get(`${inbox}/${row!.id}`);
    // The form proposes the name split in two and the migration-background seat.
    expect(page.body).toContain('value="Ayşe"');
    expect(page.body).toMatch(new RegExp(`<option value="${category.id}" selected`));
    const res = await office.post(`${inbox}/${row!.id}/berufen`, { givenName: 'Ayşe', familyName: 'Yılmaz', seatCategoryId: String(category.id), startDate: today, publicConsent: 'on' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${inbox}/${row!.id}?hinweis=joining.appoint.done`);

    const appointed = await applicationByEmail(complete.email);
    expect(appointed!.status).toBe('appointed');
    expect(appointed!.membershipId).not.toBeNull();
    const [membership] = await db.select().from(memberships).where(eq(memberships.id, appointed!.membershipId!));
    expect(membership).toMatchObject({ councilId: hsId, seatCategoryId: category.id, startDate: today, publicConsent: true });
    const [person] = await db.select().from(people).where(eq(people.id, membership!.personId));
    expect(person).toMatchObject({ givenName: 'Ayşe', familyName: 'Yılmaz', email: complete.email });

    expect(await publicNumbers()).toEqual(before);
    const members = await t.app.inject({ url: `/beiraete/${hs}/mitglieder` });
    expect(members.body).toContain('Ayşe Yılmaz');

    const [audit] = await db.select().from(auditEvents).where(and(eq(auditEvents.action, 'application.appoint'), eq(auditEvents.entityId, String(row!.id))));
    expect(audit).toMatchObject({ actorLabel: 'office-hs@example.org', after: expect.objectContaining({ status: 'appointed', membershipId: membership!.id }) });

    // Decided: no second membership from a second click.
    const again = await office.post(`${inbox}/${row!.id}/berufen`, { givenName: 'Ayşe', familyName: 'Yılmaz', seatCategoryId: String(category.id), startDate: today });
    expect(again.statusCode).toBe(409);
    expect(await db.select().from(people).where(eq(people.email, complete.email))).toHaveLength(1);
  });
});
