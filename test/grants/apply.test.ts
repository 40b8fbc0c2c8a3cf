import fs from 'node:fs';
import { and, asc, desc, eq, like, sql } from 'drizzle-orm';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../src/audit/schema.js';
import { hashToken } from '../../src/auth/sessions.js';
import { councils } from '../../src/councils/schema.js';
import { documents } from '../../src/documents/schema.js';
import { simplePdf } from '../../src/documents/simple-pdf.js';
import { filesDir, storedFilePath } from '../../src/documents/storage.js';
import { deleteExpiredDrafts, issueResumeToken, resumePath } from '../../src/grants/apply-service.js';
import { grantOtherFunding, grants } from '../../src/grants/schema.js';
import { berlinDate } from '../../src/infra/time.js';
import { outbox } from '../../src/mail/schema.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { extractPdfText } from '../support/pdf-text.js';

let t: TestApp;
const mitte = 'mitte';
const form = (slug = mitte) => `/beiraete/${slug}/projekte/antrag`;
const year = Number(berlinDate(new Date()).slice(0, 4));
const textOf = (html: string) => html.replace(/\u00a0/g, ' ').replace(/<[^>]+>/g, ' ').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&').replace(/\s+/g, ' ');
const budgetPlan = { name: 'Finanzierungsplan Sommerfest.pdf', bytes: simplePdf('Kosten- und Finanzierungsplan', ['Bühne 1.200 €', 'Essen 1.800 €']), type: 'application/pdf' };
const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5d0a6a30000000049454e44ae426082', 'hex');

interface UploadFile {
  name: string;
  bytes: Uint8Array;
  type?: string;
}

/**
 * A visitor with a browser: keeps cookies, remembers the CSRF token and the form's action (which
 * carries the token in its query, as multipart bodies are checked before they are read), and sends
 * the form as multipart like a browser does.
 */
class Visitor {
  private cookies = new Map<string, string>();
  action: string | undefined;
  csrf: string | undefined;
  private static next = 1;
  private readonly remoteAddress = `203.0.113.${Visitor.next++ % 250}`;

  constructor(private readonly app: FastifyInstance) {}

  private remember(res: LightMyRequestResponse): LightMyRequestResponse {
    for (const c of res.cookies as Array<{ name: string; value: string; maxAge?: number }>) {
      if (c.value === '' || c.maxAge === 0) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(res.body)?.[1];
    if (token) this.csrf = token;
    const action = /<form action="([^"]+)" method="post" enctype="multipart\/form-data"/.exec(res.body)?.[1];
    if (action) this.action = action.replace(/&amp;/g, '&');
    return res;
  }

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    return { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '), accept: 'text/html', ...extra };
  }

  async get(url: string): Promise<LightMyRequestResponse> {
    return this.remember(await this.app.inject({ method: 'GET', url, remoteAddress: this.remoteAddress, headers: this.headers() }));
  }

  /** Sends the form last loaded, as multipart with the file field as a browser sends it (empty when no file is chosen). */
  async send(fields: Record<string, string>, file?: UploadFile): Promise<LightMyRequestResponse> {
    const data = new FormData();
    data.append('_csrf', this.csrf ?? '');
    for (const [k, v] of Object.entries(fields)) data.append(k, v);
    data.append('budgetPlan', new Blob([file ? Buffer.from(file.bytes) : new Uint8Array()], { type: file?.type ?? 'application/octet-stream' }), file?.name ?? '');
    const encoded = new Response(data);
    const payload = Buffer.from(await encoded.arrayBuffer());
    const contentType = encoded.headers.get('content-type')!;
    return this.remember(await this.app.inject({ method: 'POST', url: this.action!, remoteAddress: this.remoteAddress, headers: this.headers({ 'content-type': contentType }), payload }));
  }
}

const complete: Record<string, string> = {
  kind: 'association',
  recipientName: 'Nachbarschaftskreis Mitte e.V.',
  recipientAddress: 'Am Marstall 1\n30159 Hannover',
  applicantName: 'Ayşe Yılmaz',
  email: 'ayse.yilmaz@example.org',
  phone: '0511 123456',
  title: 'Sommerfest am Klagesmarkt',
  description: 'Ein Fest für alle Nachbarinnen und Nachbarn, mit Musik <und> Essen aus vielen Ländern.',
  targetGroup: 'Familien im Stadtteil, etwa 300 Menschen',
  place: 'Klagesmarkt',
  periodStart: '2026-07-01',
  periodEnd: '2026-07-31',
  totalCost: '3.000,00 €',
  amountRequested: '2.200,50',
  funding1Source: 'Eigenmittel',
  funding1Amount: '500',
  funding1Confirmed: 'yes',
  funding2Source: 'Stadtbezirksrat Mitte',
  funding2Amount: '299,50',
  funding2Confirmed: 'no',
  funding3Source: '',
  funding3Amount: '',
  funding3Confirmed: 'no',
  earlyStart: 'on',
  consent: 'on',
  action: 'submit',
};

async function councilId(slug: string): Promise<number> {
  const [row] = await t.database.db.select({ id: councils.id }).from(councils).where(eq(councils.slug, slug));
  return row!.id;
}

async function maxNumber(slug: string): Promise<number> {
  const [row] = await t.database.db
    .select({ max: sql<number | null>`max(${grants.number})` })
    .from(grants)
    .where(and(eq(grants.councilId, await councilId(slug)), eq(grants.year, year)));
  return Number(row?.max ?? 0);
}

async function grantsByEmail(email: string) {
  return t.database.db.select().from(grants).where(eq(grants.applicantEmail, email)).orderBy(asc(grants.id));
}

async function apply(fields: Record<string, string>, options: { slug?: string; lang?: 'en'; file?: UploadFile } = {}) {
  const visitor = new Visitor(t.app);
  const page = await visitor.get(`${options.lang === 'en' ? '/en' : ''}${form(options.slug)}`);
  expect(page.statusCode).toBe(200);
  return { visitor, res: await visitor.send(fields, options.file) };
}

const numberOf = (res: LightMyRequestResponse) => decodeURIComponent(/nummer=([^&]+)/.exec(String(res.headers.location))?.[1] ?? '');
const storedFiles = () => (fs.existsSync(filesDir(t.config.dataDir)) ? fs.readdirSync(filesDir(t.config.dataDir)).filter((f) => !f.endsWith('.part')) : []);

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

describe('the public application form', () => {
  it('is linked from the funded-projects page, in both languages', async () => {
    const de = await t.app.inject({ url: `/beiraete/${mitte}/projekte` });
    expect(de.body).toContain(`href="${form()}"`);
    expect(textOf(de.body)).toContain('Förderung beantragen');
    const en = await t.app.inject({ url: `/en/beiraete/${mitte}/projekte` });
    expect(en.body).toContain(`href="/en${form()}"`);
    expect(textOf(en.body)).toContain('Apply for funding');
  });

  it('asks for everything, explains the early start and the privacy terms, and is never cached', async () => {
    const res = await t.app.inject({ url: form() });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toContain('enctype="multipart/form-data"');
    expect(res.body).toMatch(/action="\/beiraete\/mitte\/projekte\/antrag\?_csrf=[^"]+"/);
    for (const name of ['kind', 'recipientName', 'applicantName', 'email', 'phone', 'recipientAddress', 'title', 'description', 'targetGroup', 'place', 'periodStart', 'periodEnd', 'totalCost', 'amountRequested', 'earlyStart', 'budgetPlan', 'consent', 'website']) {
      expect(res.body).toContain(`name="${name}"`);
    }
    for (let row = 1; row <= 3; row++) expect(res.body).toContain(`name="funding${row}Source"`);
    const text = textOf(res.body);
    expect(text).toContain('Vorzeitiger Maßnahmenbeginn');
    expect(text).toContain('Ansprechperson, E-Mail-Adresse, Telefonnummer und Anschrift veröffentlichen wir nicht');
    expect(text).toContain('höchstens 20 MB');
    expect(res.body).toContain('value="draft"');
    const en = await t.app.inject({ url: `/en${form()}` });
    expect(en.statusCode).toBe(200);
    expect(textOf(en.body)).toContain('What happens to your data');
  });

  it('is 404 for an unknown council', async () => {
    expect((await t.app.inject({ url: form('atlantis') })).statusCode).toBe(404);
  });
});

describe('submitting', () => {
  it('gives IB-01 of the year to a council with no grants that year, mails the number with a PDF, files the plan and audits it', async () => {
    // Ricklingen starts the year without applications.
    await t.database.db.delete(grants).where(and(eq(grants.councilId, await councilId('ricklingen')), eq(grants.year, year)));
    const { res } = await apply({ ...complete, email: 'first@example.org' }, { slug: 'ricklingen', file: budgetPlan });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${form('ricklingen')}/danke?nummer=${encodeURIComponent(`IB-01/${year}`)}`);

    const thanks = await t.app.inject({ url: String(res.headers.location) });
    expect(thanks.statusCode).toBe(200);
    expect(textOf(thanks.body)).toContain(`Er hat die Nummer IB-01/${year}.`);

    const [grant] = await grantsByEmail('first@example.org');
    expect(grant).toMatchObject({
      status: 'submitted',
      year,
      number: 1,
      recipientKind: 'association',
      recipientName: 'Nachbarschaftskreis Mitte e.V.',
      applicantName: 'Ayşe Yılmaz',
      applicantPhone: '0511 123456',
      recipientAddress: 'Am Marstall 1\n30159 Hannover',
      title: { de: 'Sommerfest am Klagesmarkt' },
      periodStart: '2026-07-01',
      periodEnd: '2026-07-31',
      totalCostCents: 300000,
      amountRequestedCents: 220050,
      earlyStartRequested: true,
      locale: 'de',
      resumeTokenHash: null,
    });
    expect(grant!.submittedAt).toBeInstanceOf(Date);
    expect(grant!.consentedAt).toBeInstanceOf(Date);
    const funding = await t.database.db.select().from(grantOtherFunding).where(eq(grantOtherFunding.grantId, grant!.id)).orderBy(asc(grantOtherFunding.position));
    expect(funding.map((f) => [f.source, f.amountCents, f.confirmed])).toEqual([
      ['Eigenmittel', 50000, true],
      ['Stadtbezirksrat Mitte', 29950, false],
    ]);

    const [doc] = await t.database.db.select().from(documents).where(eq(documents.grantId, grant!.id));
    expect(doc).toMatchObject({ kind: 'grant_application', isPublic: false, mimeType: 'application/pdf', fileName: 'Finanzierungsplan Sommerfest.pdf', councilId: await councilId('ricklingen') });
    expect(fs.readFileSync(storedFilePath(t.config.dataDir, doc!.storageKey))).toEqual(budgetPlan.bytes);

    const mails = await t.database.db.select().from(outbox).where(eq(outbox.key, `grant-submitted:${grant!.id}`));
    expect(mails).toHaveLength(1);
    const mail = { ...mails[0]!, text: mails[0]!.text.replace(/\u00a0/g, ' ') };
    expect(mail.to).toBe('first@example.org');
    expect(mail.subject).toBe(`Ihr Förderantrag IB-01/${year} an den Integrationsbeirat Ricklingen`);
    expect(mail.text).toContain('Guten Tag Ayşe Yılmaz');
    expect(mail.text).toContain(`hat die Nummer IB-01/${year}`);
    expect(mail.text).toContain('Beantragter Betrag in Euro: 2.200,50 €');
    expect(mail.text).toContain('Eigenmittel: 500,00 € (zugesagt)');
    expect(mail.attachments).toHaveLength(1);
    expect(mail.attachments![0]).toMatchObject({ filename: `Foerderantrag-IB-01-${year}.pdf`, contentType: 'application/pdf' });
    const pdfText = (await extractPdfText(Buffer.from(mail.attachments![0]!.contentBase64, 'base64'))).replace(/\u00a0/g, ' ');
    expect(pdfText).toContain(`IB-01/${year}`);
    expect(pdfText).toContain('Nachbarschaftskreis Mitte e.V.');
    expect(pdfText).toContain('Integrationsbeirat Ricklingen');
    expect(pdfText).toContain('2.200,50 €');

    const [audit] = await t.database.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'grant.submit'), eq(auditEvents.entityId, String(grant!.id))));
    expect(audit).toMatchObject({ actorLabel: 'applicant', actorUserId: null, entityType: 'grant' });
    expect(audit!.after).toMatchObject({ status: 'submitted', number: 1, amountRequestedCents: 220050 });
    // Contact details and the link's hash stay out of the trail.
    expect(JSON.stringify(audit!.after)).not.toContain('first@example.org');
  });

  it('gives the next free numbers, consecutive, also across a draft saved in between', async () => {
    const before = await maxNumber(mitte);
    const first = await apply({ ...complete, email: 'one@example.org' });
    expect(first.res.statusCode).toBe(303);
    expect(numberOf(first.res)).toBe(`IB-${String(before + 1).padStart(2, '0')}/${year}`);
    const draft = await apply({ ...complete, email: 'draft-between@example.org', action: 'draft' });
    expect(draft.res.statusCode).toBe(303);
    const second = await apply({ ...complete, email: 'two@example.org' });
    expect(numberOf(second.res)).toBe(`IB-${String(before + 2).padStart(2, '0')}/${year}`);
    const [saved] = await grantsByEmail('draft-between@example.org');
    expect(saved).toMatchObject({ status: 'draft', number: null });
    const [one] = await grantsByEmail('one@example.org');
    const [two] = await grantsByEmail('two@example.org');
    expect([one!.number, two!.number]).toEqual([before + 1, before + 2]);
  });

  it('gives distinct consecutive numbers to submissions arriving at the same moment', async () => {
    const before = await maxNumber(mitte);
    const visitors = await Promise.all(
      [1, 2, 3].map(async () => {
        const v = new Visitor(t.app);
        await v.get(form());
        return v;
      }),
    );
    const results = await Promise.all(visitors.map((v, i) => v.send({ ...complete, email: `parallel-${i}@example.org` })));
    expect(results.map((r) => r.statusCode)).toEqual([303, 303, 303]);
    expect(results.map(numberOf).sort()).toEqual([1, 2, 3].map((n) => `IB-${String(before + n).padStart(2, '0')}/${year}`));
  });

  it('accepts an application in English and confirms it in English', async () => {
    const { res } = await apply({ ...complete, email: 'english@example.org', kind: 'person', recipientName: 'Sam Doe', earlyStart: '' }, { lang: 'en' });
    expect(res.statusCode).toBe(303);
    expect(String(res.headers.location)).toMatch(/^\/en\/beiraete\/mitte\/projekte\/antrag\/danke\?nummer=/);
    const thanks = await t.app.inject({ url: String(res.headers.location) });
    expect(textOf(thanks.body)).toContain(`Its number is ${numberOf(res)}.`);
    const [grant] = await grantsByEmail('english@example.org');
    expect(grant).toMatchObject({ locale: 'en', recipientKind: 'person', earlyStartRequested: false });
    const [mail] = await t.database.db.select().from(outbox).where(eq(outbox.key, `grant-submitted:${grant!.id}`));
    expect(mail!.subject).toBe(`Your grant application ${numberOf(res)} to the Integration Council Mitte`);
    expect(mail!.text).toContain('Amount requested in euros: €2,200.50');
  });

  it('shows on the thanks page only a number the council gave', async () => {
    const res = await t.app.inject({ url: `${form()}/danke?nummer=${encodeURIComponent('IB-99/1999')}` });
    expect(res.statusCode).toBe(200);
    const text = textOf(res.body);
    expect(text).toContain('Ihr Antrag ist eingegangen.');
    expect(text).not.toContain('IB-99/1999');
  });
});

describe('bad input', () => {
  it('lists what is missing in German, keeps what was typed and stores nothing', async () => {
    const files = storedFiles().length;
    const { res } = await apply({ ...complete, email: 'missing@example.org', kind: '', title: '', description: '', periodStart: '', amountRequested: '', consent: '' }, { file: budgetPlan });
    expect(res.statusCode).toBe(400);
    const text = textOf(res.body);
    expect(text).toContain('Bitte prüfen Sie Ihre Angaben');
    expect(text).toContain('Titel des Projekts: Bitte füllen Sie dieses Feld aus.');
    expect(text).toContain('Beschreibung des Projekts: Bitte füllen Sie dieses Feld aus.');
    expect(text).toContain('Beginn des Projekts: Bitte füllen Sie dieses Feld aus.');
    expect(text).toContain('Beantragter Betrag in Euro: Bitte füllen Sie dieses Feld aus.');
    expect(text).toContain('Antragsteller: Bitte wählen Sie, wer den Antrag stellt.');
    expect(text).toContain('Ohne Ihre Einwilligung können wir den Antrag nicht bearbeiten.');
    // What was typed is still there (escaped), except the file, which must be chosen again.
    expect(res.body).toContain('value="Nachbarschaftskreis Mitte e.V."');
    expect(res.body).toContain('value="missing@example.org"');
    expect(res.body).toContain('value="3.000,00 €"');
    expect(res.body).toContain('value="Eigenmittel"');
    expect(res.body).toMatch(/id="field-earlyStart"[^>]*checked/);
    expect(text).toContain('Bitte wählen Sie die Datei noch einmal aus');
    expect(await grantsByEmail('missing@example.org')).toEqual([]);
    expect(storedFiles()).toHaveLength(files);
  });

  it('lists what is missing in English', async () => {
    const { res } = await apply({ ...complete, email: 'missing-en@example.org', recipientName: '', description: 'Typed <text> stays', periodEnd: '' }, { lang: 'en' });
    expect(res.statusCode).toBe(400);
    const text = textOf(res.body);
    expect(text).toContain('Please check what you entered');
    expect(text).toContain('Name of the association, initiative or person: Please fill in this field.');
    expect(text).toContain('Project end: Please fill in this field.');
    expect(res.body).toContain('Typed &lt;text> stays');
    expect(await grantsByEmail('missing-en@example.org')).toEqual([]);
  });

  it('refuses an ambiguous amount on its field and keeps it as typed; accepts 2.200,50', async () => {
    const { res } = await apply({ ...complete, email: 'ambiguous@example.org', amountRequested: '2.200.50' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('value="2.200.50"');
    expect(res.body).toMatch(/id="field-amountRequested-error"[^>]*>[\s\S]*?Bitte geben Sie den Betrag in Euro an, z\. B\. 2\.200,50 oder 2200/);
    expect(await grantsByEmail('ambiguous@example.org')).toEqual([]);

    const decimals = await apply({ ...complete, email: 'decimals@example.org', totalCost: '22,005' });
    expect(decimals.res.statusCode).toBe(400);
    expect(textOf(decimals.res.body)).toContain('Ein Betrag hat höchstens zwei Stellen nach dem Komma');

    const english = await apply({ ...complete, email: 'english-thousands@example.org', totalCost: '3,000.00' }, { lang: 'en' });
    expect(english.res.statusCode).toBe(400);
    expect(textOf(english.res.body)).toContain('Please enter the amount in euros in German notation');

    const ok = await apply({ ...complete, email: 'ok-amount@example.org', amountRequested: '2 200,50 €', totalCost: '2200.50' });
    expect(ok.res.statusCode).toBe(303);
    const [grant] = await grantsByEmail('ok-amount@example.org');
    expect(grant).toMatchObject({ amountRequestedCents: 220050, totalCostCents: 220050 });
  });

  it('refuses an amount asked above the total cost, a negative amount and a half-filled funding row', async () => {
    const { res } = await apply({ ...complete, email: 'too-much@example.org', totalCost: '2.000', amountRequested: '2.200,50', funding1Amount: '-5', funding2Source: '' });
    expect(res.statusCode).toBe(400);
    const text = textOf(res.body);
    expect(text).toContain('Beantragter Betrag in Euro: Der beantragte Betrag darf nicht höher sein als die Gesamtkosten.');
    expect(text).toContain('Weitere Finanzierung 1, Betrag in Euro: Bitte geben Sie den Betrag ohne Minuszeichen an.');
    expect(text).toContain('Weitere Finanzierung 2, Von wem: Bitte geben Sie an, von wem dieses Geld kommt');
    expect(await grantsByEmail('too-much@example.org')).toEqual([]);
  });

  it('refuses an end before the start and a date that does not exist', async () => {
    const { res } = await apply({ ...complete, email: 'dates@example.org', periodStart: '2026-02-30', periodEnd: '2026-01-01' });
    expect(res.statusCode).toBe(400);
    const text = textOf(res.body);
    expect(text).toContain('Beginn des Projekts: Bitte geben Sie ein Datum an, z. B. 31.12.2026.');
    const order = await apply({ ...complete, email: 'dates@example.org', periodStart: '1.8.2026', periodEnd: '2026-07-01' });
    expect(textOf(order.res.body)).toContain('Ende des Projekts: Das Ende darf nicht vor dem Beginn liegen.');
    expect(await grantsByEmail('dates@example.org')).toEqual([]);
  });

  it.each([
    ['a PNG image', { name: 'plan.png', bytes: png, type: 'image/png' }],
    ['a text file renamed .pdf', { name: 'plan.pdf', bytes: Buffer.from('Bühne: 1.200 €\nEssen: 1.800 €\n'), type: 'application/pdf' }],
  ])('refuses %s as the budget plan, keeping the other fields', async (_label, file) => {
    const files = storedFiles().length;
    const { res } = await apply({ ...complete, email: 'not-pdf@example.org' }, { file });
    expect(res.statusCode).toBe(400);
    expect(textOf(res.body)).toContain('Kosten- und Finanzierungsplan (PDF): Diese Datei ist kein PDF');
    expect(res.body).toContain('value="Sommerfest am Klagesmarkt"');
    expect(await grantsByEmail('not-pdf@example.org')).toEqual([]);
    expect(storedFiles()).toHaveLength(files);
  });

  it('refuses a budget plan over the size limit with the limit named, and takes one exactly at it', async () => {
    const limit = t.config.uploadMaxBytes;
    // The limit is read per request: a small one keeps the test's bodies small.
    t.config.uploadMaxBytes = 1024 * 1024;
    try {
      const files = storedFiles().length;
      const big = Buffer.concat([budgetPlan.bytes, Buffer.alloc(1024 * 1024 + 1 - budgetPlan.bytes.length, 0x20)]);
      const { res } = await apply({ ...complete, email: 'too-big@example.org' }, { file: { name: 'gross.pdf', bytes: big, type: 'application/pdf' } });
      expect(res.statusCode).toBe(400);
      expect(textOf(res.body)).toContain('Die Datei ist zu groß. Erlaubt sind höchstens 1 MB.');
      expect(textOf(res.body)).toContain('höchstens 1 MB');
      expect(await grantsByEmail('too-big@example.org')).toEqual([]);
      expect(storedFiles()).toHaveLength(files);

      const fits = await apply({ ...complete, email: 'fits@example.org' }, { file: { name: 'passt.pdf', bytes: big.subarray(0, 1024 * 1024), type: 'application/pdf' } });
      expect(fits.res.statusCode).toBe(303);
      expect(storedFiles()).toHaveLength(files + 1);
    } finally {
      t.config.uploadMaxBytes = limit;
    }
  });

  it('stores nothing when the honeypot is filled, and answers as if it had', async () => {
    const { res } = await apply({ ...complete, email: 'bot@example.org', website: 'https://spam.example' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${form()}/danke`);
    expect(await grantsByEmail('bot@example.org')).toEqual([]);
    expect(await t.database.db.select().from(outbox).where(eq(outbox.to, 'bot@example.org'))).toEqual([]);
  });

  it('refuses a post without the CSRF token', async () => {
    const visitor = new Visitor(t.app);
    await visitor.get(form());
    visitor.action = form();
    visitor.csrf = undefined;
    const res = await visitor.send({ ...complete, email: 'csrf@example.org' });
    expect(res.statusCode).toBe(403);
    expect(await grantsByEmail('csrf@example.org')).toEqual([]);
  });
});

describe('save and continue later', () => {
  async function draftMail(grantId: number) {
    const [mail] = await t.database.db.select().from(outbox).where(like(outbox.key, `grant-draft:${grantId}:%`)).orderBy(desc(outbox.id)).limit(1);
    return mail!;
  }
  const tokenIn = (text: string) => /fortsetzen\?t=([A-Za-z0-9_-]+)/.exec(text)![1]!;

  it('saves a draft with only the address and consent required, mails a link; the link shows the values and the draft can be submitted', async () => {
    const partial = { email: 'later@example.org', consent: 'on', title: 'Deutschkurs für Eltern', totalCost: '1.500', amountRequested: '1.200,50', funding1Source: 'Spenden', funding1Amount: '300', funding1Confirmed: 'yes', action: 'draft' };
    const { res } = await apply(partial, { file: budgetPlan });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${form()}/gespeichert`);
    const saved = await t.app.inject({ url: String(res.headers.location) });
    expect(textOf(saved.body)).toContain('Wir haben Ihnen einen Link per E-Mail geschickt');

    const [draft] = await grantsByEmail('later@example.org');
    expect(draft).toMatchObject({ status: 'draft', number: null, title: { de: 'Deutschkurs für Eltern' }, amountRequestedCents: 120050, recipientName: '' });
    expect(draft!.resumeExpiresAt!.getTime() - Date.now()).toBeGreaterThan(29 * 86_400_000);
    expect(draft!.resumeExpiresAt!.getTime() - Date.now()).toBeLessThanOrEqual(30 * 86_400_000);

    const mail = await draftMail(draft!.id);
    expect(mail.to).toBe('later@example.org');
    expect(mail.text).toContain(`http://beirat.test${form()}/fortsetzen?t=`);
    const token = tokenIn(mail.text);
    // Only the hash is kept.
    expect(draft!.resumeTokenHash).toBe(hashToken(token));
    expect(JSON.stringify(draft)).not.toContain(token);

    // Opening the link shows the form filled in and changes nothing.
    const visitor = new Visitor(t.app);
    const page = await visitor.get(`${form()}/fortsetzen?t=${token}`);
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.body).toContain('value="Deutschkurs für Eltern"');
    expect(page.body).toContain('value="1.500,00"');
    expect(page.body).toContain('value="1.200,50"');
    expect(page.body).toContain('value="Spenden"');
    expect(page.body).toContain(`name="resume" value="${token}"`);
    expect(textOf(page.body)).toContain('Gespeichert: Finanzierungsplan Sommerfest.pdf');
    const [unchanged] = await grantsByEmail('later@example.org');
    expect(unchanged).toEqual(draft);

    // A submission with errors keeps the stored plan and the link.
    const incomplete = await visitor.send({ ...partial, action: 'submit', resume: token });
    expect(incomplete.statusCode).toBe(400);
    expect(textOf(incomplete.body)).toContain('Gespeichert: Finanzierungsplan Sommerfest.pdf');

    const before = await maxNumber(mitte);
    const submitted = await visitor.send({ ...complete, email: 'later@example.org', title: 'Deutschkurs für Eltern', resume: token });
    expect(submitted.statusCode).toBe(303);
    expect(numberOf(submitted)).toBe(`IB-${String(before + 1).padStart(2, '0')}/${year}`);
    const after = await grantsByEmail('later@example.org');
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ id: draft!.id, status: 'submitted', number: before + 1, resumeTokenHash: null, resumeExpiresAt: null });
    // The plan saved with the draft is filed with the application.
    const docs = await t.database.db.select().from(documents).where(eq(documents.grantId, draft!.id));
    expect(docs).toHaveLength(1);
    const [confirmation] = await t.database.db.select().from(outbox).where(eq(outbox.key, `grant-submitted:${draft!.id}`));
    expect(confirmation!.text).toContain('Kosten- und Finanzierungsplan: Finanzierungsplan Sommerfest.pdf');

    // The link is used up.
    const again = await t.app.inject({ url: `${form()}/fortsetzen?t=${token}` });
    expect(again.statusCode).toBe(404);
    expect(textOf(again.body)).toContain('Dieser Link funktioniert nicht');

    const actions = await t.database.db.select({ action: auditEvents.action }).from(auditEvents).where(and(eq(auditEvents.entityType, 'grant'), eq(auditEvents.entityId, String(draft!.id)))).orderBy(asc(auditEvents.id));
    expect(actions.map((a) => a.action)).toEqual(['grant.draft_save', 'grant.submit']);
  });

  it('saving a draft again replaces the link and the plan; an English draft gets an English link', async () => {
    const { res } = await apply({ email: 'resave@example.org', consent: 'on', title: 'Erster Stand', action: 'draft' }, { lang: 'en', file: budgetPlan });
    expect(res.headers.location).toBe(`/en${form()}/gespeichert`);
    const [draft] = await grantsByEmail('resave@example.org');
    const first = await draftMail(draft!.id);
    expect(first.subject).toBe('Your saved grant application to the Integration Council Mitte');
    expect(first.text).toContain(`http://beirat.test/en${form()}/fortsetzen?t=`);
    const firstToken = tokenIn(first.text);
    const [firstDoc] = await t.database.db.select().from(documents).where(eq(documents.grantId, draft!.id));

    const visitor = new Visitor(t.app);
    await visitor.get(`/en${form()}/fortsetzen?t=${firstToken}`);
    const resaved = await visitor.send({ email: 'resave@example.org', consent: 'on', title: 'Zweiter Stand', action: 'draft', resume: firstToken }, { ...budgetPlan, name: 'neuer-plan.pdf' });
    expect(resaved.statusCode).toBe(303);
    const secondToken = tokenIn((await draftMail(draft!.id)).text);
    expect(secondToken).not.toBe(firstToken);
    expect((await t.app.inject({ url: `/en${form()}/fortsetzen?t=${firstToken}` })).statusCode).toBe(404);
    const page = await t.app.inject({ url: `/en${form()}/fortsetzen?t=${secondToken}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('value="Zweiter Stand"');
    const docs = await t.database.db.select().from(documents).where(eq(documents.grantId, draft!.id));
    expect(docs.map((d) => d.fileName)).toEqual(['neuer-plan.pdf']);
    expect(fs.existsSync(storedFilePath(t.config.dataDir, firstDoc!.storageKey))).toBe(false);
    expect(await grantsByEmail('resave@example.org')).toHaveLength(1);
  });

  it('needs the address and the consent even for a draft', async () => {
    const { res } = await apply({ title: 'Ohne Adresse', action: 'draft' });
    expect(res.statusCode).toBe(400);
    const text = textOf(res.body);
    expect(text).toContain('E-Mail-Adresse: Bitte füllen Sie dieses Feld aus.');
    expect(text).toContain('Ohne Ihre Einwilligung können wir auch einen Entwurf nicht speichern.');
    expect(res.body).toContain('value="Ohne Adresse"');
  });

  it('answers a wrong, malformed or expired link with a clear 404 page, also when the form is sent', async () => {
    for (const url of [`${form()}/fortsetzen?t=${'x'.repeat(43)}`, `${form()}/fortsetzen?t=kurz`, `${form()}/fortsetzen`, `/en${form()}/fortsetzen?t=${'y'.repeat(43)}`]) {
      const res = await t.app.inject({ url });
      expect(res.statusCode).toBe(404);
      expect(textOf(res.body)).toMatch(/Dieser Link funktioniert nicht|This link does not work/);
    }
    const { res } = await apply({ email: 'expired@example.org', consent: 'on', action: 'draft' });
    expect(res.statusCode).toBe(303);
    const [draft] = await grantsByEmail('expired@example.org');
    const token = tokenIn((await draftMail(draft!.id)).text);
    const visitor = new Visitor(t.app);
    expect((await visitor.get(`${form()}/fortsetzen?t=${token}`)).statusCode).toBe(200);
    await t.database.db.update(grants).set({ resumeExpiresAt: new Date(Date.now() - 1000) }).where(eq(grants.id, draft!.id));
    const expired = await t.app.inject({ url: `${form()}/fortsetzen?t=${token}` });
    expect(expired.statusCode).toBe(404);
    expect(textOf(expired.body)).toContain('Der Link zu Ihrem Antrag ist unbekannt oder abgelaufen');
    // The form loaded before the link ran out cannot submit through it either.
    const late = await visitor.send({ ...complete, email: 'expired@example.org', resume: token });
    expect(late.statusCode).toBe(404);
    const [still] = await grantsByEmail('expired@example.org');
    expect(still).toMatchObject({ status: 'draft', number: null });
    // Another council's page does not open it.
    await t.database.db.update(grants).set({ resumeExpiresAt: new Date(Date.now() + 86_400_000) }).where(eq(grants.id, draft!.id));
    expect((await t.app.inject({ url: `${form('nord')}/fortsetzen?t=${token}` })).statusCode).toBe(404);
  });
});

describe('amending a submitted application', () => {
  it('opens through a link the office issued, keeps the status submitted, adds the new plan and audits it', async () => {
    const { res } = await apply({ ...complete, email: 'amend@example.org' });
    expect(res.statusCode).toBe(303);
    const [grant] = await grantsByEmail('amend@example.org');
    const token = await t.database.db.transaction(async (tx) => {
      await tx.update(grants).set({ missingInfo: 'Bitte reichen Sie den Kosten- und Finanzierungsplan nach.', askedBackAt: new Date() }).where(eq(grants.id, grant!.id));
      return issueResumeToken(tx, grant!.id, new Date());
    });
    expect(resumePath(mitte, token)).toBe(`${form()}/fortsetzen?t=${token}`);

    const visitor = new Visitor(t.app);
    const page = await visitor.get(resumePath(mitte, token));
    expect(page.statusCode).toBe(200);
    const text = textOf(page.body);
    expect(text).toContain(`Sie ergänzen Ihren Antrag ${numberOf(res)}`);
    expect(text).toContain('Bitte reichen Sie den Kosten- und Finanzierungsplan nach.');
    expect(page.body).toContain('value="amend"');
    expect(page.body).not.toContain('value="draft"');
    expect(page.body).toContain('value="2.200,50"');

    const amended = await visitor.send({ ...complete, email: 'amend@example.org', description: 'Jetzt mit Plan.', resume: token, action: 'amend' }, budgetPlan);
    expect(amended.statusCode).toBe(303);
    expect(amended.headers.location).toBe(`${form()}/ergaenzt`);
    const [after] = await grantsByEmail('amend@example.org');
    expect(after).toMatchObject({ id: grant!.id, status: 'submitted', number: grant!.number, year: grant!.year, description: 'Jetzt mit Plan.', resumeTokenHash: null });
    expect(await t.database.db.select().from(documents).where(eq(documents.grantId, grant!.id))).toHaveLength(1);
    const [audit] = await t.database.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'grant.amend'), eq(auditEvents.entityId, String(grant!.id))));
    expect(audit).toMatchObject({ actorLabel: 'applicant', entityType: 'grant' });
    const [mail] = await t.database.db.select().from(outbox).where(like(outbox.key, `grant-amended:${grant!.id}:%`));
    expect(mail!.subject).toBe(`Ergänzungen zu Ihrem Förderantrag ${numberOf(res)}`);
    expect(mail!.attachments).toHaveLength(1);
    // Used once.
    expect((await t.app.inject({ url: resumePath(mitte, token) })).statusCode).toBe(404);
  });

  it('refuses the link once the office has moved the application on', async () => {
    const { res } = await apply({ ...complete, email: 'moved-on@example.org' });
    expect(res.statusCode).toBe(303);
    const [grant] = await grantsByEmail('moved-on@example.org');
    const token = await t.database.db.transaction((tx) => issueResumeToken(tx, grant!.id, new Date()));
    await t.database.db.update(grants).set({ status: 'complete' }).where(eq(grants.id, grant!.id));
    expect((await t.app.inject({ url: resumePath(mitte, token) })).statusCode).toBe(404);
  });
});

describe('limits', () => {
  it('slows down a visitor who sends the form too often', async () => {
    const visitor = new Visitor(t.app);
    await visitor.get(form());
    const codes: number[] = [];
    for (let i = 0; i < 11; i++) codes.push((await visitor.send({ email: '', action: 'draft' })).statusCode);
    expect(codes.slice(0, 10)).toEqual(Array(10).fill(400));
    expect(codes[10]).toBe(429);
  });

  it('deletes drafts whose link ran out, with their files, and keeps the rest', async () => {
    const { res } = await apply({ email: 'forgotten@example.org', consent: 'on', action: 'draft' }, { file: budgetPlan });
    expect(res.statusCode).toBe(303);
    const [draft] = await grantsByEmail('forgotten@example.org');
    const [doc] = await t.database.db.select().from(documents).where(eq(documents.grantId, draft!.id));
    const submittedBefore = (await t.database.db.select({ id: grants.id }).from(grants).where(eq(grants.status, 'submitted'))).length;
    await t.database.db.update(grants).set({ resumeExpiresAt: new Date(Date.now() - 1000) }).where(eq(grants.id, draft!.id));
    expect(await deleteExpiredDrafts(t.database.db, t.config.dataDir, new Date())).toBe(1);
    expect(await grantsByEmail('forgotten@example.org')).toEqual([]);
    expect(await t.database.db.select().from(documents).where(eq(documents.id, doc!.id))).toEqual([]);
    expect(fs.existsSync(storedFilePath(t.config.dataDir, doc!.storageKey))).toBe(false);
    expect((await t.database.db.select({ id: grants.id }).from(grants).where(eq(grants.status, 'submitted'))).length).toBe(submittedBefore);
    const [audit] = await t.database.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'grant.draft_delete_expired'), eq(auditEvents.entityId, String(draft!.id))));
    expect(audit!.before).toEqual({ id: draft!.id, councilId: draft!.councilId });
    expect(await deleteExpiredDrafts(t.database.db, t.config.dataDir, new Date())).toBe(0);
  });
});
