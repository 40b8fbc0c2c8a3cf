import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { and, asc, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { createUser } from '../../src/auth/service.js';
import { loadConfig } from '../../src/config/config.js';
import { councils } from '../../src/councils/schema.js';
import { grants } from '../../src/grants/schema.js';
import { openDatabase, type DatabaseHandle } from '../../src/infra/db/database.js';
import { meetings } from '../../src/meetings/schema.js';
import { memberships, people } from '../../src/members/schema.js';
import { PageCache } from '../../src/web/page-cache.js';
import { Agent } from '../support/agent.js';
import { createTestApp, type TestApp } from '../support/app.js';

/** Cached public pages, feeds and OParl answers: served fast, and never once their data has changed. */

describe('the cache on its own', () => {
  const entry = (tags: string[], startedAt: number, body = 'x'.repeat(2000)) => ({ headers: { 'content-type': 'text/html' }, body: Buffer.from(body), etag: 'W/"a"', tags, startedAt, expiresAt: Date.now() + 60_000 });

  it('drops exactly what a change touches: a council’s pages with it, city-wide pages and OParl with any council', () => {
    const cache = new PageCache(10_000_000);
    cache.put('/beiraete/mitte', entry(['council:1'], cache.now));
    cache.put('/beiraete/nord', entry(['council:2'], cache.now));
    cache.put('/', entry(['city'], cache.now));
    cache.put('/oparl/v1.1/system', entry(['oparl'], cache.now));
    cache.changed('council:1');
    expect(cache.get('/beiraete/mitte')).toBeUndefined();
    expect(cache.get('/beiraete/nord')).toBeDefined();
    expect(cache.get('/')).toBeUndefined();
    expect(cache.get('/oparl/v1.1/system')).toBeUndefined();
    cache.changed('all');
    expect(cache.get('/beiraete/nord')).toBeUndefined();
  });

  it('does not keep what was rendered while a change came in, nor what has expired, nor more than its memory', () => {
    const cache = new PageCache(10_000);
    const startedAt = cache.now;
    cache.changed('council:1');
    expect(cache.put('/beiraete/mitte', entry(['council:1'], startedAt))).toBeUndefined();
    cache.put('/old', { ...entry(['city'], cache.now), expiresAt: Date.now() - 1 });
    expect(cache.get('/old')).toBeUndefined();
    for (let i = 0; i < 10; i++) cache.put(`/page/${i}`, entry(['city'], cache.now, 'y'.repeat(1200)));
    expect(cache.size.bytes).toBeLessThanOrEqual(10_000);
    expect(cache.get('/page/0')).toBeUndefined();
    expect(cache.get('/page/9')).toBeDefined();
    cache.reset();
    expect(cache.size.entries).toBe(0);
  });
});

let t: TestApp;
beforeAll(async () => {
  // Without waiting before each request: what these tests show must hold as the app runs.
  t = await createTestApp({ settleBeforeRequests: false });
});
afterAll(async () => t?.close());

async function get(app: FastifyInstance, url: string, headers: Record<string, string> = {}) {
  // The writes below go to the database directly, as another instance's would: wait for their announcement here.
  if (app === t.app) await t.settle();
  return app.inject({ url, headers: { 'accept-encoding': 'br, gzip', ...headers } });
}

function text(response: Awaited<ReturnType<typeof get>>): string {
  const encoding = response.headers['content-encoding'];
  return (encoding === 'br' ? brotliDecompressSync(response.rawPayload) : encoding === 'gzip' ? gunzipSync(response.rawPayload) : response.rawPayload).toString('utf8');
}

describe('cached responses', () => {
  it('the second request is served from memory, compressed, with an ETag that answers 304', async () => {
    const cache = t.app.pageCache!.cache;
    const first = await get(t.app, '/beiraete/mitte');
    expect(first.statusCode).toBe(200);
    const hits = cache.stats.hits;
    const second = await get(t.app, '/beiraete/mitte');
    expect(cache.stats.hits).toBe(hits + 1);
    expect(second.headers['content-encoding']).toBe('br');
    expect(second.headers.vary).toContain('Accept-Encoding');
    expect(second.headers['content-security-policy']).toBe(first.headers['content-security-policy']);
    expect(text(second)).toBe(text(first));
    expect(second.headers.etag).toBe(first.headers.etag);
    expect((await get(t.app, '/beiraete/mitte', { 'accept-encoding': 'gzip' })).headers['content-encoding']).toBe('gzip');
    expect(text(await get(t.app, '/beiraete/mitte', { 'accept-encoding': 'identity' }))).toBe(text(first));
    const notModified = await get(t.app, '/beiraete/mitte', { 'if-none-match': String(first.headers.etag) });
    expect(notModified.statusCode).toBe(304);
    expect(notModified.rawPayload.byteLength).toBe(0);
  });

  it('a query the page does not read is answered without the cache, so made-up parameters cannot fill it', async () => {
    const cache = t.app.pageCache!.cache;
    const stores = cache.stats.stores;
    for (let i = 0; i < 5; i++) expect((await get(t.app, `/beiraete/mitte?x=${i}`)).statusCode).toBe(200);
    expect(cache.stats.stores).toBe(stores);
    await get(t.app, '/beiraete/mitte/projekte?jahr=2025');
    expect(cache.stats.stores).toBe(stores + 1);
    await get(t.app, '/oparl/v1.1/body/1/meeting?page=2&elementsPerPage=10');
    expect(cache.stats.stores).toBe(stores + 2);
  });

  it('OParl answers keep their CORS header from the cache; pages with a form are never cached', async () => {
    await get(t.app, '/oparl/v1.1/body/1/meeting');
    const cached = await get(t.app, '/oparl/v1.1/body/1/meeting');
    expect(cached.headers['access-control-allow-origin']).toBe('*');
    expect(cached.headers['content-type']).toBe('application/json; charset=utf-8');
    const form1 = await get(t.app, '/beiraete/mitte/sitzungen/benachrichtigung');
    const form2 = await get(t.app, '/beiraete/mitte/sitzungen/benachrichtigung');
    expect(form1.statusCode).toBe(200);
    expect(form2.headers.etag).toBeUndefined();
  });
});

/** Every cached page and feed a change of Mitte's data shows on, in both languages. */
const mittePages = ['/', '/en/', '/beiraete/mitte', '/beiraete/mitte/sitzungen', '/en/beiraete/mitte/sitzungen', '/beiraete/mitte/projekte', '/beiraete/mitte/mitglieder', '/beiraete/mitte/sitzungen.ics', '/sitzungen.ics', '/projekte.json', '/beiraete/mitte/projekte.csv', '/oparl/v1.1/body/1/organization', '/oparl/v1.1/body/1/paper'];

async function primeAll(app: FastifyInstance, urls: string[]) {
  for (const url of urls) {
    expect((await get(app, url)).statusCode, url).toBe(200);
    await get(app, url);
  }
}

async function showsEverywhere(app: FastifyInstance, urls: string[], marker: string) {
  const missing: string[] = [];
  for (const url of urls) if (!text(await get(app, url)).includes(marker)) missing.push(url);
  return missing;
}

describe('a change shows at once on every cached page and feed it touches', () => {
  it('renaming a council, a meeting’s new title, a grant’s new title, a member’s new name', async () => {
    const db = t.database.db;
    const [mitte] = await db.select().from(councils).where(eq(councils.slug, 'mitte'));
    await primeAll(t.app, mittePages);

    await db.update(councils).set({ name: { de: 'Integrationsbeirat Mitte-Neu', en: 'Integration Council Mitte-Neu' } }).where(eq(councils.id, mitte!.id));
    expect(await showsEverywhere(t.app, mittePages.filter((u) => !u.includes('projekte.csv') && !u.endsWith('/paper') && u !== '/projekte.json'), 'Mitte-Neu')).toEqual([]);

    // The meeting invited to: in the feeds, which reach back a year.
    // A council's name is on other councils' pages too (co-funding): renaming one drops every page.
    // What follows touches only Mitte's pages.
    await primeAll(t.app, ['/beiraete/nord/sitzungen']);
    const nordBefore = await get(t.app, '/beiraete/nord/sitzungen');
    const [meeting] = await db.select().from(meetings).where(and(eq(meetings.councilId, mitte!.id), eq(meetings.state, 'invited'))).limit(1);
    await primeAll(t.app, [`/beiraete/mitte/sitzungen/${meeting!.id}`, `/beiraete/mitte/sitzungen/${meeting!.id}/kalender.ics`]);
    await db.update(meetings).set({ title: { de: 'Sondersitzung Haushalt' } }).where(eq(meetings.id, meeting!.id));
    expect(await showsEverywhere(t.app, [`/beiraete/mitte/sitzungen/${meeting!.id}`, `/beiraete/mitte/sitzungen/${meeting!.id}/kalender.ics`, '/beiraete/mitte/sitzungen.ics', `/oparl/v1.1/meeting/${meeting!.id}`], 'Sondersitzung Haushalt')).toEqual([]);

    const [grant] = await db.select().from(grants).where(and(eq(grants.councilId, mitte!.id), eq(grants.status, 'approved'))).limit(1);
    await db.update(grants).set({ title: { de: 'Lange Tafel am Klagesmarkt 2.0' } }).where(eq(grants.id, grant!.id));
    expect(await showsEverywhere(t.app, ['/beiraete/mitte/projekte', '/beiraete/mitte/projekte.csv', '/projekte.json', '/oparl/v1.1/body/1/paper', `/beiraete/mitte/projekte/${grant!.id}`], 'Lange Tafel am Klagesmarkt 2.0')).toEqual([]);

    const [seat] = await db.select().from(memberships).where(and(eq(memberships.councilId, mitte!.id), eq(memberships.publicConsent, true))).limit(1);
    await db.update(people).set({ familyName: 'Umbenannt-Müller' }).where(eq(people.id, seat!.personId));
    expect(await showsEverywhere(t.app, ['/beiraete/mitte/mitglieder', `/oparl/v1.1/person/${seat!.personId}`], 'Umbenannt-Müller')).toEqual([]);

    // Nord's pages did not have to be rendered again.
    const hits = t.app.pageCache!.cache.stats.hits;
    expect((await get(t.app, '/beiraete/nord/sitzungen')).headers.etag).toBe(nordBefore.headers.etag);
    expect(t.app.pageCache!.cache.stats.hits).toBe(hits + 1);
  });

  it('a change made in the back office shows on the very next request', async () => {
    const db = t.database.db;
    const [mitte] = await db.select().from(councils).where(eq(councils.slug, 'mitte'));
    await db.transaction((tx) => createUser(tx, { email: 'buero-cache@example.org', displayName: 'Büro', role: 'office', councilId: mitte!.id, password: 'correct horse battery staple' }, { userId: null, label: 'test' }));
    const office = new Agent(t.app);
    await office.get('/admin/anmelden');
    expect((await office.post('/admin/anmelden', { email: 'buero-cache@example.org', password: 'correct horse battery staple' })).statusCode).toBe(303);
    const [planned] = await db.select().from(meetings).where(and(eq(meetings.councilId, mitte!.id), eq(meetings.state, 'planned'))).orderBy(asc(meetings.startsAt)).limit(1);
    const urls = ['/beiraete/mitte/sitzungen', `/beiraete/mitte/sitzungen/${planned!.id}`, '/beiraete/mitte/sitzungen.ics', `/oparl/v1.1/meeting/${planned!.id}`];
    await primeAll(t.app, urls);

    await office.get(`/admin/beiraete/mitte/sitzungen/${planned!.id}/loeschen`);
    expect((await office.post(`/admin/beiraete/mitte/sitzungen/${planned!.id}/loeschen`, {})).statusCode).toBe(303);
    expect((await get(t.app, `/beiraete/mitte/sitzungen/${planned!.id}`)).statusCode).toBe(404);
    expect(text(await get(t.app, '/beiraete/mitte/sitzungen'))).not.toContain(`/sitzungen/${planned!.id}"`);
    expect(text(await get(t.app, '/beiraete/mitte/sitzungen.ics'))).not.toContain(`/sitzungen/${planned!.id}`);
    expect(JSON.parse(text(await get(t.app, `/oparl/v1.1/meeting/${planned!.id}`))).deleted).toBe(true);
  });
});

describe('two instances on one database', () => {
  let second: { app: FastifyInstance; database: DatabaseHandle; dataDir: string } | undefined;

  beforeAll(async () => {
    // With PostgreSQL a second connection pool and listener, as a second server would have; PGlite
    // has one connection per process, so the second instance shares it.
    const database = process.env.DATABASE_URL ? await openDatabase({ databaseUrl: (t.database as DatabaseHandle & { url: string }).url, poolSize: 2 }) : t.database;
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'beirat-second-'));
    const app = await buildApp({ config: { ...loadConfig({ DATA_DIR: dataDir, BASE_URL: t.config.baseUrl }), logLevel: 'silent' }, database, logger: false });
    await app.ready();
    second = { app, database, dataDir };
  });
  afterAll(async () => {
    await second?.app.close();
    if (second && second.database !== t.database) await second.database.close();
    if (second) fs.rmSync(second.dataDir, { recursive: true, force: true });
  });

  it('a change made through one shows on the other’s cached pages, feeds and OParl answers', async () => {
    const other = second!.app;
    const urls = ['/', '/beiraete/linden-limmer', '/beiraete/linden-limmer/sitzungen', '/beiraete/linden-limmer/sitzungen.ics', '/sitzungen.ics', '/oparl/v1.1/body/1/organization'];
    await primeAll(other, urls);
    await primeAll(t.app, urls);

    const [council] = await t.database.db.select().from(councils).where(eq(councils.slug, 'linden-limmer'));
    await t.database.db.update(councils).set({ name: { de: 'Integrationsbeirat Linden-Limmer-Neu', en: 'Integration Council Linden-Limmer-Neu' } }).where(eq(councils.id, council!.id));

    expect(await showsEverywhere(t.app, urls, 'Linden-Limmer-Neu')).toEqual([]);
    // The other instance hears of it when the commit's announcement arrives: within moments.
    const started = Date.now();
    let missing = await showsEverywhere(other, urls, 'Linden-Limmer-Neu');
    while (missing.length > 0 && Date.now() - started < 2000) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      missing = await showsEverywhere(other, urls, 'Linden-Limmer-Neu');
    }
    expect(missing).toEqual([]);
  });
});
