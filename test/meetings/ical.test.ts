import { and, eq, isNotNull } from 'drizzle-orm';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { councils } from '../../src/councils/schema.js';
import { buildCalendar, calendarOf, foldingFast, meetingIcs } from '../../src/meetings/ical.js';
import { agendaItems, meetings } from '../../src/meetings/schema.js';
import { createTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
let mitteId: number;
let winterId: number;
let summerId: number;
let cancelledId: number;
const winterStart = new Date('2030-01-14T17:30:00Z'); // 18:30 CET (UTC+1)
const summerStart = new Date('2030-07-15T16:30:00Z'); // 18:30 CEST (UTC+2)
const secret = 'Geheimer Punkt XYZ';

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  const [mitte] = await db.select().from(councils).where(eq(councils.slug, 'mitte'));
  mitteId = mitte!.id;
  const [withPlace] = await db.select().from(meetings).where(and(eq(meetings.councilId, mitteId), isNotNull(meetings.locationId))).limit(1);
  const inserted = await db
    .insert(meetings)
    .values([
      { councilId: mitteId, locationId: withPlace!.locationId, startsAt: winterStart, endsAt: new Date(winterStart.getTime() + 2.5 * 3600_000), state: 'invited' },
      { councilId: mitteId, locationId: withPlace!.locationId, startsAt: summerStart, endsAt: null, state: 'planned', title: { de: 'Sondersitzung Sommerfest', en: 'Special meeting on the summer festival' } },
      { councilId: mitteId, locationId: withPlace!.locationId, startsAt: new Date('2030-09-16T16:30:00Z'), state: 'invited' },
    ])
    .returning({ id: meetings.id });
  [winterId, summerId, cancelledId] = inserted.map((r) => r.id) as [number, number, number];
  await db.insert(agendaItems).values([
    { meetingId: winterId, number: '1', position: 1, title: { de: 'Eröffnung der Sitzung', en: 'Opening of the meeting' }, kind: 'opening' },
    { meetingId: winterId, number: '2', position: 2, title: { de: 'Lange Tafel am Klagesmarkt' } },
    { meetingId: winterId, number: '3', position: 3, title: { de: secret, en: secret }, isPublic: false },
  ]);
  // The office cancels a meeting: the flag, a note and a raised SEQUENCE.
  await db.update(meetings).set({ cancelled: true, cancellationNote: { de: 'Der Saal ist nicht verfügbar.', en: 'The hall is not available.' }, sequence: 3 }).where(eq(meetings.id, cancelledId));
});
afterAll(async () => t?.close());

function parse(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  // ical.js resolves TZID only through zones it knows: the feed's own VTIMEZONE must be enough.
  for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(new ICAL.Timezone(zone));
  const events = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
  return { calendar, events, byUid: (uid: string) => events.find((e) => e.uid === uid) };
}

const uid = (id: number) => `meeting-${id}@beirat.test`;
/** Content lines as written before folding at 75 octets, so a search cannot miss a folded word. */
const unfold = (text: string) => text.replace(/\r\n[ \t]/g, '');

async function fetchFeed(url: string) {
  const res = await t.app.inject({ url });
  expect(res.statusCode, url).toBe(200);
  return res;
}

describe('the council feed', () => {
  it('is iCalendar with Europe/Berlin times that parse back to the stored instants, winter and summer', async () => {
    const res = await fetchFeed('/beiraete/mitte/sitzungen.ics');
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(res.headers['cache-control']).toBe('public, max-age=300');
    expect(res.headers.etag).toMatch(/^"[\w-]+"$/);
    expect(res.body).toContain('METHOD:PUBLISH');
    expect(res.body).toContain('X-WR-TIMEZONE:Europe/Berlin');
    expect(res.body).toMatch(/PRODID:-\/\/Beirat\/\//);
    expect(res.body).toContain('X-WR-CALNAME:Sitzungen – Integrationsbeirat Mitte');
    expect(res.body).toContain(`DTSTART;TZID=Europe/Berlin:20300114T183000`);

    const { calendar, byUid } = parse(res.body);
    expect(calendar.getFirstSubcomponent('vtimezone')?.getFirstPropertyValue('tzid')).toBe('Europe/Berlin');
    const winter = byUid(uid(winterId))!;
    expect(winter).toBeDefined();
    expect(winter.startDate.zone?.tzid).toBe('Europe/Berlin');
    expect(winter.startDate.hour).toBe(18);
    expect(winter.startDate.utcOffset()).toBe(3600);
    expect(winter.startDate.toJSDate().getTime()).toBe(winterStart.getTime());
    expect(winter.endDate.toJSDate().getTime()).toBe(winterStart.getTime() + 2.5 * 3600_000);
    expect(winter.summary).toBe('Sitzung des Integrationsbeirats Mitte');
    expect(winter.component.getFirstPropertyValue('url')).toBe(`http://beirat.test/beiraete/mitte/sitzungen/${winterId}`);
    expect(winter.component.getFirstPropertyValue('status')).toBe('CONFIRMED');
    expect(winter.location).toMatch(/, \d{5} Hannover$/);
    expect(winter.description).toContain('TOP 2 Lange Tafel am Klagesmarkt');
    expect(winter.description).toContain(`http://beirat.test/beiraete/mitte/sitzungen/${winterId}`);

    const summer = byUid(uid(summerId))!;
    expect(summer.startDate.hour).toBe(18);
    expect(summer.startDate.utcOffset()).toBe(7200);
    expect(summer.startDate.toJSDate().getTime()).toBe(summerStart.getTime());
    // No end stored: two hours.
    expect(summer.endDate.toJSDate().getTime()).toBe(summerStart.getTime() + 2 * 3600_000);
    expect(summer.summary).toBe('Sondersitzung Sommerfest');
  });

  it('marks a cancelled meeting CANCELLED with its raised SEQUENCE and the note', async () => {
    const { byUid } = parse((await fetchFeed('/beiraete/mitte/sitzungen.ics')).body);
    const cancelled = byUid(uid(cancelledId))!;
    expect(cancelled.component.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(cancelled.sequence).toBe(3);
    expect(cancelled.description).toContain('Der Saal ist nicht verfügbar.');
    expect(byUid(uid(winterId))!.sequence).toBe(0);
  });

  it('keeps a year of history and drops what is older', async () => {
    const db = t.database.db;
    const now = Date.now();
    const all = await db.select({ id: meetings.id, startsAt: meetings.startsAt }).from(meetings).where(eq(meetings.councilId, mitteId));
    const old = all.filter((m) => m.startsAt.getTime() < now - 400 * 24 * 3600_000);
    const recent = all.filter((m) => m.startsAt.getTime() < now && m.startsAt.getTime() > now - 300 * 24 * 3600_000);
    expect(old.length).toBeGreaterThan(0);
    expect(recent.length).toBeGreaterThan(0);
    const { byUid } = parse((await fetchFeed('/beiraete/mitte/sitzungen.ics')).body);
    for (const m of old) expect(byUid(uid(m.id))).toBeUndefined();
    for (const m of recent) expect(byUid(uid(m.id))).toBeDefined();
  });

  it('speaks English under /en, with English page links', async () => {
    const res = await fetchFeed('/en/beiraete/mitte/sitzungen.ics');
    expect(res.headers['content-language']).toBe('en');
    const { byUid } = parse(res.body);
    const winter = byUid(uid(winterId))!;
    expect(winter.summary).toBe('Meeting of the Integration Council Mitte');
    expect(winter.component.getFirstPropertyValue('url')).toBe(`http://beirat.test/en/beiraete/mitte/sitzungen/${winterId}`);
    expect(winter.description).toContain('Opening of the meeting');
    expect(byUid(uid(summerId))!.summary).toBe('Special meeting on the summer festival');
    expect(res.body).toContain('X-WR-CALNAME:Meetings – Integration Council Mitte');
  });

  it('answers 304 to a reader that has the current version', async () => {
    const first = await fetchFeed('/beiraete/mitte/sitzungen.ics');
    const again = await t.app.inject({ url: '/beiraete/mitte/sitzungen.ics', headers: { 'if-none-match': String(first.headers.etag) } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    const other = await t.app.inject({ url: '/beiraete/mitte/sitzungen.ics', headers: { 'if-none-match': '"something-else"' } });
    expect(other.statusCode).toBe(200);
  });

  it('is a 404 for an unknown council or a malformed slug', async () => {
    expect((await t.app.inject({ url: '/beiraete/gibt-es-nicht/sitzungen.ics' })).statusCode).toBe(404);
    expect((await t.app.inject({ url: '/en/beiraete/gibt-es-nicht/sitzungen.ics' })).statusCode).toBe(404);
    expect((await t.app.inject({ url: '/beiraete/Mitte!/sitzungen.ics' })).statusCode).toBe(404);
  });
});

describe('the city feed', () => {
  it('has the meetings of every council, the demo cancellation included', async () => {
    const res = await fetchFeed('/sitzungen.ics');
    const { events, byUid } = parse(res.body);
    expect(res.body).toContain('X-WR-CALNAME:Sitzungen aller Integrationsbeiräte');
    expect(byUid(uid(winterId))).toBeDefined();
    const db = t.database.db;
    const [demoCancelled] = await db.select().from(meetings).where(and(eq(meetings.cancelled, true), eq(meetings.isExample, true)));
    const event = byUid(uid(demoCancelled!.id))!;
    expect(event.component.getFirstPropertyValue('status')).toBe('CANCELLED');
    const otherCouncils = new Set(events.map((e) => String(e.component.getFirstPropertyValue('url')).match(/beiraete\/([^/]+)\//)?.[1]));
    expect(otherCouncils.size).toBeGreaterThan(5);
    const en = parse((await fetchFeed('/en/sitzungen.ics')).body);
    expect(en.events.length).toBe(events.length);
  });
});

describe('non-public agenda items', () => {
  it('appear in no feed, no single meeting and no meetingIcs text', async () => {
    const urls = ['/beiraete/mitte/sitzungen.ics', '/en/beiraete/mitte/sitzungen.ics', '/sitzungen.ics', '/en/sitzungen.ics', `/beiraete/mitte/sitzungen/${winterId}/kalender.ics`];
    for (const url of urls) {
      const body = unfold((await fetchFeed(url)).body);
      expect(body, url).toContain('Lange Tafel');
      expect(body, url).not.toContain('Geheimer Punkt');
    }
    expect(unfold(await meetingIcs(t.database.db, t.config.baseUrl, winterId, 'de'))).not.toContain('Geheimer Punkt');
  });
});

describe('a single meeting', () => {
  it('meetingIcs gives the same event, alone', async () => {
    const text = await meetingIcs(t.database.db, t.config.baseUrl, winterId, 'en');
    const { events } = parse(text);
    expect(events).toHaveLength(1);
    expect(events[0]!.uid).toBe(uid(winterId));
    expect(events[0]!.startDate.toJSDate().getTime()).toBe(winterStart.getTime());
    expect(events[0]!.summary).toBe('Meeting of the Integration Council Mitte');
    await expect(meetingIcs(t.database.db, t.config.baseUrl, 2_000_000_000, 'de')).rejects.toThrow();
  });

  it('is served at the meeting’s calendar link, which the meeting page shows', async () => {
    const res = await fetchFeed(`/beiraete/mitte/sitzungen/${winterId}/kalender.ics`);
    expect(parse(res.body).events.map((e) => e.uid)).toEqual([uid(winterId)]);
    const page = await t.app.inject({ url: `/beiraete/mitte/sitzungen/${winterId}` });
    expect(page.body).toContain(`href="/beiraete/mitte/sitzungen/${winterId}/kalender.ics"`);
    expect(page.body).toContain('In den Kalender (iCal)');
    // Under another council's address the meeting does not exist.
    expect((await t.app.inject({ url: `/beiraete/linden-limmer/sitzungen/${winterId}/kalender.ics` })).statusCode).toBe(404);
  });
});

describe('line folding', () => {
  it('folds exactly as ical-generator does on its own, for Turkish, Arabic, Cyrillic and emoji text', () => {
    const long = 'Şükrü Ağaoğlu, محمد, Олена 👩🏽‍🏫 – '.repeat(12);
    const meeting = { id: 7, councilId: 1, title: { de: long }, startsAt: new Date('2026-03-02T17:30:00Z'), endsAt: null, state: 'invited', cancelled: false, cancellationNote: null, sequence: 0, isExample: false, createdAt: new Date('2026-01-01T00:00:00Z'), updatedAt: new Date('2026-01-02T00:00:00Z') };
    const input = { baseUrl: 'https://beirat.example.org', locale: 'de' as const, name: long, meetings: [{ meeting, location: null, council: { slug: 'mitte', name: { de: `Integrationsbeirat ${long}` } }, items: [] }] } as unknown as Parameters<typeof buildCalendar>[0];
    // The library's own path, with the real TextEncoder, against the one that counts octets.
    const slow = calendarOf(input).toString();
    const fast = buildCalendar(input);
    expect(fast).toBe(slow);
    expect(fast.split('\r\n').some((line) => line.startsWith(' '))).toBe(true);
    for (const line of fast.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    // The stand-in is gone again afterwards, also after a failure.
    expect(globalThis.TextEncoder).toBe(TextEncoder);
    expect(() =>
      foldingFast(() => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(new globalThis.TextEncoder().encode('ä')).toBeInstanceOf(Uint8Array);
  });
});

describe('links to the feeds', () => {
  it('the meetings page offers the feed as webcal and https, and the e-mail subscription', async () => {
    const de = (await t.app.inject({ url: '/beiraete/mitte/sitzungen' })).body;
    expect(de).toContain('Termine abonnieren');
    expect(de).toContain('href="webcal://beirat.test/beiraete/mitte/sitzungen.ics"');
    expect(de).toContain('href="/beiraete/mitte/sitzungen.ics"');
    expect(de).toContain('http://beirat.test/beiraete/mitte/sitzungen.ics');
    expect(de).toContain('href="/beiraete/mitte/sitzungen/benachrichtigung"');
    const en = (await t.app.inject({ url: '/en/beiraete/mitte/sitzungen' })).body;
    expect(en).toContain('href="webcal://beirat.test/en/beiraete/mitte/sitzungen.ics"');
    expect(en).toContain('href="/en/beiraete/mitte/sitzungen/benachrichtigung"');
  });

  it('the city start page links the city feed and the city-wide subscription', async () => {
    const de = (await t.app.inject({ url: '/' })).body;
    expect(de).toContain('href="webcal://beirat.test/sitzungen.ics"');
    expect(de).toContain('href="/sitzungen/benachrichtigung"');
  });
});

