import { and, asc, desc, eq, ne } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../src/audit/schema.js';
import { createUser } from '../../src/auth/service.js';
import { councils } from '../../src/councils/schema.js';
import { loadCouncilYearBudgets } from '../../src/grants/budget-service.js';
import { budgets, grantAllocations, grantPayments, grants } from '../../src/grants/schema.js';
import { Agent } from '../support/agent.js';
import { createTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
const password = 'correct horse battery staple';
let mitte: typeof councils.$inferSelect;
let neighbour: typeof councils.$inferSelect;
let ib01: typeof grants.$inferSelect;
let ib02: typeof grants.$inferSelect;
let ownBudget: typeof budgets.$inferSelect;

const db = () => t.database.db;
const textOf = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&nbsp;|\s+/g, ' ').replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'");
const base = '/admin/beiraete/mitte';
const financing = (id: number) => `${base}/zuwendungen/${id}/finanzierung`;

beforeAll(async () => {
  t = await createTestApp();
  const all = await db().select().from(councils).orderBy(asc(councils.slug));
  mitte = all.find((c) => c.slug === 'mitte')!;
  neighbour = all.find((c) => c.slug === 'vahrenwald-list')!;
  await db().transaction(async (tx) => {
    await createUser(tx, { email: 'office-mitte@example.org', displayName: 'Office Mitte', role: 'office', councilId: mitte.id, password }, { userId: null, label: 'test' });
    await createUser(tx, { email: 'office-vl@example.org', displayName: 'Office VL', role: 'office', councilId: neighbour.id, password }, { userId: null, label: 'test' });
  });
  const of2025 = await db().select().from(grants).where(and(eq(grants.councilId, mitte.id), eq(grants.year, 2025))).orderBy(asc(grants.number));
  [ib01, ib02] = of2025 as [typeof ib01, typeof ib02];
  ownBudget = (await db().select().from(budgets).where(and(eq(budgets.councilId, mitte.id), eq(budgets.year, 2025), eq(budgets.kind, 'council'))))[0]!;
});
afterAll(async () => t?.close());

async function signIn(email: string): Promise<Agent> {
  const agent = new Agent(t.app);
  await agent.get('/admin/anmelden');
  expect((await agent.post('/admin/anmelden', { email, password })).statusCode).toBe(303);
  return agent;
}

async function lastAudit(action: string) {
  const [row] = await db().select().from(auditEvents).where(eq(auditEvents.action, action)).orderBy(desc(auditEvents.id)).limit(1);
  return row;
}

async function allocationsOf(grantId: number) {
  const rows = await db().select().from(grantAllocations).where(eq(grantAllocations.grantId, grantId));
  return Object.fromEntries(rows.map((r) => [r.budgetId, r.amountCents]));
}

describe('the budget page', () => {
  it('is on the dashboard and shows Mitte 2025: 5.000 € allocated, 2.600 € approved, 2.400 € left, and the grants it carries', async () => {
    const office = await signIn('office-mitte@example.org');
    expect((await office.get('/admin')).body).toContain(`href="${base}/haushalt"`);
    const res = await office.get(`${base}/haushalt?jahr=2025`);
    expect(res.statusCode).toBe(200);
    const text = textOf(res.body);
    expect(text).toContain('Haushalt des Integrationsbeirats Mitte 2025');
    expect(text).toContain('Mittel des Integrationsbeirats 5.000,00 € 0,00 € 2.600,00 € 0,00 € 0,00 € 2.400,00 €');
    expect(text).toMatch(/IB-01\/2025 Lange Tafel am Klagesmarkt Johanniter-Unfall-Hilfe e\.V\. bewilligt 400,00 € 0,00 € 0,00 €/);
    expect(text).toMatch(/IB-02\/2025 Sommerfest 2025 NK Mitte bewilligt 2\.200,00 €/);
    expect(res.body).toContain(`href="${financing(ib02.id)}"`);
    const en = textOf((await office.get(`/en${base}/haushalt?jahr=2025`)).body);
    expect(en).toContain('Integration council funds €5,000.00 €0.00 €2,600.00 €0.00 €0.00 €2,400.00');
  });

  it('matches the figures computed from the database, for every year the demo has', async () => {
    const office = await signIn('office-mitte@example.org');
    for (const year of [2024, 2026]) {
      const data = await loadCouncilYearBudgets(db(), mitte.id, year);
      const text = textOf((await office.get(`${base}/haushalt?jahr=${year}`)).body);
      for (const b of data.budgets) {
        const f = b.figures;
        const cells = [f.allocatedCents, f.recommendedCents, f.approvedCents, f.paidCents, f.returnedCents, f.remainingCents].map((c) => (c / 100).toLocaleString('de-DE', { minimumFractionDigits: 2 }) + ' €');
        expect(text).toContain(`Mittel des Integrationsbeirats ${cells.join(' ')}`);
        expect(f.remainingCents + f.approvedCents + f.recommendedCents).toBe(f.allocatedCents);
      }
    }
  });

  it('answers 404 for a malformed year and 403 to another council’s office', async () => {
    const office = await signIn('office-mitte@example.org');
    expect((await office.get(`${base}/haushalt?jahr=abc`)).statusCode).toBe(404);
    expect((await office.get(`${base}/haushalt?jahr=20250`)).statusCode).toBe(404);
    const other = await signIn('office-vl@example.org');
    expect((await other.get(`${base}/haushalt?jahr=2025`)).statusCode).toBe(403);
    expect((await other.get(financing(ib02.id))).statusCode).toBe(403);
  });
});

describe('setting the funds', () => {
  it('refuses bad amounts with a message and keeps what was typed', async () => {
    const office = await signIn('office-mitte@example.org');
    await office.get(`${base}/haushalt?jahr=2025`);
    for (const [typed, message] of [
      ['fünftausend', 'Bitte geben Sie einen Betrag wie 2.200,50 an.'],
      ['5.000,505', 'höchstens zwei Nachkommastellen'],
      ['-5.000', 'darf nicht negativ sein'],
      ['', 'Bitte geben Sie einen Betrag an (0 für keine Mittel).'],
    ] as const) {
      const res = await office.post(`${base}/haushalt`, { year: '2025', council: typed, district_council: '' });
      expect(res.statusCode, typed).toBe(400);
      expect(textOf(res.body)).toContain(message);
      expect(res.body).toContain(`value="${typed}"`);
    }
    expect((await db().select().from(budgets).where(eq(budgets.id, ownBudget.id)))[0]!.allocatedCents).toBe(500000);
  });

  it('lowering a budget below what it has bound needs "trotzdem zuordnen" and a reason, which is audited', async () => {
    const office = await signIn('office-mitte@example.org');
    await office.get(`${base}/haushalt?jahr=2025`);
    let res = await office.post(`${base}/haushalt`, { year: '2025', council: '2.000', district_council: '' });
    expect(res.statusCode).toBe(400);
    expect(textOf(res.body)).toContain('Aus diesen Mitteln sind schon 2.600,00 € empfohlen und bewilligt.');
    res = await office.post(`${base}/haushalt`, { year: '2025', council: '2.000', district_council: '', override: 'on', overrideReason: '' });
    expect(res.statusCode).toBe(400);
    expect(textOf(res.body)).toContain('Bitte geben Sie einen Grund für die Überzeichnung an.');
    res = await office.post(`${base}/haushalt`, { year: '2025', council: '2.000', district_council: '', override: 'on', overrideReason: 'Haushaltssperre der Stadt' });
    expect(res.statusCode).toBe(303);
    expect((await db().select().from(budgets).where(eq(budgets.id, ownBudget.id)))[0]!.allocatedCents).toBe(200000);
    const audit = await lastAudit('budget.override');
    expect(audit).toMatchObject({ councilId: mitte.id, entityId: String(ownBudget.id) });
    expect(audit!.after).toMatchObject({ allocatedCents: 200000, committedCents: 260000, reason: 'Haushaltssperre der Stadt' });
    const page = textOf((await office.get(`${base}/haushalt?jahr=2025`)).body);
    expect(page).toContain('Mittel überzeichnet');
    expect(page).toContain('600,00 € überzeichnet');

    // Raising it again needs nothing; a district council budget is set up alongside.
    res = await office.post(`${base}/haushalt`, { year: '2025', council: '5.000', district_council: '1.000,00 €' });
    expect(res.statusCode).toBe(303);
    const rows = await db().select().from(budgets).where(and(eq(budgets.councilId, mitte.id), eq(budgets.year, 2025)));
    expect(Object.fromEntries(rows.map((b) => [b.kind, b.allocatedCents]))).toEqual({ council: 500000, district_council: 100000 });
    expect((await lastAudit('budget.create'))!.after).toMatchObject({ kind: 'district_council', allocatedCents: 100000 });
    expect(textOf((await office.get(`${base}/haushalt?jahr=2025`)).body)).toContain('Zusammen 6.000,00 € 0,00 € 2.600,00 € 0,00 € 0,00 € 3.400,00 €');
  });
});

describe('the co-funding split of a grant', () => {
  const district = async () => (await db().select().from(budgets).where(and(eq(budgets.councilId, mitte.id), eq(budgets.year, 2025), eq(budgets.kind, 'district_council'))))[0]!;

  it('splits IB-02/2025 across the council’s and the district council’s funds, and warns when the split misses the amount', async () => {
    const office = await signIn('office-mitte@example.org');
    const d = await district();
    const page = await office.get(financing(ib02.id));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`name="b${ownBudget.id}"`);
    expect(page.body).toContain(`value="2.200,00"`);
    expect(page.body).toContain(`name="b${d.id}"`);

    let res = await office.post(financing(ib02.id), { [`b${ownBudget.id}`]: '1.200', [`b${d.id}`]: '1000' });
    expect(res.statusCode).toBe(303);
    expect(await allocationsOf(ib02.id)).toEqual({ [ownBudget.id]: 120000, [d.id]: 100000 });
    expect((await lastAudit('grant.financing'))!.after).toMatchObject({ totalCents: 220000 });
    expect(res.headers.location).toBe(`${financing(ib02.id)}?hinweis=budget.financing.flash.saved`);
    let text = textOf((await office.get(String(res.headers.location))).body);
    expect(text).toContain('Die Aufteilung ist gespeichert.');
    expect(text).not.toContain('Die Aufteilung ergibt nicht den Betrag');

    await office.get(financing(ib02.id));
    res = await office.post(financing(ib02.id), { [`b${ownBudget.id}`]: '1.000', [`b${d.id}`]: '1000' });
    expect(res.statusCode).toBe(303);
    text = textOf((await office.get(financing(ib02.id))).body);
    expect(text).toContain('Zugeordnet sind 2.000,00 €, die Zuwendung beträgt 2.200,00 €: es fehlen 200,00 €.');
    expect(textOf((await office.get(`${base}/haushalt?jahr=2025`)).body)).toContain('Nicht vollständig zugeordnet');

    await office.get(financing(ib02.id));
    expect((await office.post(financing(ib02.id), { [`b${ownBudget.id}`]: '1.200', [`b${d.id}`]: '1000' })).statusCode).toBe(303);
  });

  it('refuses an allocation over what remains, with a message; "trotzdem zuordnen" with a reason allows it and is audited', async () => {
    const office = await signIn('office-mitte@example.org');
    const d = await district();
    // The district council's 1.000 € are all with IB-02/2025: nothing left for IB-01/2025.
    await office.get(financing(ib01.id));
    let res = await office.post(financing(ib01.id), { [`b${ownBudget.id}`]: '100', [`b${d.id}`]: '300' });
    expect(res.statusCode).toBe(400);
    let text = textOf(res.body);
    expect(text).toContain('Die Aufteilung übersteigt die verfügbaren Mittel und ist nicht gespeichert.');
    expect(text).toContain('Übersteigt die verfügbaren Mittel (verfügbar: 0,00 €).');
    expect(res.body).toContain('value="300"');
    expect(await allocationsOf(ib01.id)).toEqual({ [ownBudget.id]: 40000 });

    res = await office.post(financing(ib01.id), { [`b${ownBudget.id}`]: '100', [`b${d.id}`]: '300', override: 'on', overrideReason: ' ' });
    expect(res.statusCode).toBe(400);
    expect(textOf(res.body)).toContain('Bitte geben Sie einen Grund für die Überzeichnung an.');
    expect(await allocationsOf(ib01.id)).toEqual({ [ownBudget.id]: 40000 });

    res = await office.post(financing(ib01.id), { [`b${ownBudget.id}`]: '100', [`b${d.id}`]: '300', override: 'on', overrideReason: 'Zusage des Bezirksbürgermeisters' });
    expect(res.statusCode).toBe(303);
    expect(await allocationsOf(ib01.id)).toEqual({ [ownBudget.id]: 10000, [d.id]: 30000 });
    expect((await db().select().from(grants).where(eq(grants.id, ib01.id)))[0]!.budgetOverrideReason).toBe('Zusage des Bezirksbürgermeisters');
    const audit = await lastAudit('grant.budget_override');
    expect(audit).toMatchObject({ entityType: 'grant', entityId: String(ib01.id), councilId: mitte.id });
    expect(audit!.after).toMatchObject({ budgetOverrideReason: 'Zusage des Bezirksbürgermeisters', budgets: [{ budgetId: d.id, remainingCents: 0, amountCents: 30000 }] });
    text = textOf((await office.get(String(res.headers.location))).body);
    expect(text).toContain('Die Aufteilung ist gespeichert. Die Überzeichnung ist mit Ihrem Grund protokolliert.');
    expect(text).toContain('Überzeichnung zugelassen, Grund: Zusage des Bezirksbürgermeisters');
    expect(textOf((await office.get(`${base}/haushalt?jahr=2025`)).body)).toContain('Mittel des Stadtbezirksrats: um 300,00 € überzeichnet');

    // Lowering an allocation on an overcommitted budget needs no override.
    await office.get(financing(ib01.id));
    expect((await office.post(financing(ib01.id), { [`b${ownBudget.id}`]: '400', [`b${d.id}`]: '' })).statusCode).toBe(303);
    expect(await allocationsOf(ib01.id)).toEqual({ [ownBudget.id]: 40000 });
  });

  it('takes a share from a neighbouring council’s funds, checked against what that council has left', async () => {
    const office = await signIn('office-mitte@example.org');
    const [theirs] = await db().select().from(budgets).where(and(eq(budgets.councilId, neighbour.id), eq(budgets.year, 2025), eq(budgets.kind, 'council')));
    expect(theirs).toBeDefined();
    const [figures] = (await loadCouncilYearBudgets(db(), neighbour.id, 2025)).budgets.map((b) => b.figures);
    const page = await office.get(financing(ib02.id));
    expect(page.body).toContain(`<option value="${theirs!.id}"`);
    expect(textOf(page.body)).toContain('Integrationsbeirat Vahrenwald-List (verfügbar:');

    const tooMuch = ((figures!.remainingCents + 100) / 100).toFixed(2).replace('.', ',');
    let res = await office.post(financing(ib02.id), { [`b${ownBudget.id}`]: '1.200', neighbour: String(theirs!.id), neighbourAmount: tooMuch });
    expect(res.statusCode).toBe(400);
    expect(textOf(res.body)).toContain('Übersteigt die verfügbaren Mittel');

    res = await office.post(financing(ib02.id), { [`b${ownBudget.id}`]: '1.200', neighbour: String(theirs!.id), neighbourAmount: '' });
    expect(res.statusCode).toBe(400);
    expect(textOf(res.body)).toContain('Bitte geben Sie einen Betrag an');

    res = await office.post(financing(ib02.id), { [`b${ownBudget.id}`]: '1.200', neighbour: '', neighbourAmount: '50' });
    expect(res.statusCode).toBe(400);
    expect(textOf(res.body)).toContain('Bitte wählen Sie, aus wessen Mitteln der Betrag kommt.');

    res = await office.post(financing(ib02.id), { [`b${ownBudget.id}`]: '1.200', neighbour: '999999', neighbourAmount: '50' });
    expect(res.statusCode).toBe(400);

    res = await office.post(financing(ib02.id), { [`b${ownBudget.id}`]: '700', neighbour: String(theirs!.id), neighbourAmount: '500' });
    expect(res.statusCode).toBe(303);
    const d = await district();
    expect(await allocationsOf(ib02.id)).toEqual({ [ownBudget.id]: 70000, [d.id]: 100000, [theirs!.id]: 50000 });
    const cofunding = await lastAudit('budget.cofunding');
    expect(cofunding).toMatchObject({ councilId: neighbour.id, entityId: String(theirs!.id) });
    expect(cofunding!.after).toEqual({ grantId: ib02.id, amountCents: 50000 });

    // The neighbour's office sees Mitte's grant among what its funds carry.
    const vl = await signIn('office-vl@example.org');
    const theirPage = textOf((await vl.get('/admin/beiraete/vahrenwald-list/haushalt?jahr=2025')).body);
    expect(theirPage).toContain('IB-02/2025 Sommerfest 2025 (über den Integrationsbeirat Mitte)');
    // And the public page names all three sources.
    const pub = textOf((await t.app.inject({ method: 'GET', url: '/beiraete/mitte/projekte' })).body);
    expect(pub).toContain('davon 700,00 € aus Mitteln des Integrationsbeirats Mitte');
    expect(pub).toContain('davon 1.000,00 € aus Mitteln des Stadtbezirksrats Mitte');
    expect(pub).toContain('davon 500,00 € aus Mitteln des Integrationsbeirats Vahrenwald-List');
  });

  it('cannot take a share below what a budget has already paid, nor change a settled grant', async () => {
    const office = await signIn('office-mitte@example.org');
    await db().update(grants).set({ status: 'paid', amountPaidCents: 30000 }).where(eq(grants.id, ib01.id));
    const [payment] = await db().insert(grantPayments).values({ grantId: ib01.id, budgetId: ownBudget.id, kind: 'payout', amountCents: 30000, paidOn: '2025-07-01' }).returning();
    try {
      await office.get(financing(ib01.id));
      const res = await office.post(financing(ib01.id), { [`b${ownBudget.id}`]: '200' });
      expect(res.statusCode).toBe(400);
      expect(textOf(res.body)).toContain('Aus diesen Mitteln sind schon 300,00 € ausgezahlt; der Anteil kann nicht kleiner sein.');
      const budgetText = textOf((await office.get(`${base}/haushalt?jahr=2025`)).body);
      expect(budgetText).toMatch(/IB-01\/2025 Lange Tafel am Klagesmarkt Johanniter-Unfall-Hilfe e\.V\. ausgezahlt 400,00 € 300,00 € 0,00 €/);

      await db().update(grants).set({ status: 'closed' }).where(eq(grants.id, ib01.id));
      const page = await office.get(financing(ib01.id));
      expect(page.statusCode).toBe(200);
      expect(textOf(page.body)).toContain('Die Zuwendung ist abgeschlossen; ihre Aufteilung ändert sich nicht mehr.');
      expect(page.body).not.toContain(`name="b${ownBudget.id}"`);
      const refused = await office.post(financing(ib01.id), { [`b${ownBudget.id}`]: '400' });
      expect(refused.statusCode).toBe(400);
      expect(textOf(refused.body)).toContain('Die Zuwendung ist abgeschlossen; ihre Aufteilung kann nicht mehr geändert werden.');
      // A closed grant binds only what it was paid: the 100 € not paid are back in the budget.
      const [own] = (await loadCouncilYearBudgets(db(), mitte.id, 2025)).budgets.filter((b) => b.budget.kind === 'council');
      expect(own!.figures).toMatchObject({ approvedCents: 30000 + 70000, paidCents: 30000 });
    } finally {
      await db().delete(grantPayments).where(eq(grantPayments.id, payment!.id));
      await db().update(grants).set({ status: 'approved', amountPaidCents: null }).where(eq(grants.id, ib01.id));
    }
  });

  it('answers 404 for a grant of another council', async () => {
    const office = await signIn('office-mitte@example.org');
    const [foreign] = await db().select().from(grants).where(ne(grants.councilId, mitte.id)).limit(1);
    expect((await office.get(financing(foreign!.id))).statusCode).toBe(404);
    expect((await office.get(`${base}/zuwendungen/abc/finanzierung`)).statusCode).toBe(404);
  });
});
