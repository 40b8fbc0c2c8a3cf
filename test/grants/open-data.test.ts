import fs from 'node:fs';
import { and, eq, inArray } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { councils } from '../../src/councils/schema.js';
import { budgets, grantAllocations, grants } from '../../src/grants/schema.js';
import { centsToDecimal, csvField, neutraliseFormula, openDataColumns, toCsv, type OpenDataProject } from '../../src/grants/open-data.js';
import { publicGrantStatuses } from '../../src/grants/service.js';
import { translator } from '../../src/infra/i18n/translator.js';
import { createTestApp, type TestApp } from '../support/app.js';

/** RFC 4180, strictly: quoted fields with doubled quotes, CRLF between records, nothing else. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
      } else if (c === '"') {
        quoted = false;
        i++;
        if (i < text.length && text[i] !== ',' && text[i] !== '\r') throw new Error(`text after a closing quote at ${i}`);
      } else {
        field += c;
        i++;
      }
    } else if (c === '"') {
      if (field !== '') throw new Error(`quote inside an unquoted field at ${i}`);
      quoted = true;
      i++;
    } else if (c === ',') {
      row.push(field);
      field = '';
      i++;
    } else if (c === '\r') {
      if (text[i + 1] !== '\n') throw new Error(`CR without LF at ${i}`);
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 2;
    } else if (c === '\n') {
      throw new Error(`LF without CR at ${i}`);
    } else {
      field += c;
      i++;
    }
  }
  if (quoted) throw new Error('unterminated quote');
  if (field !== '' || row.length > 0) throw new Error('the last record has no CRLF');
  return rows;
}

function records(csv: string): Array<Record<string, string>> {
  expect(csv.startsWith('\uFEFF')).toBe(true);
  const [header, ...rows] = parseCsv(csv.slice(1));
  expect(header).toEqual([...openDataColumns]);
  for (const r of rows) expect(r).toHaveLength(header!.length);
  return rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i]!])));
}

/** The CSV cell a JSON value becomes. */
function asCell(column: string, value: unknown): string {
  if (column === 'funding_sources') return (value as Array<{ kind: string; council_slug: string; amount: string }>).map((s) => `${s.kind}:${s.council_slug}:${s.amount}`).join('; ');
  return neutraliseFormula(value === null ? '' : String(value));
}

let t: TestApp;
let mitteId: number;
const db = () => t.database.db;
const get = (url: string) => t.app.inject({ method: 'GET', url });
const textOf = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&nbsp;|\s+/g, ' ').replace(/&amp;/g, '&');

beforeAll(async () => {
  t = await createTestApp();
  mitteId = (await db().select().from(councils).where(eq(councils.slug, 'mitte')))[0]!.id;
});
afterAll(async () => t?.close());

describe('CSV and JSON of one council', () => {
  it('Mitte’s CSV parses (RFC 4180) and holds exactly its public grants, with IB-01/2025 and IB-02/2025 as in the paper', async () => {
    const res = await get('/beiraete/mitte/projekte.csv');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="projekte-mitte.csv"');
    const rows = records(res.body);

    const inDb = await db().select().from(grants).where(and(eq(grants.councilId, mitteId), inArray(grants.status, [...publicGrantStatuses])));
    expect(rows.map((r) => r.number).sort()).toEqual(inDb.map((g) => `IB-${String(g.number).padStart(2, '0')}/${g.year}`).sort());
    for (const g of inDb) {
      const row = rows.find((r) => r.url!.endsWith(`/beiraete/mitte/projekte/${g.id}`))!;
      expect(row.amount_approved_cents).toBe(String(g.amountApprovedCents));
      expect(row.amount_approved).toBe(centsToDecimal(g.amountApprovedCents!));
      expect(row.amount_paid_cents).toBe(g.amountPaidCents === null ? '' : String(g.amountPaidCents));
      expect(row.status).toBe(g.status);
      expect(row.recipient).toBe(g.recipientName);
      expect(row.title_de).toBe(g.title.de);
      expect(row.year).toBe(String(g.year));
    }

    const of2025 = rows.filter((r) => r.year === '2025');
    expect(of2025.map((r) => [r.number, r.recipient, r.amount_approved_cents, r.amount_approved, r.decision_paper, r.council_slug, r.council_name, r.is_example])).toEqual([
      ['IB-01/2025', 'Johanniter-Unfall-Hilfe e.V.', '40000', '400.00', '15-1094/2025', 'mitte', 'Integrationsbeirat Mitte', 'false'],
      ['IB-02/2025', 'NK Mitte', '220000', '2200.00', '15-1094/2025', 'mitte', 'Integrationsbeirat Mitte', 'false'],
    ]);
    expect(of2025.map((r) => r.title_de)).toEqual(['Lange Tafel am Klagesmarkt', 'Sommerfest 2025']);
    expect(of2025.map((r) => r.status_de)).toEqual(['bewilligt', 'bewilligt']);
    expect(of2025.map((r) => r.funding_sources)).toEqual(['council:mitte:400.00', 'council:mitte:2200.00']);
    expect(of2025[0]!.url).toMatch(/^http:\/\/beirat\.test\/beiraete\/mitte\/projekte\/\d+$/);
  });

  it('the JSON holds the same projects with the same fields as the CSV', async () => {
    const [csv, json] = await Promise.all([get('/beiraete/mitte/projekte.csv'), get('/beiraete/mitte/projekte.json')]);
    expect(json.statusCode).toBe(200);
    expect(json.headers['content-type']).toBe('application/json; charset=utf-8');
    const doc = JSON.parse(json.body) as { generated: string; license: string; attribution: string; projects: Array<Record<string, unknown>> };
    expect(Number.isNaN(Date.parse(doc.generated))).toBe(false);
    expect(doc.license).toBe('https://www.govdata.de/dl-de/by-2-0');
    expect(doc.attribution).not.toBe('');
    const rows = records(csv.body);
    expect(doc.projects).toHaveLength(rows.length);
    doc.projects.forEach((p, i) => {
      expect(Object.keys(p)).toEqual([...openDataColumns]);
      for (const column of openDataColumns) expect(asCell(column, p[column]), `${column} of ${String(p.number)}`).toBe(rows[i]![column]);
    });
    const nk = doc.projects.find((p) => p.number === 'IB-02/2025')!;
    expect(nk).toMatchObject({ year: 2025, amount_approved_cents: 220000, amount_approved: '2200.00', recipient: 'NK Mitte', recipient_kind: 'association' });
  });

  it('is the same data under /en/', async () => {
    const [de, en] = await Promise.all([get('/beiraete/mitte/projekte.csv'), get('/en/beiraete/mitte/projekte.csv')]);
    expect(en.statusCode).toBe(200);
    expect(en.body).toBe(de.body);
    const jsonEn = JSON.parse((await get('/en/beiraete/mitte/projekte.json')).body) as { projects: unknown[] };
    const jsonDe = JSON.parse((await get('/beiraete/mitte/projekte.json')).body) as { projects: unknown[] };
    expect(jsonEn.projects).toEqual(jsonDe.projects);
  });

  it('answers 404 for an unknown or malformed council', async () => {
    for (const url of ['/beiraete/atlantis/projekte.csv', '/beiraete/atlantis/projekte.json', '/beiraete/Mitte/projekte.csv', '/en/beiraete/atlantis/projekte.json']) {
      expect((await get(url)).statusCode, url).toBe(404);
    }
  });
});

describe('the city-wide files', () => {
  it('hold every public grant of every council, and the JSON matches the CSV', async () => {
    const csv = await get('/projekte.csv');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-disposition']).toBe('attachment; filename="projekte.csv"');
    const rows = records(csv.body);
    const inDb = await db().select({ id: grants.id }).from(grants).where(inArray(grants.status, [...publicGrantStatuses]));
    expect(rows).toHaveLength(inDb.length);
    expect(new Set(rows.map((r) => r.council_slug)).size).toBeGreaterThan(5);
    const doc = JSON.parse((await get('/projekte.json')).body) as { projects: Array<Record<string, unknown>> };
    expect(doc.projects.map((p) => [p.council_slug, p.number])).toEqual(rows.map((r) => [r.council_slug, r.number]));
    // Newest year first.
    const years = rows.map((r) => Number(r.year));
    expect([...years].sort((a, b) => b - a)).toEqual(years);
  });
});

describe('what never gets out', () => {
  it('a formula-looking title is neutralised in the CSV and kept as it is in the JSON', async () => {
    const [g] = await db().select().from(grants).where(and(eq(grants.councilId, mitteId), eq(grants.number, 1), eq(grants.year, 2025)));
    const before = g!.title;
    await db().update(grants).set({ title: { de: '=HYPERLINK("http://evil.example","Klick")', en: '+1+1' } }).where(eq(grants.id, g!.id));
    try {
      const row = records((await get('/beiraete/mitte/projekte.csv')).body).find((r) => r.number === 'IB-01/2025')!;
      expect(row.title_de).toBe(`'=HYPERLINK("http://evil.example","Klick")`);
      expect(row.title_en).toBe(`'+1+1`);
      const raw = (await get('/beiraete/mitte/projekte.csv')).body;
      expect(raw).toContain(`"'=HYPERLINK(""http://evil.example"",""Klick"")"`);
      const doc = JSON.parse((await get('/beiraete/mitte/projekte.json')).body) as { projects: Array<Record<string, unknown>> };
      expect(doc.projects.find((p) => p.number === 'IB-01/2025')!.title_de).toBe('=HYPERLINK("http://evil.example","Klick")');
    } finally {
      await db().update(grants).set({ title: before }).where(eq(grants.id, g!.id));
    }
  });

  it('no applicant contact in the files or on the pages, no private person’s name, no grant before approval', async () => {
    const [g] = await db().select().from(grants).where(and(eq(grants.councilId, mitteId), eq(grants.number, 2), eq(grants.year, 2025)));
    await db()
      .update(grants)
      .set({ applicantName: 'Anna Antragstellerin', applicantEmail: 'anna.secret@example.org', applicantPhone: '0511 999 888 77', recipientAddress: 'Geheimweg 7, 30159 Hannover', amountRequestedCents: 313_37 })
      .where(eq(grants.id, g!.id));
    const [person] = await db().select().from(grants).where(and(eq(grants.councilId, mitteId), eq(grants.number, 1), eq(grants.year, 2025)));
    await db().update(grants).set({ recipientKind: 'person', recipientName: 'Erika Mustermann' }).where(eq(grants.id, person!.id));
    const [pending] = await db().select().from(grants).where(inArray(grants.status, ['submitted', 'recommended', 'rejected', 'withdrawn'])).limit(1);
    await db().update(grants).set({ title: { de: 'Noch nicht öffentlich 4711' } }).where(eq(grants.id, pending!.id));
    try {
      const urls = ['/beiraete/mitte/projekte.csv', '/beiraete/mitte/projekte.json', '/projekte.csv', '/projekte.json', '/beiraete/mitte/projekte', `/beiraete/mitte/projekte/${g!.id}`, `/beiraete/mitte/projekte/${person!.id}`, '/beiraete/mitte'];
      for (const url of urls) {
        const body = (await get(url)).body;
        for (const secret of ['Anna Antragstellerin', 'anna.secret@example.org', '999 888', 'Geheimweg', '313,37', '313.37', '31337', 'Erika Mustermann', 'Noch nicht öffentlich 4711']) expect(body, `${secret} in ${url}`).not.toContain(secret);
      }
      const row = records((await get('/beiraete/mitte/projekte.csv')).body).find((r) => r.number === 'IB-01/2025')!;
      expect([row.recipient, row.recipient_kind]).toEqual(['', 'person']);
      const doc = JSON.parse((await get('/beiraete/mitte/projekte.json')).body) as { projects: Array<Record<string, unknown>> };
      expect(doc.projects.find((p) => p.number === 'IB-01/2025')!.recipient).toBeNull();
      expect(textOf((await get('/beiraete/mitte/projekte')).body)).toContain('Privatperson');
    } finally {
      await db().update(grants).set({ recipientKind: 'association', recipientName: 'Johanniter-Unfall-Hilfe e.V.' }).where(eq(grants.id, person!.id));
    }
  });
});

describe('the public projects page', () => {
  it('shows the latest three years; each older year has a page of its own, linked from the years', async () => {
    const [older] = await db()
      .insert(grants)
      .values({ councilId: mitteId, year: 2019, number: 7, recipientName: 'Archivverein Mitte e.V.', title: { de: 'Erzählcafé 2019' }, status: 'closed', amountApprovedCents: 50000, amountPaidCents: 50000 })
      .returning();
    try {
      const recent = textOf((await get('/beiraete/mitte/projekte')).body);
      expect(recent).not.toContain('Erzählcafé 2019');
      expect((await get('/beiraete/mitte/projekte')).body).toContain('href="/beiraete/mitte/projekte?jahr=2019"');
      const page = await get('/beiraete/mitte/projekte?jahr=2019');
      expect(page.statusCode).toBe(200);
      expect(textOf(page.body)).toContain('Erzählcafé 2019 IB-07/2019 Archivverein Mitte e.V.');
      expect(textOf(page.body)).not.toContain('Sommerfest 2025');
      expect(page.body).toContain('<h1 class="kern-heading-large">Projekte und Zuwendungen 2019</h1>'.replace('<h1 class="kern-heading-large">', page.body.match(/<h1[^>]*>/)![0]));
      expect((await get('/en/beiraete/mitte/projekte?jahr=2019')).body).toContain('Back to the projects of recent years');
      for (const url of ['/beiraete/mitte/projekte?jahr=1999', '/beiraete/mitte/projekte?jahr=zwei', '/beiraete/mitte/projekte?jahr=2019&jahr=2020']) expect((await get(url)).statusCode, url).toBe(404);
    } finally {
      await db().delete(grants).where(eq(grants.id, older!.id));
    }
  });

  it('shows amounts, status, the year’s total and the downloads', async () => {
    const text = textOf((await get('/beiraete/mitte/projekte')).body);
    expect(text).toMatch(/Lange Tafel am Klagesmarkt IB-01\/2025 Johanniter-Unfall-Hilfe e\.V\. bewilligt 400,00 €/);
    expect(text).toMatch(/Sommerfest 2025 IB-02\/2025 NK Mitte bewilligt 2\.200,00 €/);
    expect(text).toMatch(/2025 2 geförderte Projekte, zusammen 2\.600,00 €/);
    expect(text).toContain('Summe 2.600,00 €');
    const html = (await get('/beiraete/mitte/projekte')).body;
    for (const href of ['/beiraete/mitte/projekte.csv', '/beiraete/mitte/projekte.json', '/projekte.csv', '/projekte.json']) expect(html).toContain(`href="${href}"`);
    const en = textOf((await get('/en/beiraete/mitte/projekte')).body);
    expect(en).toContain('€2,600.00');
    expect(en).toContain('Open data');
  });

  it('shows what a project did once its proof is in, and the amount paid', async () => {
    const [closed] = await db().select().from(grants).where(and(eq(grants.status, 'closed'))).limit(1);
    const [council] = await db().select().from(councils).where(eq(councils.id, closed!.councilId));
    const page = textOf((await get(`/beiraete/${council!.slug}/projekte/${closed!.id}`)).body);
    expect(page).toContain('abgeschlossen');
    expect(page).toContain(closed!.outcome!.de.slice(0, 40));
    expect(page).toContain(`Ausgezahlt ${translator('de').fmt.money(closed!.amountPaidCents!).replace(/\s/g, ' ')}`);
    const list = textOf((await get(`/beiraete/${council!.slug}/projekte`)).body);
    expect(list.replace(/ :/g, ':')).toContain(`Ergebnis: ${closed!.outcome!.de.slice(0, 40)}`);
    expect(list).toMatch(/Davon ausgezahlt: [\d.]+,\d\d €/);
    // Not yet: an approved grant's outcome stays unpublished.
    const [approved] = await db().select().from(grants).where(and(eq(grants.councilId, mitteId), eq(grants.number, 2), eq(grants.year, 2025)));
    await db().update(grants).set({ outcome: { de: 'Vorab geschriebenes Ergebnis 0815' } }).where(eq(grants.id, approved!.id));
    try {
      expect((await get(`/beiraete/mitte/projekte/${approved!.id}`)).body).not.toContain('0815');
      expect(records((await get('/beiraete/mitte/projekte.csv')).body).find((r) => r.number === 'IB-02/2025')!.outcome_de).toBe('');
    } finally {
      await db().update(grants).set({ outcome: null }).where(eq(grants.id, approved!.id));
    }
  });

  it('shows co-funding as sources: "davon … aus Mitteln des Stadtbezirksrats"', async () => {
    const [g] = await db().select().from(grants).where(and(eq(grants.councilId, mitteId), eq(grants.number, 2), eq(grants.year, 2025)));
    const [district] = await db().insert(budgets).values({ councilId: mitteId, year: 2025, kind: 'district_council', allocatedCents: 300000 }).onConflictDoNothing().returning();
    const [own] = await db().select().from(budgets).where(and(eq(budgets.councilId, mitteId), eq(budgets.year, 2025), eq(budgets.kind, 'council')));
    await db().update(grantAllocations).set({ amountCents: 120000 }).where(and(eq(grantAllocations.grantId, g!.id), eq(grantAllocations.budgetId, own!.id)));
    await db().insert(grantAllocations).values({ grantId: g!.id, budgetId: district!.id, amountCents: 100000 });
    try {
      for (const url of ['/beiraete/mitte/projekte', `/beiraete/mitte/projekte/${g!.id}`]) {
        const text = textOf((await get(url)).body);
        expect(text).toContain('davon 1.200,00 € aus Mitteln des Integrationsbeirats Mitte');
        expect(text).toContain('davon 1.000,00 € aus Mitteln des Stadtbezirksrats Mitte');
      }
      expect(textOf((await get('/en/beiraete/mitte/projekte')).body)).toContain('of which €1,000.00 from funds of the District Council Mitte');
      // A grant from one budget alone shows no sources.
      expect(textOf((await get('/beiraete/mitte/projekte')).body)).not.toContain('davon 400,00 €');
      const row = records((await get('/beiraete/mitte/projekte.csv')).body).find((r) => r.number === 'IB-02/2025')!;
      expect(row.funding_sources).toBe('council:mitte:1200.00; district_council:mitte:1000.00');
    } finally {
      await db().delete(grantAllocations).where(and(eq(grantAllocations.grantId, g!.id), eq(grantAllocations.budgetId, district!.id)));
      await db().update(grantAllocations).set({ amountCents: 220000 }).where(and(eq(grantAllocations.grantId, g!.id), eq(grantAllocations.budgetId, own!.id)));
      await db().delete(budgets).where(eq(budgets.id, district!.id));
    }
  });
});

describe('CSV writing', () => {
  const project = (title: string): OpenDataProject => ({
    council_slug: 'mitte',
    council_name: 'Integrationsbeirat Mitte',
    number: 'IB-01/2025',
    year: 2025,
    recipient: 'Verein, "Brücke" e.V.',
    recipient_kind: 'association',
    title_de: title,
    title_en: null,
    status: 'approved',
    status_de: 'bewilligt',
    amount_approved_cents: 40000,
    amount_approved: '400.00',
    amount_paid_cents: null,
    amount_paid: null,
    period_start: null,
    period_end: null,
    decided_on: null,
    decision_paper: null,
    funding_sources: [],
    outcome_de: 'Zeile eins\nZeile zwei',
    url: 'http://beirat.test/beiraete/mitte/projekte/1',
    is_example: false,
  });

  it('quotes what needs quoting and neutralises formulas', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('-5')).toBe("'-5");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\tx')).toBe("'\tx");
    expect(centsToDecimal(5)).toBe('0.05');
    expect(centsToDecimal(220000)).toBe('2200.00');
  });

  it('any title survives writing and parsing, changed only by the formula guard', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.constantFrom('', '=', '+', '-', '@', '"', ',', '\r\n', '\t'), (text, start) => {
        const title = start + text;
        const rows = records(toCsv([project(title)]));
        expect(rows).toHaveLength(1);
        expect(rows[0]!.title_de).toBe(neutraliseFormula(title));
        expect(rows[0]!.recipient).toBe('Verein, "Brücke" e.V.');
        expect(rows[0]!.outcome_de).toBe('Zeile eins\nZeile zwei');
      }),
      { numRuns: 300, seed: 4180 },
    );
  });
});

describe('the documentation', () => {
  it('docs/open-data.md describes exactly the columns the files have, in their order', () => {
    const doc = fs.readFileSync(new URL('../../docs/open-data.md', import.meta.url), 'utf8');
    const table = doc.slice(doc.indexOf('## Columns'), doc.indexOf('### Funding sources'));
    const documented = [...table.matchAll(/^\| `([a-z_]+)` \|/gm)].map((m) => m[1]);
    expect(documented).toEqual([...openDataColumns]);
  });
});
