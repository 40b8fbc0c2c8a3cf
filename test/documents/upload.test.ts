import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, desc, eq } from 'drizzle-orm';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { auditEvents } from '../../src/audit/schema.js';
import { createUser } from '../../src/auth/service.js';
import { loadConfig } from '../../src/config/config.js';
import { councils } from '../../src/councils/schema.js';
import { seedDemoData } from '../../src/demo/seed.js';
import { documents } from '../../src/documents/schema.js';
import { simplePdf } from '../../src/documents/simple-pdf.js';
import { filesDir } from '../../src/documents/storage.js';
import type { Database } from '../../src/infra/db/database.js';
import { meetings } from '../../src/meetings/schema.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { openTestDatabase } from '../support/database.js';

const password = 'correct horse battery staple';
const hs = 'herrenhausen-stoecken';
const managePage = `/admin/beiraete/${hs}/dokumente`;

interface UploadFile {
  name: string;
  bytes: Uint8Array;
  type?: string;
}

/**
 * The test support's Agent posts urlencoded forms only; uploads need multipart bodies. This one keeps
 * cookies the same way, remembers the last page's CSRF token and the upload form's action.
 */
class Browser {
  private cookies = new Map<string, string>();
  csrf: string | undefined;
  uploadAction: string | undefined;
  private static next = 1;
  private readonly remoteAddress = `198.51.100.${Browser.next++ % 250}`;

  constructor(private readonly app: FastifyInstance) {}

  private remember(res: LightMyRequestResponse): LightMyRequestResponse {
    for (const c of res.cookies as Array<{ name: string; value: string; maxAge?: number }>) {
      if (c.value === '' || c.maxAge === 0) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(res.body)?.[1];
    if (token) this.csrf = token;
    const action = /<form action="([^"]+)" method="post" enctype="multipart\/form-data"/.exec(res.body)?.[1];
    if (action) this.uploadAction = action.replace(/&amp;/g, '&');
    return res;
  }

  private headers(contentType?: string): Record<string, string> {
    return { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '), accept: 'text/html', ...(contentType ? { 'content-type': contentType } : {}) };
  }

  async get(url: string): Promise<LightMyRequestResponse> {
    return this.remember(await this.app.inject({ method: 'GET', url, remoteAddress: this.remoteAddress, headers: this.headers() }));
  }

  async post(url: string, fields: Record<string, string>, options: { csrf?: false } = {}): Promise<LightMyRequestResponse> {
    const body = new URLSearchParams(options.csrf === false ? fields : { _csrf: this.csrf ?? '', ...fields });
    return this.remember(await this.app.inject({ method: 'POST', url, remoteAddress: this.remoteAddress, headers: this.headers('application/x-www-form-urlencoded'), payload: body.toString() }));
  }

  /** Posts the upload form as a browser does: multipart, to the action of the form last loaded. */
  async upload(fields: Record<string, string>, files: UploadFile[], options: { url?: string } = {}): Promise<LightMyRequestResponse> {
    const boundary = `----beirat${randomBytes(8).toString('hex')}`;
    const chunks: Buffer[] = [];
    for (const [name, value] of Object.entries({ _csrf: this.csrf ?? '', ...fields })) {
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
    }
    for (const file of files) {
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`), Buffer.from(file.bytes), Buffer.from('\r\n'));
    }
    chunks.push(Buffer.from(`--${boundary}--\r\n`));
    const url = options.url ?? this.uploadAction!;
    return this.remember(
      await this.app.inject({ method: 'POST', url, remoteAddress: this.remoteAddress, headers: this.headers(`multipart/form-data; boundary=${boundary}`), payload: Buffer.concat(chunks) }),
    );
  }

  async signIn(email: string): Promise<void> {
    await this.get('/admin/anmelden');
    const res = await this.post('/admin/anmelden', { email, password });
    expect(res.statusCode).toBe(303);
  }
}

async function councilId(db: Database, slug: string): Promise<number> {
  const [row] = await db.select({ id: councils.id }).from(councils).where(eq(councils.slug, slug));
  return row!.id;
}

async function addUsers(db: Database) {
  const hsId = await councilId(db, hs);
  const mitteId = await councilId(db, 'mitte');
  await db.transaction(async (tx) => {
    const actor = { userId: null, label: 'test' };
    await createUser(tx, { email: 'office-hs@example.org', displayName: 'Office HS', role: 'office', councilId: hsId, password }, actor);
    await createUser(tx, { email: 'office-mitte@example.org', displayName: 'Office Mitte', role: 'office', councilId: mitteId, password }, actor);
    await createUser(tx, { email: 'member-hs@example.org', displayName: 'Member HS', role: 'member', councilId: hsId, password }, actor);
  });
  return { hsId, mitteId };
}

const filesIn = (dataDir: string) => (fs.existsSync(filesDir(dataDir)) ? fs.readdirSync(filesDir(dataDir)).sort() : []);
const textOf = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
const pdf = simplePdf('Protokoll der Sitzung', ['Ergebnisse der Sitzung des Integrationsbeirats.']);
const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(62), Buffer.from('This program cannot be run in DOS mode.')]);
const downloadUrl = (doc: { id: number; fileName: string }) => `/beiraete/${hs}/dokumente/${doc.id}/${encodeURIComponent(doc.fileName)}`;

let t: TestApp;
let ids: { hsId: number; mitteId: number };
let office: Browser;

async function latestDocument() {
  const [doc] = await t.database.db.select().from(documents).where(eq(documents.councilId, ids.hsId)).orderBy(desc(documents.id)).limit(1);
  return doc!;
}

async function uploadAsOffice(fields: Record<string, string>, file: UploadFile) {
  await office.get(managePage);
  return office.upload(fields, [file]);
}

beforeAll(async () => {
  t = await createTestApp();
  ids = await addUsers(t.database.db);
  office = new Browser(t.app);
  await office.signIn('office-hs@example.org');
});
afterAll(async () => t?.close());

describe('the documents page', () => {
  it('is linked from the dashboard and shows the upload form with the limit', async () => {
    const dashboard = await office.get('/admin');
    expect(dashboard.body).toContain(`href="${managePage}"`);
    expect(dashboard.body).toContain(`href="/admin/beiraete/${hs}/unterlagen"`);
    const page = await office.get(managePage);
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.body).toContain('enctype="multipart/form-data"');
    expect(page.body).toMatch(/action="\/admin\/beiraete\/herrenhausen-stoecken\/dokumente\?_csrf=[^"]+"/);
    expect(textOf(page.body)).toContain('höchstens 20 MB');
    // Non-public is the default.
    expect(page.body).toMatch(/<input[^>]*id="field-visibility-internal"[^>]*checked/);
    // The demo minutes of this council are listed.
    expect(textOf(page.body)).toContain('Ergebnisprotokoll');
  });

  it('is forbidden for another council’s office and for members', async () => {
    const mitte = new Browser(t.app);
    await mitte.signIn('office-mitte@example.org');
    expect((await mitte.get(managePage)).statusCode).toBe(403);
    expect((await mitte.get(`/admin/beiraete/${hs}/unterlagen`)).statusCode).toBe(403);
    // Forbidden before the body is looked at: nothing is stored.
    await mitte.get('/admin/beiraete/mitte/dokumente');
    const before = filesIn(t.config.dataDir);
    const res = await mitte.upload({ titleDe: 'Fremd', kind: 'other', visibility: 'public' }, [{ name: 'x.pdf', bytes: pdf }], { url: `${managePage}?_csrf=${encodeURIComponent(mitte.csrf!)}` });
    expect(res.statusCode).toBe(403);
    expect(filesIn(t.config.dataDir)).toEqual(before);

    const member = new Browser(t.app);
    await member.signIn('member-hs@example.org');
    expect((await member.get(managePage)).statusCode).toBe(403);
    expect((await member.get('/admin')).body).not.toContain(`href="${managePage}"`);
  });

  it('sends the anonymous to the sign-in page', async () => {
    const res = await new Browser(t.app).get(managePage);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toContain('/admin/anmelden');
  });
});

describe('uploading', () => {
  it('stores a real PDF with its sha512 and size, and serves it publicly when public', async () => {
    const [meeting] = await t.database.db.select().from(meetings).where(eq(meetings.councilId, ids.hsId)).orderBy(desc(meetings.startsAt)).limit(1);
    const res = await uploadAsOffice(
      { titleDe: 'Protokoll März', titleEn: 'Minutes March', kind: 'minutes', meetingId: String(meeting!.id), visibility: 'public' },
      { name: 'C:\\fakepath\\Protokoll März 2026.pdf', bytes: pdf, type: 'application/pdf' },
    );
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${managePage}?hinweis=documentsAdmin.uploaded`);
    const doc = await latestDocument();
    expect(doc).toMatchObject({
      title: { de: 'Protokoll März', en: 'Minutes March' },
      kind: 'minutes',
      meetingId: meeting!.id,
      fileName: 'Protokoll März 2026.pdf',
      mimeType: 'application/pdf',
      sizeBytes: pdf.length,
      sha512: createHash('sha512').update(pdf).digest('hex'),
      isPublic: true,
    });
    // Stored under a random key in the data folder, with the same bytes.
    expect(doc.storageKey).toMatch(/^[0-9a-f-]{36}\.bin$/);
    expect(fs.readFileSync(path.join(filesDir(t.config.dataDir), doc.storageKey)).equals(pdf)).toBe(true);

    const page = await office.get(res.headers.location as string);
    expect(textOf(page.body)).toContain('Das Dokument ist gespeichert.');
    expect(textOf(page.body)).toContain('Protokoll März');

    const file = await t.app.inject({ method: 'GET', url: downloadUrl(doc) });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    expect(file.headers['cache-control']).toBe('public, max-age=300');
    expect(file.headers['content-disposition']).toBe(`inline; filename="Protokoll M_rz 2026.pdf"; filename*=UTF-8''${encodeURIComponent('Protokoll März 2026.pdf')}`);
    expect(createHash('sha512').update(file.rawPayload).digest('hex')).toBe(doc.sha512);
    expect((await t.app.inject({ method: 'GET', url: `${downloadUrl(doc)}?download` })).headers['content-disposition']).toMatch(/^attachment;/);
    // A public document of a meeting shows on the meeting's public page.
    const meetingPage = await t.app.inject({ method: 'GET', url: `/beiraete/${hs}/sitzungen/${meeting!.id}` });
    expect(meetingPage.body).toContain(`/dokumente/${doc.id}/`);

    const [audit] = await t.database.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'document.upload'), eq(auditEvents.entityId, String(doc.id))));
    expect(audit).toMatchObject({ entityType: 'document', councilId: ids.hsId, actorLabel: 'office-hs@example.org' });
    expect(audit!.after).toMatchObject({ sha512: doc.sha512, isPublic: true });
  });

  it('refuses an .exe renamed to .pdf by its content, keeping what was typed', async () => {
    const before = filesIn(t.config.dataDir);
    const [{ n: countBefore }] = [{ n: (await t.database.db.select().from(documents)).length }];
    const res = await uploadAsOffice({ titleDe: 'Rechnung', kind: 'attachment', visibility: 'public' }, { name: 'rechnung.pdf', bytes: exe, type: 'application/pdf' });
    expect(res.statusCode).toBe(400);
    expect(textOf(res.body)).toContain('Diese Datei wird nicht angenommen: Ihr Inhalt ist weder PDF noch Bild');
    expect(res.body).toContain('value="Rechnung"');
    expect(res.body).toMatch(/<input[^>]*id="field-visibility-public"[^>]*checked/);
    expect(res.body).toContain('aria-invalid="true"');
    expect(filesIn(t.config.dataDir)).toEqual(before);
    expect((await t.database.db.select().from(documents)).length).toBe(countBefore);
  });

  it('refuses SVG and HTML, which can carry scripts', async () => {
    for (const bytes of [Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), Buffer.from('<!doctype html><script>alert(1)</script>')]) {
      const res = await uploadAsOffice({ titleDe: 'Bild', kind: 'other' }, { name: 'bild.png', bytes, type: 'image/png' });
      expect(res.statusCode).toBe(400);
      expect(textOf(res.body)).toContain('Diese Datei wird nicht angenommen');
    }
  });

  it('shows field errors in the reader’s language for missing and too long fields', async () => {
    await office.get(`/en${managePage}`);
    const res = await office.upload({ titleDe: '', titleEn: 'x'.repeat(201), kind: 'grant_application' }, []);
    expect(res.statusCode).toBe(400);
    const text = textOf(res.body);
    expect(text).toContain('Title (German): Please fill in this field.');
    expect(text).toContain('Title (English): Please enter at most 200 characters.');
    expect(text).toContain('Kind of document: Please choose one of the options.');
    expect(text).toContain('File: Please choose a file.');
    expect(text).toContain('Please choose the file again');
    expect(res.body).toContain(`value="${'x'.repeat(201)}"`);
  });

  it('refuses a meeting of another council', async () => {
    const [other] = await t.database.db.select().from(meetings).where(eq(meetings.councilId, ids.mitteId)).limit(1);
    for (const meetingId of [String(other!.id), 'abc', '99999999999']) {
      const res = await uploadAsOffice({ titleDe: 'Anlage', kind: 'attachment', meetingId }, { name: 'a.pdf', bytes: pdf });
      expect(res.statusCode).toBe(400);
      expect(textOf(res.body)).toContain('Bitte wählen Sie eine Sitzung dieses Beirats');
    }
  });

  it('refuses a form with two files or without multipart, without a 500', async () => {
    await office.get(managePage);
    const two = await office.upload({ titleDe: 'Zwei', kind: 'other' }, [
      { name: 'a.pdf', bytes: pdf },
      { name: 'b.pdf', bytes: pdf },
    ]);
    expect(two.statusCode).toBe(400);
    expect(textOf(two.body)).toContain('Das Formular konnte nicht gelesen werden');
    await office.get(managePage);
    const plain = await office.post(managePage, { titleDe: 'Ohne Datei', kind: 'other' });
    expect(plain.statusCode).toBe(400);
    expect(textOf(plain.body)).toContain('Bitte wählen Sie eine Datei aus.');
  });

  it('keeps a safe display name and names the real type', async () => {
    const res = await uploadAsOffice({ titleDe: '<b>Fett</b>', kind: 'other' }, { name: '..\\..\\<img src=x onerror=alert(1)>.exe', bytes: pdf });
    expect(res.statusCode).toBe(303);
    const doc = await latestDocument();
    expect(doc.fileName).toBe('_img src=x onerror=alert(1)_.exe.pdf');
    expect(doc.title).toEqual({ de: '<b>Fett</b>' });
    const page = await office.get(managePage);
    expect(page.body).toContain('&lt;b>Fett&lt;/b>');
    expect(page.body).not.toContain('<b>Fett</b>');
    expect(page.body).not.toContain('<img');
  });

  it('rejects an upload without its CSRF token with 403', async () => {
    await office.get(managePage);
    const before = filesIn(t.config.dataDir);
    const res = await office.upload({ titleDe: 'Ohne Token', kind: 'other' }, [{ name: 'a.pdf', bytes: pdf }], { url: managePage });
    expect(res.statusCode).toBe(403);
    const forged = await office.upload({ titleDe: 'Falsches Token', kind: 'other' }, [{ name: 'a.pdf', bytes: pdf }], { url: `${managePage}?_csrf=forged` });
    expect(forged.statusCode).toBe(403);
    expect(filesIn(t.config.dataDir)).toEqual(before);
    const doc = await latestDocument();
    const toggle = await office.post(`${managePage}/${doc.id}/sichtbarkeit`, { visibility: 'public' }, { csrf: false });
    expect(toggle.statusCode).toBe(403);
  });
});

describe('non-public documents', () => {
  let doc: typeof documents.$inferSelect;

  beforeAll(async () => {
    const res = await uploadAsOffice({ titleDe: 'Vertrauliche Vorlage', kind: 'attachment', visibility: 'internal' }, { name: 'vorlage.pdf', bytes: pdf });
    expect(res.statusCode).toBe(303);
    doc = await latestDocument();
    expect(doc.isPublic).toBe(false);
  });

  it('are not found for the anonymous and for another council’s office', async () => {
    expect((await t.app.inject({ method: 'GET', url: downloadUrl(doc) })).statusCode).toBe(404);
    const mitte = new Browser(t.app);
    await mitte.signIn('office-mitte@example.org');
    const res = await mitte.get(downloadUrl(doc));
    expect(res.statusCode).toBe(404);
    // Exactly the answer for a document that does not exist.
    expect(textOf(res.body)).toBe(textOf((await mitte.get(`/beiraete/${hs}/dokumente/999999/x.pdf`)).body));
  });

  it('are served privately to a member of the council, and listed for them', async () => {
    const member = new Browser(t.app);
    await member.signIn('member-hs@example.org');
    const file = await member.get(downloadUrl(doc));
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.headers['cache-control']).toBe('private, no-store');
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    expect(createHash('sha512').update(file.rawPayload).digest('hex')).toBe(doc.sha512);
    // Only through its own council's address.
    expect((await member.get(`/beiraete/mitte/dokumente/${doc.id}/${doc.fileName}`)).statusCode).toBe(404);

    const list = await member.get(`/admin/beiraete/${hs}/unterlagen`);
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(`href="${downloadUrl(doc)}"`);
    expect(textOf(list.body)).toContain('Vertrauliche Vorlage');
    // Public ones are not in the internal list.
    expect(textOf(list.body)).not.toContain('Protokoll März');
    const english = await member.get(`/en/admin/beiraete/${hs}/unterlagen`);
    expect(textOf(english.body)).toContain('Non-public documents');
  });

  it('can be published and withdrawn, audited', async () => {
    await office.get(managePage);
    const publish = await office.post(`${managePage}/${doc.id}/sichtbarkeit`, { visibility: 'public' });
    expect(publish.statusCode).toBe(303);
    expect(publish.headers.location).toBe(`${managePage}?hinweis=documentsAdmin.madePublic`);
    expect((await t.app.inject({ method: 'GET', url: downloadUrl(doc) })).statusCode).toBe(200);
    const withdraw = await office.post(`${managePage}/${doc.id}/sichtbarkeit`, { visibility: 'internal' });
    expect(withdraw.headers.location).toBe(`${managePage}?hinweis=documentsAdmin.madeInternal`);
    expect((await t.app.inject({ method: 'GET', url: downloadUrl(doc) })).statusCode).toBe(404);
    const trail = await t.database.db.select().from(auditEvents).where(and(eq(auditEvents.entityType, 'document'), eq(auditEvents.entityId, String(doc.id))));
    expect(trail.map((e) => e.action)).toEqual(['document.upload', 'document.publish', 'document.unpublish']);
  });

  it('cannot be changed through another council’s address', async () => {
    const mitte = new Browser(t.app);
    await mitte.signIn('office-mitte@example.org');
    await mitte.get('/admin/beiraete/mitte/dokumente');
    expect((await mitte.post(`/admin/beiraete/mitte/dokumente/${doc.id}/sichtbarkeit`, { visibility: 'public' })).statusCode).toBe(404);
    expect((await mitte.post(`/admin/beiraete/mitte/dokumente/${doc.id}/loeschen`, {})).statusCode).toBe(404);
    expect((await mitte.post(`${managePage}/${doc.id}/loeschen`, {})).statusCode).toBe(403);
    expect((await t.database.db.select().from(documents).where(eq(documents.id, doc.id))).length).toBe(1);
  });

  it('can be deleted with the file, audited', async () => {
    await office.get(managePage);
    const res = await office.post(`${managePage}/${doc.id}/loeschen`, {});
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${managePage}?hinweis=documentsAdmin.deleted`);
    expect(await t.database.db.select().from(documents).where(eq(documents.id, doc.id))).toEqual([]);
    expect(fs.existsSync(path.join(filesDir(t.config.dataDir), doc.storageKey))).toBe(false);
    const [audit] = await t.database.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'document.delete'), eq(auditEvents.entityId, String(doc.id))));
    expect(audit!.before).toMatchObject({ sha512: doc.sha512 });
    expect((await office.post(`${managePage}/${doc.id}/loeschen`, {})).statusCode).toBe(404);
  });
});

describe('the size limit', () => {
  let small: { app: FastifyInstance; dataDir: string; close(): Promise<void> };

  beforeAll(async () => {
    const database = await openTestDatabase();
    await seedDemoData(database.db);
    await addUsers(database.db);
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'beirat-upload-'));
    const config = { ...loadConfig({ DATA_DIR: dataDir, BASE_URL: 'http://beirat.test', UPLOAD_MAX_MB: '1' }), logLevel: 'silent' as const };
    const app = await buildApp({ config, database, logger: false });
    await app.ready();
    small = {
      app,
      dataDir,
      async close() {
        await app.close();
        await database.close();
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  });
  afterAll(async () => small?.close());

  it('answers a bigger file with a field error naming the limit, and keeps nothing', async () => {
    const browser = new Browser(small.app);
    await browser.signIn('office-hs@example.org');
    await browser.get(managePage);
    const big = Buffer.concat([pdf, Buffer.alloc(1024 * 1024 + 1 - pdf.length, 0x20)]);
    const res = await browser.upload({ titleDe: 'Zu groß', kind: 'other', visibility: 'public' }, [{ name: 'gross.pdf', bytes: big }]);
    expect(res.statusCode).toBe(400);
    expect(textOf(res.body)).toContain('Die Datei ist zu groß. Erlaubt sind höchstens 1 MB.');
    expect(res.body).toContain('value="Zu groß"');
    expect(filesIn(small.dataDir)).toEqual([]);

    // Exactly at the limit is fine.
    await browser.get(managePage);
    const fits = await browser.upload({ titleDe: 'Passt', kind: 'other' }, [{ name: 'passt.pdf', bytes: big.subarray(0, 1024 * 1024) }]);
    expect(fits.statusCode).toBe(303);
    expect(filesIn(small.dataDir)).toHaveLength(1);
  });
});
