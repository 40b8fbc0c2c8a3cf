import { createHash } from 'node:crypto';
import { and, eq, isNotNull, like, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { councils } from '../../src/councils/schema.js';
import { outbox } from '../../src/mail/schema.js';
import { agendaItems, meetings, meetingSubscriptions } from '../../src/meetings/schema.js';
import { announceMeeting, deleteUnconfirmedSubscriptions } from '../../src/subscriptions/service.js';
import { Agent } from '../support/agent.js';
import { createTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
let mitteId: number;
let lindenId: number;
let meetingId: number;
const form = '/beiraete/mitte/sitzungen/benachrichtigung';
const cityForm = '/sitzungen/benachrichtigung';
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  const all = await db.select().from(councils);
  mitteId = all.find((c) => c.slug === 'mitte')!.id;
  lindenId = all.find((c) => c.slug === 'linden-limmer')!.id;
  const [withPlace] = await db.select().from(meetings).where(and(eq(meetings.councilId, mitteId), isNotNull(meetings.locationId))).limit(1);
  const [m] = await db
    .insert(meetings)
    .values({ councilId: mitteId, locationId: withPlace!.locationId, startsAt: new Date('2030-12-16T17:30:00Z'), endsAt: new Date('2030-12-16T19:30:00Z'), state: 'invited' })
    .returning();
  meetingId = m!.id;
  await db.insert(agendaItems).values([
    { meetingId, number: '1', position: 1, title: { de: 'Eröffnung', en: 'Opening' } },
    { meetingId, number: '2', position: 2, title: { de: 'Sommerfest 2031', en: 'Summer festival 2031' } },
    { meetingId, number: '3', position: 3, title: { de: 'Geheimer Punkt XYZ' }, isPublic: false },
  ]);
});
afterAll(async () => t?.close());

/** Loads the form as a visitor would, then posts it. */
async function subscribe(fields: Record<string, string>, options: { lang?: 'de' | 'en'; url?: string } = {}) {
  const url = `${options.lang === 'en' ? '/en' : ''}${options.url ?? form}`;
  const agent = new Agent(t.app);
  const page = await agent.get(url);
  expect(page.statusCode).toBe(200);
  return { agent, res: await agent.post(url, fields) };
}

const rowsFor = (email: string) => t.database.db.select().from(meetingSubscriptions).where(sql`lower(${meetingSubscriptions.email}) = lower(${email})`);
const mailsTo = (email: string, keyPattern = '%') => t.database.db.select().from(outbox).where(and(eq(outbox.to, email), like(outbox.key, keyPattern)));
const confirmLink = (text: string) => /http:\/\/beirat\.test(\/(?:en\/)?abo\/bestaetigen\?t=[\w-]+)/.exec(text)?.[1];
const unsubscribeLinks = (text: string) => [...text.matchAll(/http:\/\/beirat\.test(\/(?:en\/)?abo\/abmelden\?s=[\w.-]+)/g)].map((m) => m[1]!);

/** Subscribes and confirms through the mailed link, as a person would; returns the row. */
async function subscribeConfirmed(email: string, options: { lang?: 'de' | 'en'; url?: string } = {}) {
  await subscribe({ email, consent: 'on' }, options);
  const [mail] = await mailsTo(email, 'subscription-confirm:%');
  const link = confirmLink(mail!.text)!;
  const agent = new Agent(t.app);
  await agent.get(link);
  const res = await agent.post(link.replace(/\?.*$/, ''), { t: new URL(link, 'http://x').searchParams.get('t')! });
  expect(res.statusCode).toBe(303);
  const rows = await rowsFor(email);
  return rows.find((r) => r.councilId === (options.url === cityForm ? null : mitteId))!;
}

const announce = (kind: 'invited' | 'cancelled' | 'changed', id = meetingId) => t.database.db.transaction((tx) => announceMeeting(tx, { meetingId: id, kind, baseUrl: t.config.baseUrl }));

describe('the subscription form', () => {
  it('has a labelled address field, the consent and the privacy note, in the page language', async () => {
    const de = await t.app.inject({ url: form });
    expect(de.statusCode).toBe(200);
    expect(de.body).toMatch(/^<!doctype html><html lang="de"/);
    expect(de.body).toContain('<h1 class="kern-heading-large">Benachrichtigung über Sitzungen</h1>');
    expect(de.body).toMatch(/<label class="kern-label" for="field-email">/);
    expect(de.body).toContain('for="field-consent"');
    expect(de.body).toContain('Wir speichern nur Ihre E-Mail-Adresse');
    expect(de.headers['cache-control']).toBe('no-store');
    const en = await t.app.inject({ url: `/en${form}` });
    expect(en.body).toMatch(/^<!doctype html><html lang="en"/);
    expect(en.body).toContain('We store only your e-mail address');
    const city = await t.app.inject({ url: cityForm });
    expect(city.statusCode).toBe(200);
    expect(city.body).toContain('aller Integrationsbeiräte');
    expect((await t.app.inject({ url: '/beiraete/gibt-es-nicht/sitzungen/benachrichtigung' })).statusCode).toBe(404);
  });

  it('keeps a bad address and names the error, in the page language', async () => {
    const { res } = await subscribe({ email: 'kein-at-zeichen', consent: 'on' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('value="kein-at-zeichen"');
    expect(res.body).toContain('aria-invalid="true"');
    expect(res.body).toContain('id="error-summary"');
    const en = await subscribe({ email: 'no-at-sign', consent: 'on' }, { lang: 'en' });
    expect(en.res.statusCode).toBe(400);
    expect(en.res.body).toMatch(/^<!doctype html><html lang="en"/);
    expect(en.res.body).toContain('value="no-at-sign"');
    expect(await rowsFor('kein-at-zeichen')).toHaveLength(0);
  });

  it('refuses without consent and keeps the address typed', async () => {
    const { res } = await subscribe({ email: 'ohne.einwilligung@example.org' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Ohne Ihre Einwilligung können wir Ihnen keine E-Mails schicken.');
    expect(res.body).toContain('value="ohne.einwilligung@example.org"');
    expect(await rowsFor('ohne.einwilligung@example.org')).toHaveLength(0);
  });

  it('needs the CSRF token', async () => {
    const agent = new Agent(t.app);
    await agent.get(form);
    const res = await agent.post(form, { email: 'csrf@example.org', consent: 'on' }, { csrf: false });
    expect(res.statusCode).toBe(403);
    expect(await rowsFor('csrf@example.org')).toHaveLength(0);
  });

  it('answers a bot that fills the hidden field as a person, and stores nothing', async () => {
    const { res } = await subscribe({ email: 'bot@example.org', consent: 'on', website: 'http://spam.example' });
    expect(res.statusCode).toBe(303);
    expect(await rowsFor('bot@example.org')).toHaveLength(0);
    expect(await mailsTo('bot@example.org')).toHaveLength(0);
  });
});

describe('double opt-in', () => {
  it('stores an unconfirmed request with only the token hash and mails the link', async () => {
    const { res, agent } = await subscribe({ email: 'anna@example.org', consent: 'on' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${form}/danke`);
    const thanks = await agent.get(String(res.headers.location));
    expect(thanks.body).toContain('Bitte bestätigen Sie Ihre Anmeldung');

    const [row] = await rowsFor('anna@example.org');
    expect(row).toMatchObject({ councilId: mitteId, locale: 'de', confirmedAt: null });
    const [mail] = await mailsTo('anna@example.org', 'subscription-confirm:%');
    expect(mail!.key).toMatch(new RegExp(`^subscription-confirm:${row!.id}:`));
    expect(mail!.subject).toBe('Bitte bestätigen Sie Ihre Anmeldung');
    expect(mail!.text).toContain('Integrationsbeirats Mitte');
    const link = confirmLink(mail!.text)!;
    expect(link).toMatch(/^\/abo\/bestaetigen\?t=/);
    const token = new URL(link, 'http://x').searchParams.get('t')!;
    expect(row!.confirmTokenHash).toBe(sha256(token));
    expect(row!.confirmTokenHash).not.toContain(token);
  });

  it('confirms only by the button: opening the link changes nothing', async () => {
    const [mail] = await mailsTo('anna@example.org', 'subscription-confirm:%');
    const link = confirmLink(mail!.text)!;
    const agent = new Agent(t.app);
    const page = await agent.get(link);
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/^<!doctype html><html lang="de"/);
    expect(page.body).toContain('anna@example.org');
    expect(page.body).toContain('<meta name="robots" content="noindex"');
    expect(page.body).toContain('Anmeldung bestätigen</span></button>');
    await agent.get(link);
    expect((await rowsFor('anna@example.org'))[0]!.confirmedAt).toBeNull();

    const token = new URL(link, 'http://x').searchParams.get('t')!;
    const res = await agent.post('/abo/bestaetigen', { t: token });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/abo/bestaetigt');
    const [row] = await rowsFor('anna@example.org');
    expect(row!.confirmedAt).toBeInstanceOf(Date);
    expect(row!.confirmTokenHash).toBeNull();
    expect((await agent.get('/abo/bestaetigt')).body).toContain('Ihre Anmeldung ist bestätigt');

    // The same link again: a clear page, not an error.
    const again = await agent.post('/abo/bestaetigen', { t: token });
    expect(again.statusCode).toBe(404);
    expect(again.body).toContain('Dieser Bestätigungslink gilt nicht');
  });

  it('shows a clear page for an unknown, malformed or missing token', async () => {
    for (const url of ['/abo/bestaetigen?t=unknownTokenUnknownTokenUnknown', '/abo/bestaetigen?t=%3Cscript%3E', '/abo/bestaetigen', '/en/abo/bestaetigen?t=x']) {
      const res = await t.app.inject({ url, headers: { accept: 'text/html' } });
      expect(res.statusCode, url).toBe(404);
      expect(res.body, url).toMatch(/Dieser Bestätigungslink gilt nicht|This confirmation link is not valid/);
      expect(res.body).not.toContain('<script>');
    }
  });

  it('does not confirm a request older than a week', async () => {
    const token = 'expiredTokenExpiredTokenExpired1';
    await t.database.db.insert(meetingSubscriptions).values({ councilId: mitteId, email: 'late@example.org', confirmTokenHash: sha256(token), createdAt: new Date(Date.now() - 8 * 24 * 3600_000) });
    const agent = new Agent(t.app);
    expect((await agent.get(`/abo/bestaetigen?t=${token}`)).statusCode).toBe(404);
    await agent.get(form);
    expect((await agent.post('/abo/bestaetigen', { t: token })).statusCode).toBe(404);
    expect((await rowsFor('late@example.org'))[0]!.confirmedAt).toBeNull();
  });

  it('keeps one row per address and council, whatever the case, and answers alike', async () => {
    const first = await subscribe({ email: 'Ben@Example.org', consent: 'on' });
    const second = await subscribe({ email: 'ben@example.ORG', consent: 'on' });
    expect(first.res.headers.location).toBe(second.res.headers.location);
    expect(await rowsFor('ben@example.org')).toHaveLength(1);
    // Each request sends a new link; only the latest one works.
    const mails = await t.database.db.select().from(outbox).where(sql`lower(${outbox.to}) = 'ben@example.org'`);
    expect(mails).toHaveLength(2);

    // A confirmed address gets no new mail, and the answer is the same page.
    const before = (await mailsTo('anna@example.org')).length;
    const again = await subscribe({ email: 'anna@example.org', consent: 'on' });
    expect(again.res.statusCode).toBe(303);
    expect(again.res.headers.location).toBe(first.res.headers.location);
    expect(await mailsTo('anna@example.org')).toHaveLength(before);
    expect(await rowsFor('anna@example.org')).toHaveLength(1);
  });

  it('sends a stranger’s address at most three confirmation mails a day', async () => {
    for (let i = 0; i < 5; i++) await subscribe({ email: 'victim@example.org', consent: 'on' });
    expect(await mailsTo('victim@example.org', 'subscription-confirm:%')).toHaveLength(3);
    expect(await rowsFor('victim@example.org')).toHaveLength(1);
  });

  it('stores the page language and writes in it', async () => {
    await subscribe({ email: 'clara@example.org', consent: 'on' }, { lang: 'en' });
    const [row] = await rowsFor('clara@example.org');
    expect(row!.locale).toBe('en');
    const [mail] = await mailsTo('clara@example.org');
    expect(mail!.subject).toBe('Please confirm your subscription');
    expect(confirmLink(mail!.text)).toMatch(/^\/en\/abo\/bestaetigen\?t=/);
  });

  it('has a city-wide form for all councils', async () => {
    const row = await subscribeConfirmed('dora@example.org', { url: cityForm });
    expect(row.councilId).toBeNull();
    const [mail] = await mailsTo('dora@example.org', 'subscription-confirm:%');
    expect(mail!.text).toContain('aller Integrationsbeiräte in Hannover');
  });
});

describe('announcements', () => {
  it('mail every confirmed subscriber of the council and of the city once, never an unconfirmed one', async () => {
    const erik = await subscribeConfirmed('erik@example.org');
    // Subscribed to Mitte and to all councils: one mail, with both ways out.
    await subscribeConfirmed('Fatma@example.org');
    await subscribeConfirmed('fatma@example.org', { url: cityForm });
    const english = await subscribeConfirmed('george@example.org', { lang: 'en' });
    await subscribe({ email: 'unconfirmed@example.org', consent: 'on' });
    // Another council's subscriber.
    await t.database.db.insert(meetingSubscriptions).values({ councilId: lindenId, email: 'linden@example.org', confirmedAt: new Date() });

    const queued = await announce('invited');
    const mails = await t.database.db.select().from(outbox).where(like(outbox.key, `meeting-invited:${meetingId}:%`));
    const recipients = mails.map((m) => m.to.toLowerCase()).sort();
    // anna (confirmed above), dora (city-wide), erik, fatma once, george; not ben, clara, victim, unconfirmed or linden.
    expect(recipients).toEqual(['anna@example.org', 'dora@example.org', 'erik@example.org', 'fatma@example.org', 'george@example.org']);
    expect(queued).toBe(5);

    const erikMail = mails.find((m) => m.to === 'erik@example.org')!;
    expect(erikMail.key).toBe(`meeting-invited:${meetingId}:0:${erik.id}`);
    expect(erikMail.subject).toBe('Sitzung des Integrationsbeirats Mitte am 16.12.2030');
    expect(erikMail.text).toContain('Datum: Montag, 16. Dezember 2030');
    expect(erikMail.text).toContain('Uhrzeit: 18:30–20:30 Uhr');
    expect(erikMail.text).toMatch(/Ort: .+, \d{5} Hannover/);
    expect(erikMail.text).toContain('TOP 2 Sommerfest 2031');
    expect(erikMail.text).not.toContain('Geheimer Punkt');
    expect(erikMail.text).toContain(`http://beirat.test/beiraete/mitte/sitzungen/${meetingId}`);
    expect(erikMail.text).toContain('http://beirat.test/beiraete/mitte/sitzungen.ics');
    expect(unsubscribeLinks(erikMail.text)).toHaveLength(1);
    expect(erikMail.attachments?.[0]?.filename).toBe(`sitzung-${meetingId}.ics`);
    const ics = Buffer.from(erikMail.attachments![0]!.contentBase64, 'base64').toString('utf8');
    expect(ics).toContain(`UID:meeting-${meetingId}@beirat.test`);
    expect(ics).not.toContain('Geheimer Punkt');

    const fatmaMail = mails.find((m) => m.to.toLowerCase() === 'fatma@example.org')!;
    expect(unsubscribeLinks(fatmaMail.text)).toHaveLength(2);
    const georgeMail = mails.find((m) => m.to === 'george@example.org')!;
    expect(georgeMail.key).toBe(`meeting-invited:${meetingId}:0:${english.id}`);
    expect(georgeMail.subject).toBe('Meeting of the Integration Council Mitte on 16/12/2030');
    expect(georgeMail.text).toContain('Summer festival 2031');
    expect(unsubscribeLinks(georgeMail.text)[0]).toMatch(/^\/en\/abo\/abmelden\?s=/);
  });

  it('queues nothing new when called again for the same state', async () => {
    const before = (await t.database.db.select().from(outbox)).length;
    expect(await announce('invited')).toBe(0);
    expect((await t.database.db.select().from(outbox)).length).toBe(before);
  });

  it('announces a cancellation after the sequence was raised, with the note', async () => {
    await t.database.db.update(meetings).set({ cancelled: true, sequence: 1, cancellationNote: { de: 'Der Saal ist belegt.' } }).where(eq(meetings.id, meetingId));
    expect(await announce('cancelled')).toBe(5);
    const [mail] = await mailsTo('erik@example.org', `meeting-cancelled:${meetingId}:1:%`);
    expect(mail!.subject).toBe('Abgesagt: Sitzung des Integrationsbeirats Mitte am 16.12.2030');
    expect(mail!.text).toContain('Der Saal ist belegt.');
    expect(mail!.attachments).toBeNull();
    expect(await announce('cancelled')).toBe(0);
  });
});

describe('unsubscribing', () => {
  it('works through the signed link: GET shows a button, POST deletes the row, later mails skip it', async () => {
    const [mail] = await mailsTo('erik@example.org', `meeting-invited:${meetingId}:%`);
    const [link] = unsubscribeLinks(mail!.text);
    const agent = new Agent(t.app);
    const page = await agent.get(link!);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('erik@example.org');
    expect(page.body).toContain('Abmelden</span></button>');
    await agent.get(link!);
    expect(await rowsFor('erik@example.org')).toHaveLength(1);

    const s = new URL(link!, 'http://x').searchParams.get('s')!;
    const res = await agent.post('/abo/abmelden', { s });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/abo/abgemeldet');
    expect(await rowsFor('erik@example.org')).toHaveLength(0);
    // The link once more: nothing left to do, and it says so.
    const again = await agent.get(link!);
    expect(again.statusCode).toBe(200);
    expect(again.body).toContain('Sie sind abgemeldet');

    await t.database.db.update(meetings).set({ cancelled: false, sequence: 2 }).where(eq(meetings.id, meetingId));
    expect(await announce('changed')).toBe(4);
    expect(await mailsTo('erik@example.org', `meeting-changed:%`)).toHaveLength(0);
    const [changed] = await mailsTo('anna@example.org', `meeting-changed:${meetingId}:2:%`);
    expect(changed!.subject).toBe('Geändert: Sitzung des Integrationsbeirats Mitte am 16.12.2030');
  });

  it('refuses a forged or malformed signature with a clear page and deletes nothing', async () => {
    const [anna] = await rowsFor('anna@example.org');
    const forged = `${anna!.id}.${'A'.repeat(32)}`;
    for (const url of [`/abo/abmelden?s=${forged}`, `/abo/abmelden?s=${anna!.id}`, '/abo/abmelden', `/en/abo/abmelden?s=${forged}`]) {
      const res = await t.app.inject({ url, headers: { accept: 'text/html' } });
      expect(res.statusCode, url).toBe(400);
      expect(res.body, url).toMatch(/Dieser Abmeldelink gilt nicht|This unsubscribe link is not valid/);
    }
    const agent = new Agent(t.app);
    await agent.get(form);
    const res = await agent.post('/abo/abmelden', { s: forged });
    expect(res.statusCode).toBe(400);
    // Another subscriber's id with a valid-looking signature of someone else's link fails too.
    const [mail] = await mailsTo('anna@example.org', `meeting-invited:${meetingId}:%`);
    const annaSignature = new URL(unsubscribeLinks(mail!.text)[0]!, 'http://x').searchParams.get('s')!.split('.')[1];
    const [dora] = await rowsFor('dora@example.org');
    expect((await agent.post('/abo/abmelden', { s: `${dora!.id}.${annaSignature}` })).statusCode).toBe(400);
    expect(await rowsFor('anna@example.org')).toHaveLength(1);
    expect(await rowsFor('dora@example.org')).toHaveLength(1);
  });
});

describe('retention', () => {
  it('deletes unconfirmed requests older than a week, keeps younger ones and confirmed subscriptions', async () => {
    const db = t.database.db;
    const now = new Date();
    const day = 24 * 3600_000;
    await db.insert(meetingSubscriptions).values([
      { councilId: mitteId, email: 'old-unconfirmed@example.org', confirmTokenHash: sha256('a'), createdAt: new Date(now.getTime() - 8 * day) },
      { councilId: mitteId, email: 'young-unconfirmed@example.org', confirmTokenHash: sha256('b'), createdAt: new Date(now.getTime() - 1 * day) },
      { councilId: null, email: 'old-confirmed@example.org', confirmedAt: new Date(now.getTime() - 20 * day), createdAt: new Date(now.getTime() - 21 * day) },
    ]);
    // late@example.org from above is eight days old and unconfirmed too.
    expect(await deleteUnconfirmedSubscriptions(db, now)).toBe(2);
    expect(await rowsFor('old-unconfirmed@example.org')).toHaveLength(0);
    expect(await rowsFor('late@example.org')).toHaveLength(0);
    expect(await rowsFor('young-unconfirmed@example.org')).toHaveLength(1);
    expect(await rowsFor('old-confirmed@example.org')).toHaveLength(1);
    expect(await deleteUnconfirmedSubscriptions(db, now)).toBe(0);
  });
});

describe('the privacy page', () => {
  it('tells what is stored for subscriptions', async () => {
    const res = await t.app.inject({ url: '/datenschutz' });
    expect(res.body).toContain('Benachrichtigung über Sitzungen per E-Mail');
  });
});
