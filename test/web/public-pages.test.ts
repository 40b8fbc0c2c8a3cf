import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { councils } from '../../src/councils/schema.js';
import { documents } from '../../src/documents/schema.js';
import { grants } from '../../src/grants/schema.js';
import { agendaItems, meetings } from '../../src/meetings/schema.js';
import { createTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const get = (url: string) => t.app.inject({ method: 'GET', url });
/** Text content of the page, tags removed and whitespace collapsed, for assertions on what a reader sees. */
const textOf = (html: string) =>
  html
    .replace(/<(script|style)[\s\S]*?<\/\1>/g, ' ')
    // Inline elements do not separate words; block elements do.
    .replace(/<\/?(strong|span|a|time|em|b|abbr)\b[^>]*>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;|\u00a0/g, ' ')
    .replace(/\s+/g, ' ');

describe('city start page', () => {
  it('lists all 13 councils with their district, in German and English', async () => {
    for (const url of ['/', '/en', '/en/']) {
      const res = await get(url);
      expect(res.statusCode).toBe(200);
      expect(res.body.match(/class="kern-card council-card"/g)).toHaveLength(13);
    }
    const text = textOf((await get('/')).body);
    expect(text).toContain('13 Integrationsbeiräte');
    expect(text).toContain('Stadtbezirk 12 · Herrenhausen-Stöcken');
    expect(text).toContain('Stadtbezirk 1 · Mitte');
    expect(textOf((await get('/en')).body)).toContain('13 integration councils');
  });

  it('names each council’s next meeting with a link to it', async () => {
    const body = (await get('/')).body;
    expect(body.match(/class="kern-link council-card__meeting" href="\/beiraete\/[a-z-]+\/sitzungen\/\d+"/g)?.length).toBe(13);
  });

  it('sets lang and dir, a language switch to the same page, and hreflang alternates', async () => {
    const de = (await get('/beiraete/mitte')).body;
    expect(de).toMatch(/^<!doctype html><html lang="de" dir="ltr">/);
    expect(de).toContain('<a href="/en/beiraete/mitte" hreflang="en" lang="en">English</a>');
    expect(de).toContain('<link rel="alternate" hreflang="en" href="http://beirat.test/en/beiraete/mitte"');
    const en = (await get('/en/beiraete/mitte')).body;
    expect(en).toMatch(/^<!doctype html><html lang="en" dir="ltr">/);
    expect(en).toContain('<a href="/beiraete/mitte" hreflang="de" lang="de">Deutsch</a>');
  });
});

describe('council page of Herrenhausen-Stöcken', () => {
  it('shows the seed’s facts in German', async () => {
    const res = await get('/beiraete/herrenhausen-stoecken');
    expect(res.statusCode).toBe(200);
    const text = textOf(res.body);
    expect(text).toContain('Mitglieder des Stadtbezirksrats 6 6');
    expect(text).toContain('Multiplikatorinnen und Multiplikatoren 2 2');
    expect(text).toContain('Einwohnerinnen und Einwohner mit Migrationshintergrund 11 11');
    expect(text).toContain('Insgesamt 19 19');
    expect(text).toContain('Vorsitz Heide Stolzenwald, seit 2020');
    expect(text).toContain('Hildegard Thimm (Bezirksratsfrau), 2009–2019');
    expect(text).toContain('Bereits Anfang 2009 wurde im Stadtbezirk Herrenhausen-Stöcken der erste Integrationsbeirat in der Stadt eingerichtet.');
    for (const task of [
      'Schaffung einer gemeinsamen Kommunikationsbasis',
      'Öffnung von Verwaltung und Politik',
      'Interessen der MigrantInnen aufnehmen, Interessenkonflikte einer Lösung zuführen',
      'Konkrete Projekte entwickeln, fördern und begleiten',
      'Förderung der Vernetzung',
      'Behandlung von grundsätzlichen Themen',
    ]) {
      expect(text).toContain(task);
    }
    expect(text).toContain('Sie müssen im Stadtbezirk leben oder im Stadtbezirk arbeiten und mindestens 16 Jahre alt sein.');
  });

  it('shows the same in English', async () => {
    const text = textOf((await get('/en/beiraete/herrenhausen-stoecken')).body);
    expect(text).toContain('Integration Council Herrenhausen-Stöcken');
    expect(text).toContain('Members of the district council 6 6');
    expect(text).toContain('Multipliers (well-connected locals) 2 2');
    expect(text).toContain('Residents with a migration background 11 11');
    expect(text).toContain('Total 19 19');
    expect(text).toContain('Chair Heide Stolzenwald, since 2020');
    expect(text).toContain('Hildegard Thimm (district councillor), 2009–2019');
    expect(text).toMatch(/Tasks .*Creating a shared basis for communication/);
    expect(text).toContain('You must live in the district or work in the district and be at least 16 years old.');
    expect(text).not.toContain('Aufgaben');
  });

  it('explains joining from the council’s rules', async () => {
    const text = textOf((await get('/beiraete/herrenhausen-stoecken/mitmachen')).body);
    expect(text).toContain('Sie müssen im Stadtbezirk leben oder im Stadtbezirk arbeiten und mindestens 16 Jahre alt sein.');
    expect(text).toContain('Eine Mitgliedschaft dauert höchstens 5 Jahre und kann verlängert werden.');
    const other = textOf((await get('/beiraete/linden-limmer/mitmachen')).body);
    expect(other).toContain('Mitglied in einem Verein im Stadtbezirk sein');
  });

  it('gives the contact of the council’s office', async () => {
    const body = (await get('/beiraete/herrenhausen-stoecken/kontakt')).body;
    expect(body).toContain('href="mailto:integrationsbeirat.herrenhausen-stoecken@example.org"');
  });
});

describe('members', () => {
  it('names consenting members and only counts the others', async () => {
    const body = (await get('/beiraete/herrenhausen-stoecken/mitglieder')).body;
    const text = textOf(body);
    expect(text).toContain('Der Integrationsbeirat hat derzeit 19 Mitglieder.');
    expect(text).toContain('Heide Stolzenwald');
    // Former members are not current members.
    expect(text).not.toContain('Hildegard Thimm');
    const rows = body.match(/<th scope="row" class="kern-table__cell">/g)?.length ?? 0;
    const unnamed = [...text.matchAll(/Dazu (\d+) weitere?s? Mitglied/g)].reduce((s, m) => s + Number(m[1]), 0);
    expect(unnamed).toBeGreaterThan(0);
    expect(rows + unnamed).toBe(19);
  });
});

describe('meetings', () => {
  it('lists upcoming and past meetings by year', async () => {
    const text = textOf((await get('/beiraete/mitte/sitzungen')).body);
    expect(text).toContain('Kommende Sitzungen');
    expect(text).toContain('Vergangene Sitzungen');
    expect(text).toContain(String(new Date().getFullYear() - 1));
  });

  it('shows a meeting with date, place, accessibility, welcome, and only the public agenda', async () => {
    const council = (await t.database.db.select().from(councils).where(eq(councils.slug, 'mitte')))[0]!;
    const all = await t.database.db.select().from(meetings).where(eq(meetings.councilId, council.id));
    const items = await t.database.db.select().from(agendaItems);
    const withSecret = all.find((m) => items.some((i) => i.meetingId === m.id && !i.isPublic));
    expect(withSecret, 'demo data has a meeting with a non-public item').toBeDefined();
    const res = await get(`/beiraete/mitte/sitzungen/${withSecret!.id}`);
    expect(res.statusCode).toBe(200);
    const text = textOf(res.body);
    expect(text).toContain('Alle Einwohnerinnen und Einwohner sind herzlich zu den Sitzungen eingeladen.');
    expect(text).toContain('Barrierefreiheit');
    expect(text).toContain('TOP 1 Eröffnung, Feststellung der ordnungsgemäßen Einberufung und der Beschlussfähigkeit');
    for (const item of items.filter((i) => i.meetingId === withSecret!.id)) {
      if (item.isPublic) expect(text).toContain(item.title.de);
      else expect(text).not.toContain(item.title.de);
    }
    expect(text).toContain('Die Sitzung hat außerdem einen nicht öffentlichen Teil.');
  });

  it('shows recorded results of a past meeting', async () => {
    const [item] = await t.database.db.select().from(agendaItems).where(eq(agendaItems.unanimous, true)).limit(1);
    const [meeting] = await t.database.db.select().from(meetings).where(eq(meetings.id, item!.meetingId));
    const council = (await t.database.db.select().from(councils).where(eq(councils.id, meeting!.councilId)))[0]!;
    const text = textOf((await get(`/beiraete/${council.slug}/sitzungen/${meeting!.id}`)).body);
    expect(text).toContain('Ergebnis: beschlossen – einstimmig');
  });

  it('does not show a meeting under another council', async () => {
    const council = (await t.database.db.select().from(councils).where(eq(councils.slug, 'mitte')))[0]!;
    const [meeting] = await t.database.db.select().from(meetings).where(eq(meetings.councilId, council.id)).limit(1);
    expect((await get(`/beiraete/nord/sitzungen/${meeting!.id}`)).statusCode).toBe(404);
  });
});

describe('funded projects', () => {
  it('shows Mitte’s two grants of 2025 with amounts and the year’s total', async () => {
    const text = textOf((await get('/beiraete/mitte/projekte')).body);
    expect(text).toContain('Lange Tafel am Klagesmarkt IB-01/2025');
    expect(text).toContain('Johanniter-Unfall-Hilfe e.V.');
    expect(text).toContain('400,00 €');
    expect(text).toContain('Sommerfest 2025 IB-02/2025');
    expect(text).toContain('2.200,00 €');
    expect(text).toMatch(/2025 2 geförderte Projekte, zusammen 2\.600,00 €/);
    const en = textOf((await get('/en/beiraete/mitte/projekte')).body);
    expect(en).toContain('€2,200.00');
  });

  it('has a page per project, and none for grants not yet approved', async () => {
    const [real] = await t.database.db.select().from(grants).where(eq(grants.recipientName, 'NK Mitte'));
    const page = textOf((await get(`/beiraete/mitte/projekte/${real!.id}`)).body);
    expect(page).toContain('Zuwendung bis zu 2.200,00 €');
    expect(page).toContain('Beschlussdrucksache 15-1094/2025');
    const [pending] = await t.database.db.select().from(grants).where(eq(grants.status, 'submitted')).limit(1);
    if (pending) {
      const council = (await t.database.db.select().from(councils).where(eq(councils.id, pending.councilId)))[0]!;
      expect((await get(`/beiraete/${council.slug}/projekte/${pending.id}`)).statusCode).toBe(404);
    }
  });
});

describe('not found', () => {
  it.each([
    ['/beiraete/does-not-exist', 'Seite nicht gefunden'],
    ['/beiraete/Mitte', 'Seite nicht gefunden'],
    ['/beiraete/mitte/sitzungen/abc', 'Seite nicht gefunden'],
    ['/beiraete/mitte/sitzungen/-1', 'Seite nicht gefunden'],
    ['/beiraete/mitte/sitzungen/99999999999999999999', 'Seite nicht gefunden'],
    ['/beiraete/mitte/sitzungen/1.5', 'Seite nicht gefunden'],
    ['/beiraete/mitte/projekte/999999', 'Seite nicht gefunden'],
    ['/beiraete/mitte/projekte/%00', 'Seite nicht gefunden'],
    ['/gibt-es-nicht', 'Seite nicht gefunden'],
    ['/en/beiraete/does-not-exist', 'Page not found'],
    ['/en/beiraete/mitte/sitzungen/abc', 'Page not found'],
    ['/en/nothing/here', 'Page not found'],
  ])('%s is a 404 page in the reader’s language', async (url, heading) => {
    const res = await get(url);
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toContain(`<h1 class="kern-heading-large">${heading}</h1>`);
    expect(res.body).toContain('<meta name="robots" content="noindex"/>');
  });
});

describe('escaping', () => {
  it('renders a council name with <script> as text', async () => {
    const evil = '<script>alert("x")</script> & Co';
    await t.database.db.update(councils).set({ name: { de: evil, en: evil } }).where(eq(councils.slug, 'nord'));
    for (const url of ['/', '/beiraete/nord', '/beiraete/nord/sitzungen', '/en/beiraete/nord/projekte']) {
      const body = (await get(url)).body;
      // Inside a double-quoted attribute "<" is plain text; only a quote could break out, and it is escaped.
      const markup = body.replace(/="[^"]*"/g, '=""');
      expect(markup).not.toContain('<script');
      expect(body).not.toMatch(/="[^"]*"x/);
      expect(body).toContain('&lt;script>alert(&#34;x&#34;)&lt;/script> &amp; Co');
    }
  });
});

describe('operations', () => {
  it('answers /healthz and /readyz', async () => {
    expect((await get('/healthz')).json()).toEqual({ status: 'ok' });
    const ready = await get('/readyz');
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ status: 'ok' });
  });

  it('sends a strict Content-Security-Policy and no inline anything', async () => {
    const res = await get('/beiraete/mitte');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.body).not.toMatch(/ style="|<style|<script/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('serves the stylesheet brotli-compressed and cacheable forever', async () => {
    const href = /<link rel="stylesheet" href="([^"]+)"/.exec((await get('/')).body)![1]!;
    const res = await t.app.inject({ method: 'GET', url: href, headers: { 'accept-encoding': 'br, gzip' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toMatch(/^text\/css/);
    expect(String(res.headers['cache-control'])).toContain('immutable');
    expect(res.rawPayload.length).toBeLessThan(80_000);
  });

  it('compresses HTML pages', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/beiraete/mitte', headers: { 'accept-encoding': 'gzip' } });
    expect(res.headers['content-encoding']).toBe('gzip');
  });
});

describe('documents', () => {
  it('lists a meeting’s public documents and serves them with type, size and disposition', async () => {
    const [doc] = await t.database.db.select().from(documents).where(eq(documents.isPublic, true)).limit(1);
    const [council] = await t.database.db.select().from(councils).where(eq(councils.id, doc!.councilId));
    const page = (await get(`/beiraete/${council!.slug}/sitzungen/${doc!.meetingId}`)).body;
    const href = `/beiraete/${council!.slug}/dokumente/${doc!.id}/${doc!.fileName}`;
    expect(page).toContain(`href="${href}"`);
    expect(textOf(page)).toMatch(/PDF, [\d,.]+ (B|kB)/);

    const file = await get(href);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.headers['content-disposition']).toBe(`inline; filename="${doc!.fileName}"; filename*=UTF-8''${doc!.fileName}`);
    expect(file.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect(createHash('sha512').update(file.rawPayload).digest('hex')).toBe(doc!.sha512);
    expect((await get(`${href}?download`)).headers['content-disposition']).toMatch(/^attachment;/);
  });

  it('never serves a non-public document, or one through another council', async () => {
    const [doc] = await t.database.db.select().from(documents).limit(1);
    const [council] = await t.database.db.select().from(councils).where(eq(councils.id, doc!.councilId));
    const other = council!.slug === 'mitte' ? 'nord' : 'mitte';
    expect((await get(`/beiraete/${other}/dokumente/${doc!.id}/${doc!.fileName}`)).statusCode).toBe(404);
    await t.database.db.update(documents).set({ isPublic: false }).where(eq(documents.id, doc!.id));
    expect((await get(`/beiraete/${council!.slug}/dokumente/${doc!.id}/${doc!.fileName}`)).statusCode).toBe(404);
    expect((await get(`/beiraete/${council!.slug}/sitzungen/${doc!.meetingId}`)).body).not.toContain(`/dokumente/${doc!.id}/`);
  });
});
