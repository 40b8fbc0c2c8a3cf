import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq, inArray } from 'drizzle-orm';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../src/audit/schema.js';
import { createUser } from '../../src/auth/service.js';
import { councils } from '../../src/councils/schema.js';
import { documents } from '../../src/documents/schema.js';
import { defaultPaperTitle, joinNumbers } from '../../src/grants/decision-paper.js';
import { checkGrantDecision, createPaper, recordDecision } from '../../src/grants/decision-service.js';
import { budgets, decisionPapers, grantAllocations, grants } from '../../src/grants/schema.js';
import { berlinDate } from '../../src/infra/time.js';
import { addDays } from '../../src/members/service.js';
import { Agent } from '../support/agent.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { extractPdfText } from '../support/pdf-text.js';

let t: TestApp;
const actor = { userId: null, label: 'test' };
const password = 'correct horse battery staple';
const slug = 'mitte';
let council: typeof councils.$inferSelect;
const today = berlinDate(new Date());
const year = Number(today.slice(0, 4));
const recommendedOn = addDays(today, -20);
const base = `/admin/beiraete/${slug}/zuwendungen/vorlagen`;
let agent: Agent;
let nextNumber = 90;

const db = () => t.database.db;

async function budgetOf(kind: 'council' | 'district_council'): Promise<number> {
  await db().insert(budgets).values({ councilId: council.id, year, kind, allocatedCents: 1_000_000 }).onConflictDoNothing();
  const [row] = await db().select().from(budgets).where(and(eq(budgets.councilId, council.id), eq(budgets.year, year), eq(budgets.kind, kind)));
  return row!.id;
}

/** A grant the council recommended at a meeting, carried by its own budget (and the district council's, if asked). */
async function recommendedGrant(recipientName: string, cents: number, options: { split?: number } = {}) {
  const [grant] = await db()
    .insert(grants)
    .values({
      councilId: council.id,
      year,
      number: nextNumber++,
      recipientName,
      title: { de: `Projekt von ${recipientName}`, en: `Project by ${recipientName}` },
      summary: { de: `Kurzbeschreibung von ${recipientName}.` },
      periodStart: addDays(today, 30),
      periodEnd: addDays(today, 31),
      amountRequestedCents: cents,
      amountRecommendedCents: cents,
      status: 'recommended',
      recommendedOn,
      applicantEmail: 'antrag@example.org',
    })
    .returning();
  if (options.split === undefined) {
    await db().insert(grantAllocations).values({ grantId: grant!.id, budgetId: await budgetOf('council'), amountCents: cents });
  } else {
    await db()
      .insert(grantAllocations)
      .values([
        { grantId: grant!.id, budgetId: await budgetOf('council'), amountCents: cents - options.split },
        { grantId: grant!.id, budgetId: await budgetOf('district_council'), amountCents: options.split },
      ]);
  }
  return grant!;
}

/** Amounts come with a non-breaking space before the euro sign. */
const plain = (text: string) => text.replace(/\u00a0/g, ' ');

/** Enough of an XML check to catch a broken writer: tags nest and close, every & starts an entity. */
function xmlProblems(xml: string): string[] {
  const problems: string[] = [];
  if (!xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')) problems.push('declaration');
  const stack: string[] = [];
  for (const [, closing, name, , selfClosing] of xml.replace(/^<\?xml[^>]*\?>/, '').matchAll(/<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>/g)) {
    if (selfClosing) continue;
    if (!closing) stack.push(name!);
    else if (stack.pop() !== name) problems.push(`unbalanced </${name}>`);
  }
  if (stack.length) problems.push(`unclosed ${stack.join(', ')}`);
  if (/&(?!(amp|lt|gt|quot|apos);)/.test(xml)) problems.push('bare &');
  // Every "<" must start a tag the pattern above understood.
  const tags = xml.replace(/^<\?xml[^>]*\?>/, '').match(/<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>/g)?.length ?? 0;
  if (tags !== (xml.match(/</g)?.length ?? 0) - 1) problems.push('malformed tag');
  return problems;
}

const number = (g: { year: number; number: number | null }) => `IB-${String(g.number).padStart(2, '0')}/${g.year}`;

beforeAll(async () => {
  t = await createTestApp();
  council = (await db().select().from(councils).where(eq(councils.slug, slug)))[0]!;
  await db().transaction(async (tx) => {
    await createUser(tx, { email: 'office-decision@example.org', displayName: 'Office Mitte', role: 'office', councilId: council.id, password }, actor);
  });
  agent = new Agent(t.app);
  await agent.get('/admin/anmelden');
  expect((await agent.post('/admin/anmelden', { email: 'office-decision@example.org', password })).statusCode).toBe(303);
});
afterAll(async () => t?.close());

describe('paper rules', () => {
  it('titles a paper after the council, in the genitive, with its grants’ numbers', () => {
    expect(defaultPaperTitle('Integrationsbeirat Mitte', ['IB-01/2025', 'IB-02/2025'])).toBe('Zuwendungen aus den Mitteln des Integrationsbeirats Mitte: IB-01/2025 und IB-02/2025');
    expect(defaultPaperTitle('Integrationsbeirat Mitte', ['IB-03/2025'])).toBe('Zuwendung aus den Mitteln des Integrationsbeirats Mitte: IB-03/2025');
    expect(joinNumbers(['IB-01/2025', 'IB-02/2025', 'IB-03/2025'])).toBe('IB-01/2025, IB-02/2025 und IB-03/2025');
  });

  it('approves at most the recommendation unless the office confirms more, and only a recommended grant', () => {
    const recommended = { status: 'recommended' as const, amountRecommendedCents: 220000 };
    expect(checkGrantDecision(recommended, { approved: true, amountCents: 220000, aboveConfirmed: false })).toEqual({ ok: true });
    expect(checkGrantDecision(recommended, { approved: true, amountCents: 150000, aboveConfirmed: false })).toEqual({ ok: true });
    expect(checkGrantDecision(recommended, { approved: true, amountCents: 220001, aboveConfirmed: false })).toEqual({ ok: false, reason: 'above_recommendation' });
    expect(checkGrantDecision(recommended, { approved: true, amountCents: 250000, aboveConfirmed: true })).toEqual({ ok: true });
    expect(checkGrantDecision(recommended, { approved: true, amountCents: 0, aboveConfirmed: false })).toEqual({ ok: false, reason: 'amount_missing' });
    expect(checkGrantDecision(recommended, { approved: false, amountCents: null, aboveConfirmed: false })).toEqual({ ok: true });
    expect(checkGrantDecision({ status: 'approved', amountRecommendedCents: 220000 }, { approved: true, amountCents: 220000, aboveConfirmed: false })).toEqual({ ok: false, reason: 'invalid_transition' });
    expect(checkGrantDecision({ status: 'on_agenda', amountRecommendedCents: null }, { approved: false, amountCents: null, aboveConfirmed: false })).toEqual({ ok: false, reason: 'invalid_transition' });
  });
});

describe('a decision paper from the list to the district council’s decision', () => {
  let first: typeof grants.$inferSelect;
  let second: typeof grants.$inferSelect;
  let paperId: number;

  it('offers the recommended grants, refuses an empty choice, and creates a paper with the default title', async () => {
    first = await recommendedGrant('Johanniter Test e.V.', 40000);
    second = await recommendedGrant('NK Test e.V.', 220000);
    const list = await agent.get(base);
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(number(first));
    expect(list.body).toContain('NK Test e.V.');

    const empty = await agent.post(base, {});
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Bitte wählen Sie mindestens eine Zuwendung.');

    const created = await agent.post(base, { grants: [String(first.id), String(second.id)] });
    expect(created.statusCode).toBe(303);
    paperId = Number(/vorlagen\/(\d+)/.exec(created.headers.location as string)![1]);
    const [paper] = await db().select().from(decisionPapers).where(eq(decisionPapers.id, paperId));
    expect(paper!.title).toBe(`Zuwendungen aus den Mitteln des Integrationsbeirats Mitte: ${number(first)} und ${number(second)}`);
    expect(paper!.climateImpact).toBe('neutral');
    const onPaper = await db().select().from(grants).where(inArray(grants.id, [first.id, second.id]));
    expect(onPaper.every((g) => g.decisionPaperId === paperId && g.status === 'recommended')).toBe(true);

    // Once on a paper, a grant is not offered for another one, and a forged form is refused.
    expect((await agent.get(base)).body).not.toContain(`value="${first.id}"`);
    const again = await agent.post(base, { grants: String(first.id) });
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('steht schon auf einer anderen Vorlage');
  });

  it('writes the PDF with recipient, “bis zu” amounts, numbers, sections and the recommendation date', async () => {
    const res = await agent.get(`${base}/${paperId}/vorlage.pdf`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const text = await extractPdfText(res.rawPayload);
    expect(text).toContain('NK Test e.V.');
    expect(text).toContain('bis zu 2.200,00 €');
    expect(text).toContain('bis zu 400,00 €');
    expect(text).toContain(number(second));
    expect(text).toContain('Der Stadtbezirksrat Mitte möge beschließen:');
    for (const heading of ['Antrag', 'Berücksichtigung von Gender-Aspekten', 'Kostentabelle', 'Klimawirkung', 'Begründung']) expect(text).toContain(heading);
    expect(text).toContain('2.600,00 €'); // the cost table's total
    expect(text).toContain('Integrationsbeirat Mitte ' + year); // the budget carrying them
    expect(text.replace(/\s+/g, ' ')).toContain(`empfohlen, die Zuwendungen ${number(first)} und ${number(second)} zu gewähren`);
  });

  it('writes an OpenDocument text: a zip with the mimetype first and stored, a manifest, styles and the text', async () => {
    const res = await agent.get(`${base}/${paperId}/vorlage.odt`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.oasis.opendocument.text');
    expect(String(res.headers['content-disposition'])).toContain('.odt');
    const bytes = new Uint8Array(res.rawPayload);
    // Local file header: signature, then compression method 0 (stored) at offset 8, the name at 30.
    expect([...bytes.subarray(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]);
    expect(bytes[8]! | (bytes[9]! << 8)).toBe(0);
    const nameLength = bytes[26]! | (bytes[27]! << 8);
    const extraLength = bytes[28]! | (bytes[29]! << 8);
    expect(Buffer.from(bytes.subarray(30, 30 + nameLength)).toString('latin1')).toBe('mimetype');
    expect(extraLength).toBe(0);
    expect(Buffer.from(bytes.subarray(30 + nameLength, 30 + nameLength + 39)).toString('latin1')).toBe('application/vnd.oasis.opendocument.text');

    const files = unzipSync(bytes);
    expect(Object.keys(files)).toEqual(expect.arrayContaining(['mimetype', 'META-INF/manifest.xml', 'content.xml', 'styles.xml', 'meta.xml']));
    expect(strFromU8(files['META-INF/manifest.xml']!)).toContain('manifest:full-path="content.xml"');
    const content = plain(strFromU8(files['content.xml']!));
    expect(content).toContain('NK Test e.V.');
    expect(content).toContain('bis zu 2.200,00 €');
    expect(content).toContain(number(second));
    expect(content).toContain('<table:table ');
    for (const part of ['content.xml', 'styles.xml', 'meta.xml', 'META-INF/manifest.xml']) expect(xmlProblems(strFromU8(files[part]!)), part).toEqual([]);
  });

  // Where LibreOffice is installed, the document must actually open in it: converted to text, the paper reads as written.
  const soffice = ['/usr/bin/soffice', '/usr/local/bin/soffice', '/Applications/LibreOffice.app/Contents/MacOS/soffice'].find((p) => fs.existsSync(p));
  it.skipIf(!soffice)('opens in LibreOffice', async () => {
    const res = await agent.get(`${base}/${paperId}/vorlage.odt`);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'beirat-odt-'));
    try {
      fs.writeFileSync(path.join(dir, 'vorlage.odt'), res.rawPayload);
      execFileSync(soffice!, [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', 'txt:Text', '--outdir', dir, path.join(dir, 'vorlage.odt')], { timeout: 120_000, stdio: 'ignore' });
      const text = plain(fs.readFileSync(path.join(dir, 'vorlage.txt'), 'utf8'));
      expect(text).toContain('Der Stadtbezirksrat Mitte möge beschließen:');
      expect(text).toContain('bis zu 2.200,00 €');
      expect(text).toContain(number(second));
      expect(text).toContain('2.600,00 €');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 150_000);

  it('edits the paper and keeps what was typed when the paper number is malformed', async () => {
    await agent.get(`${base}/${paperId}`);
    const bad = await agent.post(`${base}/${paperId}`, { title: 'Neuer Titel', paperNumber: '<15>', genderAspects: 'Für alle.', climateImpact: 'neutral', reasons: 'Weil.', grants: [String(first.id), String(second.id)] });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Bitte geben Sie die Drucksachennummer an');
    expect(bad.body).toContain('value="Neuer Titel"');
    const ok = await agent.post(`${base}/${paperId}`, { title: 'Zuwendungen: Test', paperNumber: '15-9999/2026', genderAspects: 'Für alle.', climateImpact: 'neutral', reasons: 'Die Projekte stärken die Nachbarschaft.', grants: [String(first.id), String(second.id)] });
    expect(ok.statusCode).toBe(303);
    const [paper] = await db().select().from(decisionPapers).where(eq(decisionPapers.id, paperId));
    expect(paper).toMatchObject({ title: 'Zuwendungen: Test', paperNumber: '15-9999/2026', reasons: 'Die Projekte stärken die Nachbarschaft.' });
  });

  it('refuses a decision form with errors, in the page’s language, keeping what was typed', async () => {
    await agent.get(`${base}/${paperId}/beschluss`);
    const res = await agent.post(`${base}/${paperId}/beschluss`, {
      decidedOn: '',
      paperNumber: '15-1094/2025',
      [`decision-${first.id}`]: 'approve',
      [`amount-${first.id}`]: '400,505',
      [`decision-${second.id}`]: 'approve',
      [`amount-${second.id}`]: '2.500,00',
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Datum des Beschlusses: Bitte füllen Sie dieses Feld aus.');
    expect(res.body).toContain('höchstens zwei Nachkommastellen');
    expect(plain(res.body)).toContain('Der Betrag liegt über der Empfehlung (bis zu 2.200,00 €)');
    expect(res.body).toContain('value="400,505"');
    const future = await agent.post(`${base}/${paperId}/beschluss`, { decidedOn: addDays(today, 3), paperNumber: '15-1094/2025', [`decision-${first.id}`]: 'approve', [`amount-${first.id}`]: '400,00', [`decision-${second.id}`]: 'reject' });
    expect(future.statusCode).toBe(400);
    expect(future.body).toContain('Das Datum darf nicht in der Zukunft liegen.');
    const early = await agent.post(`${base}/${paperId}/beschluss`, { decidedOn: addDays(recommendedOn, -1), paperNumber: '15-1094/2025', [`decision-${first.id}`]: 'approve', [`amount-${first.id}`]: '400,00', [`decision-${second.id}`]: 'reject' });
    expect(early.statusCode).toBe(400);
    expect(early.body).toContain('nicht vor der Empfehlung');
    const english = await agent.post(`/en${base}/${paperId}/beschluss`, { decidedOn: 'tomorrow', paperNumber: '', [`decision-${first.id}`]: 'approve', [`amount-${first.id}`]: 'abc', [`decision-${second.id}`]: 'reject' });
    expect(english.statusCode).toBe(400);
    expect(english.body).toContain('Please enter the amount in euros');
    const unchanged = await db().select().from(grants).where(inArray(grants.id, [first.id, second.id]));
    expect(unchanged.every((g) => g.status === 'recommended')).toBe(true);
  });

  it('records the decision: approves and rejects through the state machine, follows the single budget, files the paper', async () => {
    const decidedOn = addDays(today, -2);
    const res = await agent.post(`${base}/${paperId}/beschluss`, {
      decidedOn,
      paperNumber: '15-1094/2026',
      [`decision-${first.id}`]: 'reject',
      [`amount-${first.id}`]: '400,00',
      [`decision-${second.id}`]: 'approve',
      [`amount-${second.id}`]: '2.000,00',
      [`conditions-${second.id}`]: 'Nachweis der Teilnehmendenzahl.',
    });
    expect(res.statusCode).toBe(303);
    const [a, b] = await Promise.all([db().select().from(grants).where(eq(grants.id, first.id)), db().select().from(grants).where(eq(grants.id, second.id))]);
    expect(a[0]).toMatchObject({ status: 'rejected', amountApprovedCents: null, decidedOn, decisionPaperNumber: '15-1094/2026', decisionPaperId: paperId });
    expect(b[0]).toMatchObject({ status: 'approved', amountApprovedCents: 200000, decidedOn, decisionPaperNumber: '15-1094/2026', decisionPaperId: paperId, conditions: 'Nachweis der Teilnehmendenzahl.' });
    const [allocation] = await db().select().from(grantAllocations).where(eq(grantAllocations.grantId, second.id));
    expect(allocation!.amountCents).toBe(200000);
    const [paper] = await db().select().from(decisionPapers).where(eq(decisionPapers.id, paperId));
    expect(paper).toMatchObject({ decidedOn, paperNumber: '15-1094/2026' });

    const filed = await db().select().from(documents).where(and(eq(documents.councilId, council.id), eq(documents.kind, 'decision_paper')));
    const copy = filed.find((d) => d.fileName === 'beschlussdrucksache-15-1094-2026.pdf');
    expect(copy).toMatchObject({ grantId: null, isPublic: false, mimeType: 'application/pdf' });
    const page = await agent.get(res.headers.location as string);
    expect(page.body).toContain('Der Beschluss ist erfasst');
    expect(page.body).toContain(`/dokumente/${copy!.id}/`);
    const copyPdf = await agent.get(`/beiraete/${slug}/dokumente/${copy!.id}/${copy!.fileName}`);
    expect(await extractPdfText(copyPdf.rawPayload)).toContain('15-1094/2026');
    // Internal: not for the public.
    expect((await t.app.inject({ method: 'GET', url: `/beiraete/${slug}/dokumente/${copy!.id}/${copy!.fileName}` })).statusCode).toBe(404);

    const trail = await db().select().from(auditEvents).where(inArray(auditEvents.action, ['grant.approve', 'grant.reject', 'decision_paper.decide']));
    expect(trail.map((e) => `${e.action}:${e.entityId}`)).toEqual(expect.arrayContaining([`grant.reject:${first.id}`, `grant.approve:${second.id}`, `decision_paper.decide:${paperId}`]));

    // The approved grant is public now, with its amount.
    const projects = await t.app.inject({ method: 'GET', url: `/beiraete/${slug}/projekte` });
    expect(projects.body).toContain('NK Test e.V.');
    expect(plain(projects.body)).toContain('2.000,00 €');
    expect(projects.body).not.toContain('Johanniter Test e.V.');
  });

  it('refuses to decide or edit a decided paper, with a message', async () => {
    const again = await agent.post(`${base}/${paperId}/beschluss`, { decidedOn: today, paperNumber: '15-1094/2026', [`decision-${first.id}`]: 'reject', [`decision-${second.id}`]: 'reject' });
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('schon beschlossen');
    const edit = await agent.post(`${base}/${paperId}`, { title: 'X', paperNumber: '', genderAspects: '', climateImpact: '', reasons: '', grants: String(second.id) });
    expect(edit.statusCode).toBe(409);
    expect(edit.body).toContain('schon beschlossen');
  });
});

describe('refusals and co-funding', () => {
  it('refuses an invalid transition with the grant’s number and status, and changes nothing', async () => {
    const grant = await recommendedGrant('Verein Zurückgezogen', 50000);
    const created = await createPaper(db(), council.id, [grant.id], actor);
    expect(created.ok).toBe(true);
    const paperId = created.ok ? created.paper.id : 0;
    // Withdrawn meanwhile (the office's withdrawal keeps the grant linked to the paper).
    await db().update(grants).set({ status: 'withdrawn' }).where(eq(grants.id, grant.id));
    const outcome = await recordDecision(db(), t.config.dataDir, council.id, paperId, { decidedOn: today, paperNumber: '15-0001/2026', grants: [{ grantId: grant.id, approved: true, amountCents: 50000, aboveConfirmed: false, conditions: null }] }, actor, new Date());
    expect(outcome).toEqual({ ok: false, reason: 'grant', grantId: grant.id, refusal: 'invalid_transition', status: 'withdrawn' });
    await agent.get(`${base}/${paperId}/beschluss`);
    const res = await agent.post(`${base}/${paperId}/beschluss`, { decidedOn: today, paperNumber: '15-0001/2026', [`decision-${grant.id}`]: 'approve', [`amount-${grant.id}`]: '500,00' });
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain(`${number(grant)} steht im Stand „zurückgezogen“ und kann nicht bewilligt oder abgelehnt werden.`);
    const [paper] = await db().select().from(decisionPapers).where(eq(decisionPapers.id, paperId));
    expect(paper!.decidedOn).toBeNull();
    const filed = await db().select().from(documents).where(eq(documents.fileName, 'beschlussdrucksache-15-0001-2026.pdf'));
    expect(filed).toEqual([]);
  });

  it('accepts more than recommended only when confirmed, and then asks for the split to be adjusted', async () => {
    const grant = await recommendedGrant('Kulturverein Kofinanziert', 150000, { split: 50000 });
    const created = await agent.post(base, { grants: String(grant.id) });
    const paperId = Number(/vorlagen\/(\d+)/.exec(created.headers.location as string)![1]);
    const fields = { decidedOn: today, paperNumber: '15-0002/2026', [`decision-${grant.id}`]: 'approve', [`amount-${grant.id}`]: '1.800,00' };
    const unconfirmed = await agent.post(`${base}/${paperId}/beschluss`, fields);
    expect(unconfirmed.statusCode).toBe(400);
    const confirmed = await agent.post(`${base}/${paperId}/beschluss`, { ...fields, [`above-${grant.id}`]: 'on' });
    expect(confirmed.statusCode).toBe(303);
    const [after] = await db().select().from(grants).where(eq(grants.id, grant.id));
    expect(after).toMatchObject({ status: 'approved', amountApprovedCents: 180000 });
    // Two budgets carry it: their split stays as it was, and the paper asks for it to be adjusted.
    const split = await db().select().from(grantAllocations).where(eq(grantAllocations.grantId, grant.id));
    expect(split.map((s) => s.amountCents).sort((x, y) => x - y)).toEqual([50000, 100000]);
    const page = await agent.get(`${base}/${paperId}`);
    expect(page.body).toContain('passt nicht zum bewilligten Betrag');
    expect(page.body).toContain(`/zuwendungen/${grant.id}/finanzierung`);
    const [approval] = await db().select().from(auditEvents).where(and(eq(auditEvents.action, 'grant.approve'), eq(auditEvents.entityId, String(grant.id))));
    expect((approval!.after as Record<string, unknown>).aboveRecommendationConfirmed).toBe(true);
  });

  it('shows the pages in English and deletes an undecided paper, releasing its grants', async () => {
    const grant = await recommendedGrant('Verein Englisch', 30000);
    const created = await createPaper(db(), council.id, [grant.id], actor);
    const paperId = created.ok ? created.paper.id : 0;
    const page = await agent.get(`/en${base}/${paperId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Decision paper as PDF');
    const removed = await agent.post(`${base}/${paperId}/loeschen`, {});
    expect(removed.statusCode).toBe(303);
    const [after] = await db().select().from(grants).where(eq(grants.id, grant.id));
    expect(after).toMatchObject({ status: 'recommended', decisionPaperId: null });
    expect((await agent.get(`${base}/${paperId}`)).statusCode).toBe(404);
  });

  it('keeps another council’s papers out of reach', async () => {
    const [other] = await db().select().from(councils).where(eq(councils.slug, 'herrenhausen-stoecken'));
    const [paper] = await db().insert(decisionPapers).values({ councilId: other!.id, title: 'Fremde Vorlage' }).returning();
    expect((await agent.get(`/admin/beiraete/herrenhausen-stoecken/zuwendungen/vorlagen/${paper!.id}`)).statusCode).toBe(403);
    expect((await agent.get(`${base}/${paper!.id}`)).statusCode).toBe(404);
  });
});
