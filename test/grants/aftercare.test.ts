import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../src/audit/schema.js';
import { createUser } from '../../src/auth/service.js';
import { councils } from '../../src/councils/schema.js';
import { documents } from '../../src/documents/schema.js';
import { simplePdf } from '../../src/documents/simple-pdf.js';
import { addMonths, checkPayment, closeGrant, defaultProofDue, receiveProof, recordPayment, repaymentDue, sendGrantNotice, type Ledger } from '../../src/grants/aftercare-service.js';
import { budgets, grantAllocations, grantPayments, grants } from '../../src/grants/schema.js';
import { berlinDate } from '../../src/infra/time.js';
import { outbox } from '../../src/mail/schema.js';
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
const decidedOn = addDays(today, -10);
let agent: Agent;
let nextNumber = 80;
let councilBudget: number;
let districtBudget: number;

const db = () => t.database.db;
const plain = (text: string) => text.replace(/\u00a0/g, ' ');

async function budgetOf(kind: 'council' | 'district_council'): Promise<number> {
  await db().insert(budgets).values({ councilId: council.id, year, kind, allocatedCents: 1_000_000 }).onConflictDoNothing();
  const [row] = await db().select().from(budgets).where(and(eq(budgets.councilId, council.id), eq(budgets.year, year), eq(budgets.kind, kind)));
  return row!.id;
}

/** A grant the district council approved: 2.200 € up to, 1.500 € from the council and 700 € from the district council. */
async function approvedGrant(extra: Partial<typeof grants.$inferInsert> = {}) {
  const [grant] = await db()
    .insert(grants)
    .values({
      councilId: council.id,
      year,
      number: nextNumber++,
      recipientName: 'NK Nachsorge e.V.',
      title: { de: 'Sommerfest im Hof', en: 'Summer party in the yard' },
      periodStart: addDays(today, -60),
      periodEnd: addDays(today, -40),
      amountRequestedCents: 250000,
      amountRecommendedCents: 220000,
      amountApprovedCents: 220000,
      status: 'approved',
      recommendedOn: addDays(decidedOn, -20),
      decidedOn,
      decisionPaperNumber: '15-1094/2026',
      conditions: 'Das Logo des Integrationsbeirats ist auf dem Plakat zu zeigen.',
      applicantName: 'Aylin Demir',
      applicantEmail: `antrag-${randomBytes(3).toString('hex')}@example.org`,
      recipientAddress: 'Hofstraße 1\n30159 Hannover',
      locale: 'de',
      ...extra,
    })
    .returning();
  await db()
    .insert(grantAllocations)
    .values([
      { grantId: grant!.id, budgetId: councilBudget, amountCents: 150000 },
      { grantId: grant!.id, budgetId: districtBudget, amountCents: 70000 },
    ]);
  return grant!;
}

const grantPath = (id: number) => `/admin/beiraete/${slug}/zuwendungen/${id}`;
const reload = async (id: number) => (await db().select().from(grants).where(eq(grants.id, id)))[0]!;

/** Posts a multipart form with the session of `agent`, to the action of the form on the page last loaded. */
async function postMultipart(page: string, fields: Record<string, string>, file?: { name: string; bytes: Buffer; type: string }) {
  const action = /<form action="([^"]+)" method="post" enctype="multipart\/form-data"/.exec(page)![1]!.replace(/&amp;/g, '&');
  const boundary = `----beirat${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  if (file) chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`), file.bytes, Buffer.from('\r\n'));
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  // The agent keeps the session cookie; this form needs it too.
  const cookie = (agent as unknown as { cookieHeader(): string }).cookieHeader();
  return t.app.inject({ method: 'POST', url: action, remoteAddress: agent.remoteAddress, headers: { cookie, accept: 'text/html', 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: Buffer.concat(chunks) });
}

beforeAll(async () => {
  t = await createTestApp();
  council = (await db().select().from(councils).where(eq(councils.slug, slug)))[0]!;
  councilBudget = await budgetOf('council');
  districtBudget = await budgetOf('district_council');
  await db().transaction(async (tx) => {
    await createUser(tx, { email: 'office-aftercare@example.org', displayName: 'Office Mitte', role: 'office', councilId: council.id, password }, actor);
  });
  agent = new Agent(t.app);
  await agent.get('/admin/anmelden');
  expect((await agent.post('/admin/anmelden', { email: 'office-aftercare@example.org', password })).statusCode).toBe(303);
});
afterAll(async () => t?.close());

describe('rules', () => {
  it('moves dates by months, keeping the end of a month at the end of a shorter one', () => {
    expect(addMonths('2026-05-31', 3)).toBe('2026-08-31');
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
    expect(addMonths('2027-11-29', 3)).toBe('2028-02-29');
    expect(addMonths('2026-10-15', 3)).toBe('2027-01-15');
    expect(defaultProofDue('2026-06-20', '2026-05-01')).toBe('2026-09-20');
    expect(defaultProofDue(null, '2026-05-01')).toBe('2026-08-01');
    // A project that ended long ago still gets a deadline ahead.
    expect(defaultProofDue('2025-01-10', '2026-05-01')).toBe('2026-06-01');
  });

  const ledger = (status: Ledger['status'], payments: Ledger['payments'] = []): Ledger => ({
    status,
    approvedCents: 220000,
    allocations: [
      { budgetId: 1, amountCents: 150000 },
      { budgetId: 2, amountCents: 80000 },
    ],
    payments,
  });

  it('keeps payouts within each budget’s allocation and the approved amount', () => {
    expect(checkPayment(ledger('notified'), { budgetId: 1, kind: 'payout', amountCents: 150000 })).toEqual({ ok: true });
    expect(checkPayment(ledger('notified'), { budgetId: 1, kind: 'payout', amountCents: 150001 })).toEqual({ ok: false, reason: 'over_allocation', limitCents: 150000 });
    const half = ledger('paid', [{ budgetId: 1, kind: 'payout', amountCents: 150000 }]);
    expect(checkPayment(half, { budgetId: 2, kind: 'payout', amountCents: 80000 })).toEqual({ ok: false, reason: 'over_approved', limitCents: 70000 });
    expect(checkPayment(half, { budgetId: 2, kind: 'payout', amountCents: 70000 })).toEqual({ ok: true });
    expect(checkPayment(half, { budgetId: 3, kind: 'payout', amountCents: 100 })).toEqual({ ok: false, reason: 'unknown_budget' });
    expect(checkPayment(half, { budgetId: 1, kind: 'payout', amountCents: 0 })).toEqual({ ok: false, reason: 'amount' });
    // Money paid back can go out again.
    const back = ledger('paid', [
      { budgetId: 1, kind: 'payout', amountCents: 150000 },
      { budgetId: 1, kind: 'repayment', amountCents: 50000 },
    ]);
    expect(checkPayment(back, { budgetId: 1, kind: 'payout', amountCents: 50000 })).toEqual({ ok: true });
  });

  it('takes back at most what a budget paid, only after a payout and before closing', () => {
    const paid = ledger('proof_received', [{ budgetId: 1, kind: 'payout', amountCents: 100000 }]);
    expect(checkPayment(paid, { budgetId: 1, kind: 'repayment', amountCents: 100000 })).toEqual({ ok: true });
    expect(checkPayment(paid, { budgetId: 1, kind: 'repayment', amountCents: 100001 })).toEqual({ ok: false, reason: 'repayment_exceeds_paid', limitCents: 100000 });
    expect(checkPayment(paid, { budgetId: 2, kind: 'repayment', amountCents: 1 })).toEqual({ ok: false, reason: 'repayment_exceeds_paid', limitCents: 0 });
    expect(checkPayment(ledger('notified'), { budgetId: 1, kind: 'repayment', amountCents: 1 })).toEqual({ ok: false, reason: 'not_repayable' });
    expect(checkPayment({ ...paid, status: 'closed' }, { budgetId: 1, kind: 'repayment', amountCents: 1 })).toEqual({ ok: false, reason: 'not_repayable' });
    expect(checkPayment({ ...paid, status: 'proof_due' }, { budgetId: 1, kind: 'payout', amountCents: 1 })).toEqual({ ok: false, reason: 'invalid_transition' });
    // A grant withdrawn after a payout pays it back; nothing more goes out.
    expect(checkPayment({ ...paid, status: 'withdrawn' }, { budgetId: 1, kind: 'repayment', amountCents: 100000 })).toEqual({ ok: true });
    expect(checkPayment({ ...paid, status: 'withdrawn' }, { budgetId: 1, kind: 'payout', amountCents: 1 })).toEqual({ ok: false, reason: 'invalid_transition' });
    expect(checkPayment(ledger('approved'), { budgetId: 1, kind: 'payout', amountCents: 1 })).toEqual({ ok: false, reason: 'invalid_transition' });
  });

  it('asks back what was paid beyond the actual cost', () => {
    expect(repaymentDue(220000, 190000)).toBe(30000);
    expect(repaymentDue(220000, 250000)).toBe(0);
    expect(repaymentDue(220000, null)).toBe(0);
    expect(repaymentDue(150000, null, 'withdrawn')).toBe(150000);
  });
});

describe('after the decision: notice, payments, proof, closing', () => {
  let grant: typeof grants.$inferSelect;

  it('sends the notice: letter filed, mailed with the PDF, deadline set, and refuses a second one', async () => {
    grant = await approvedGrant();
    const page = await agent.get(`${grantPath(grant.id)}/bescheid`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`value="${addMonths(grant.periodEnd!, 3)}"`);

    const past = await agent.post(`${grantPath(grant.id)}/bescheid`, { proofDueOn: addDays(today, -1), recipientAddress: 'Hofstraße 1' });
    expect(past.statusCode).toBe(400);
    expect(past.body).toContain('Das Datum kann nicht vor dem');
    expect((await agent.post(`${grantPath(grant.id)}/bescheid`, { proofDueOn: 'bald', recipientAddress: '' })).statusCode).toBe(400);

    const due = addDays(today, 60);
    const res = await agent.post(`${grantPath(grant.id)}/bescheid`, { proofDueOn: due, recipientAddress: 'Hofstraße 1\n30159 Hannover' });
    expect(res.statusCode).toBe(303);
    const after = await reload(grant.id);
    expect(after).toMatchObject({ status: 'notified', proofDueOn: due });
    expect(after.notifiedAt).not.toBeNull();

    const [letter] = await db().select().from(documents).where(and(eq(documents.grantId, grant.id), eq(documents.kind, 'grant_notice')));
    expect(letter).toMatchObject({ isPublic: false, councilId: council.id, mimeType: 'application/pdf' });
    const [mail] = await db().select().from(outbox).where(eq(outbox.key, `grant-notice:${grant.id}`));
    expect(mail!.to).toBe(grant.applicantEmail);
    expect(mail!.subject).toContain('Zuwendungsbescheid');
    expect(plain(mail!.text)).toContain('bis zu 2.200,00 €');
    const pdf = Buffer.from(mail!.attachments![0]!.contentBase64, 'base64');
    const text = plain(await extractPdfText(pdf));
    for (const expected of ['NK Nachsorge e.V.', 'Hofstraße 1', '30159 Hannover', 'bis zu 2.200,00 €', 'Sommerfest im Hof', 'Das Logo des Integrationsbeirats', '15-1094/2026', 'Verwendungsnachweis', 'Sachbericht', 'Belege']) expect(text).toContain(expected);

    const again = await agent.post(`${grantPath(grant.id)}/bescheid`, { proofDueOn: due, recipientAddress: 'Hofstraße 1' });
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('Ein Bescheid ist erst nach der Bewilligung möglich, und nur einmal.');
    expect((await db().select().from(documents).where(and(eq(documents.grantId, grant.id), eq(documents.kind, 'grant_notice')))).length).toBe(1);
  });

  it('books payouts per budget, refuses more than a budget carries, and takes repayments', async () => {
    await agent.get(`${grantPath(grant.id)}/zahlungen`);
    const early = await agent.post(`${grantPath(grant.id)}/zahlungen`, { kind: 'repayment', budgetId: String(districtBudget), amount: '10,00', paidOn: today });
    expect(early.statusCode).toBe(400);
    expect(early.body).toContain('Eine Rückzahlung ist erst nach einer Auszahlung');

    const over = await agent.post(`${grantPath(grant.id)}/zahlungen`, { kind: 'payout', budgetId: String(councilBudget), amount: '1.600,00', paidOn: today });
    expect(over.statusCode).toBe(400);
    expect(plain(over.body)).toContain('Das ist mehr, als dieser Haushalt für die Zuwendung trägt: höchstens noch 1.500,00 €.');
    expect(over.body).toContain('value="1.600,00"');
    const future = await agent.post(`${grantPath(grant.id)}/zahlungen`, { kind: 'payout', budgetId: String(councilBudget), amount: '100', paidOn: addDays(today, 1) });
    expect(future.statusCode).toBe(400);
    expect(future.body).toContain('Das Datum darf nicht in der Zukunft liegen.');
    const badAmount = await agent.post(`${grantPath(grant.id)}/zahlungen`, { kind: 'payout', budgetId: String(councilBudget), amount: '1,500.00', paidOn: today });
    expect(badAmount.statusCode).toBe(400);
    expect(badAmount.body).toContain('Bitte geben Sie den Betrag in Euro ein');

    expect((await agent.post(`${grantPath(grant.id)}/zahlungen`, { kind: 'payout', budgetId: String(councilBudget), amount: '1.500,00', paidOn: today })).statusCode).toBe(303);
    expect(await reload(grant.id)).toMatchObject({ status: 'paid', amountPaidCents: 150000 });
    expect((await agent.post(`${grantPath(grant.id)}/zahlungen`, { kind: 'payout', budgetId: String(districtBudget), amount: '700,00', paidOn: today, note: 'Zweite Rate' })).statusCode).toBe(303);
    expect(await reload(grant.id)).toMatchObject({ status: 'paid', amountPaidCents: 220000 });
    const more = await agent.post(`${grantPath(grant.id)}/zahlungen`, { kind: 'payout', budgetId: String(districtBudget), amount: '0,01', paidOn: today });
    expect(more.statusCode).toBe(400);

    const tooMuchBack = await agent.post(`${grantPath(grant.id)}/zahlungen`, { kind: 'repayment', budgetId: String(districtBudget), amount: '800,00', paidOn: today });
    expect(tooMuchBack.statusCode).toBe(400);
    expect(plain(tooMuchBack.body)).toContain('Zurückzahlen lässt sich höchstens, was aus diesem Haushalt ausgezahlt wurde: 700,00 €.');
    expect((await agent.post(`${grantPath(grant.id)}/zahlungen`, { kind: 'repayment', budgetId: String(districtBudget), amount: '200,00', paidOn: today })).statusCode).toBe(303);
    expect(await reload(grant.id)).toMatchObject({ status: 'paid', amountPaidCents: 200000 });
    const rows = await db().select().from(grantPayments).where(eq(grantPayments.grantId, grant.id));
    expect(rows.map((r) => [r.kind, r.budgetId, r.amountCents])).toEqual([
      ['payout', councilBudget, 150000],
      ['payout', districtBudget, 70000],
      ['repayment', districtBudget, 20000],
    ]);
    const page = await agent.get(`${grantPath(grant.id)}/zahlungen`);
    expect(page.body).toContain('Zweite Rate');
    const trail = await db().select().from(auditEvents).where(and(eq(auditEvents.entityType, 'grant'), eq(auditEvents.entityId, String(grant.id))));
    expect(trail.map((e) => e.action)).toEqual(expect.arrayContaining(['grant.notify', 'grant.pay', 'grant.repayment']));
  });

  it('requests the proof, records it with a PDF, and publishes what the project did', async () => {
    const proofPage = await agent.get(`${grantPath(grant.id)}/nachweis`);
    expect(proofPage.body).toContain('Verwendungsnachweis anfordern');
    expect((await agent.post(`${grantPath(grant.id)}/nachweis/anfordern`, {})).statusCode).toBe(303);
    expect((await reload(grant.id)).status).toBe('proof_due');
    const [request] = await db().select().from(outbox).where(eq(outbox.key, `grant-proof-request:${grant.id}`));
    expect(request!.to).toBe(grant.applicantEmail);
    const twice = await agent.post(`${grantPath(grant.id)}/nachweis/anfordern`, {});
    expect(twice.statusCode).toBe(409);
    expect(twice.body).toContain('Der Nachweis lässt sich erst nach einer Auszahlung anfordern.');

    let page = await agent.get(`${grantPath(grant.id)}/nachweis`);
    const fields = { receivedOn: today, actualCost: '1.900,00', report: 'Belege geprüft.', outcomeDe: 'Rund 300 Gäste feierten im Hof mit Musik aus fünf Ländern.', outcomeEn: 'About 300 guests celebrated in the yard.' };
    const notPdf = await postMultipart(page.body, fields, { name: 'nachweis.pdf', bytes: Buffer.from('<html>nope</html>'), type: 'application/pdf' });
    expect(notPdf.statusCode).toBe(400);
    expect(notPdf.body).toContain('Bitte laden Sie eine PDF-Datei hoch.');
    expect(notPdf.body).toContain('Rund 300 Gäste feierten');
    const missing = await postMultipart(page.body, { ...fields, outcomeDe: '' });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('Was das Projekt getan hat (öffentlich): Bitte füllen Sie dieses Feld aus.');

    page = await agent.get(`${grantPath(grant.id)}/nachweis`);
    const res = await postMultipart(page.body, fields, { name: 'Verwendungsnachweis Sommerfest.pdf', bytes: simplePdf('Verwendungsnachweis', ['Sachbericht und Belege.']), type: 'application/pdf' });
    expect(res.statusCode).toBe(303);
    const after = await reload(grant.id);
    expect(after).toMatchObject({ status: 'proof_received', proofReceivedOn: today, actualCostCents: 190000, proofReport: 'Belege geprüft.', outcome: { de: fields.outcomeDe, en: fields.outcomeEn } });
    const [proof] = await db().select().from(documents).where(and(eq(documents.grantId, grant.id), eq(documents.kind, 'proof_of_use')));
    expect(proof).toMatchObject({ isPublic: false, fileName: 'Verwendungsnachweis Sommerfest.pdf' });

    // 2.000 € paid, 1.900 € spent: 100 € to come back.
    const shown = await agent.get(`${grantPath(grant.id)}/nachweis`);
    expect(plain(shown.body)).toContain('Zurückzuzahlen: 100,00 €');

    const publicPage = await t.app.inject({ method: 'GET', url: `/beiraete/${slug}/projekte/${grant.id}` });
    expect(publicPage.statusCode).toBe(200);
    expect(publicPage.body).toContain('Rund 300 Gäste feierten im Hof');
    expect(publicPage.body).not.toContain('Belege geprüft.');
    const english = await t.app.inject({ method: 'GET', url: `/en/beiraete/${slug}/projekte/${grant.id}` });
    expect(english.body).toContain('About 300 guests celebrated in the yard.');
  });

  it('closes only once the unused money is back, or with a confirmation', async () => {
    await agent.get(`${grantPath(grant.id)}/abschliessen`);
    const refused = await agent.post(`${grantPath(grant.id)}/abschliessen`, {});
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Es ist noch Geld zurückzuzahlen.');
    expect((await reload(grant.id)).status).toBe('proof_received');

    await agent.get(`${grantPath(grant.id)}/zahlungen`);
    expect((await agent.post(`${grantPath(grant.id)}/zahlungen`, { kind: 'repayment', budgetId: String(councilBudget), amount: '100,00', paidOn: today })).statusCode).toBe(303);
    expect(await reload(grant.id)).toMatchObject({ status: 'proof_received', amountPaidCents: 190000 });

    await agent.get(`${grantPath(grant.id)}/abschliessen`);
    expect((await agent.post(`${grantPath(grant.id)}/abschliessen`, {})).statusCode).toBe(303);
    const closed = await reload(grant.id);
    expect(closed.status).toBe('closed');
    expect(closed.closedAt).not.toBeNull();
    const later = await agent.post(`${grantPath(grant.id)}/zahlungen`, { kind: 'repayment', budgetId: String(councilBudget), amount: '1,00', paidOn: today });
    expect(later.statusCode).toBe(400);
  });

  it('closes with an open repayment when confirmed, on record', async () => {
    const other = await approvedGrant();
    const now = new Date();
    expect((await sendGrantNotice(db(), t.config.dataDir, council.id, other.id, { proofDueOn: addDays(today, 30), recipientAddress: 'Hofstraße 2' }, actor, now)).ok).toBe(true);
    expect((await recordPayment(db(), council.id, other.id, { kind: 'payout', budgetId: councilBudget, amountCents: 150000, paidOn: today, note: null }, actor, now)).ok).toBe(true);
    expect((await receiveProof(db(), t.config.dataDir, council.id, other.id, { receivedOn: today, report: null, actualCostCents: 100000, outcome: { de: 'Ein Fest.' }, file: null }, actor, now)).ok).toBe(true);
    expect(await closeGrant(db(), council.id, other.id, { confirmOutstanding: false }, actor, now)).toEqual({ ok: false, reason: 'repayment_outstanding' });
    await agent.get(`${grantPath(other.id)}/abschliessen`);
    expect((await agent.post(`${grantPath(other.id)}/abschliessen`, { confirm: 'on' })).statusCode).toBe(303);
    expect((await reload(other.id)).status).toBe('closed');
    const [event] = await db().select().from(auditEvents).where(and(eq(auditEvents.action, 'grant.close'), eq(auditEvents.entityId, String(other.id))));
    expect((event!.after as Record<string, unknown>).outstandingCents).toBe(50000);
  });

  it('takes the money back from a grant withdrawn after a payout', async () => {
    const gone = await approvedGrant();
    const now = new Date();
    expect((await sendGrantNotice(db(), t.config.dataDir, council.id, gone.id, { proofDueOn: addDays(today, 30), recipientAddress: 'Hofstraße 4' }, actor, now)).ok).toBe(true);
    expect((await recordPayment(db(), council.id, gone.id, { kind: 'payout', budgetId: districtBudget, amountCents: 70000, paidOn: today, note: null }, actor, now)).ok).toBe(true);
    await db().update(grants).set({ status: 'withdrawn', withdrawnAt: now }).where(eq(grants.id, gone.id));
    const page = await agent.get(`${grantPath(gone.id)}/zahlungen`);
    expect(plain(page.body)).toContain('Zurückzuzahlen: 700,00 €');
    expect((await agent.post(`${grantPath(gone.id)}/zahlungen`, { kind: 'repayment', budgetId: String(districtBudget), amount: '700,00', paidOn: today })).statusCode).toBe(303);
    expect(await reload(gone.id)).toMatchObject({ status: 'withdrawn', amountPaidCents: 0 });
    expect(plain((await agent.get(`${grantPath(gone.id)}/zahlungen`)).body)).not.toContain('Zurückzuzahlen');
  });

  it('refuses steps in the wrong state with a clear message', async () => {
    const fresh = await approvedGrant({ applicantEmail: null });
    await agent.get(`${grantPath(fresh.id)}/abschliessen`);
    const close = await agent.post(`${grantPath(fresh.id)}/abschliessen`, {});
    expect(close.statusCode).toBe(409);
    expect(close.body).toContain('Abschließen lässt sich eine Zuwendung erst, wenn der Verwendungsnachweis vorliegt. Stand: „bewilligt“.');
    const payout = await agent.post(`${grantPath(fresh.id)}/zahlungen`, { kind: 'payout', budgetId: String(councilBudget), amount: '100,00', paidOn: today });
    expect(payout.statusCode).toBe(409);
    expect(payout.body).toContain('Im Stand „bewilligt“ ist keine Auszahlung möglich');
    const proof = await receiveProof(db(), t.config.dataDir, council.id, fresh.id, { receivedOn: today, report: null, actualCostCents: 1, outcome: { de: 'x' }, file: null }, actor, new Date());
    expect(proof).toEqual({ ok: false, reason: 'invalid_transition', status: 'approved', action: 'receive_proof' });

    // Without an e-mail address the notice is filed for the post, and no mail is queued.
    const notice = await sendGrantNotice(db(), t.config.dataDir, council.id, fresh.id, { proofDueOn: addDays(today, 30), recipientAddress: 'Hofstraße 3' }, actor, new Date());
    expect(notice).toMatchObject({ ok: true, mailed: false });
    expect(await db().select().from(outbox).where(eq(outbox.key, `grant-notice:${fresh.id}`))).toEqual([]);

    // A grant before the decision has no aftercare pages.
    const [recommended] = await db().insert(grants).values({ councilId: council.id, year, number: nextNumber++, recipientName: 'Noch offen', title: { de: 'Offen' }, status: 'recommended', amountRecommendedCents: 1000 }).returning();
    expect((await agent.get(`${grantPath(recommended!.id)}/bescheid`)).statusCode).toBe(404);
  });
});
