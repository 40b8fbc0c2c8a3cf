import { eq } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { findBody } from '../city/repository.js';
import { councils } from '../councils/schema.js';
import { councilPath } from '../councils/views.js';
import type { Database } from '../infra/db/database.js';
import { localePrefix, locales } from '../infra/i18n/locales.js';
import { translator } from '../infra/i18n/translator.js';
import { NotFoundError } from '../web/http-errors.js';
import { tagCouncil } from '../web/page-cache.js';
import type { PageServices } from '../web/pages.js';
import { listFundingSources, listPublicGrantsWithCouncil, type FundingSource, type PublicGrantWithCouncil } from './repository.js';
import { formatGrantNumber } from './service.js';
import { projectPath, publicOutcome, statusText } from './views.js';

/**
 * The funded projects as open data: CSV and JSON with the same fields, per council and for the
 * whole city, documented column by column in docs/open-data.md. Only what the public pages show:
 * grants from the district council's approval on, without any contact data of applicants and
 * without the names of private persons. The language prefix changes nothing in the data.
 */

export const cityCsvPath = '/projekte.csv';
export const cityJsonPath = '/projekte.json';
export const councilCsvPath = (slug: string) => councilPath(slug, '/projekte.csv');
export const councilJsonPath = (slug: string) => councilPath(slug, '/projekte.json');

/** Datenlizenz Deutschland – Namensnennung 2.0: free reuse, naming the source. */
export const openDataLicense = { id: 'dl-de-by-2.0', name: 'Datenlizenz Deutschland – Namensnennung – Version 2.0', url: 'https://www.govdata.de/dl-de/by-2-0' } as const;

/** The columns, in the order of the CSV; docs/open-data.md describes each. */
export const openDataColumns = [
  'council_slug',
  'council_name',
  'number',
  'year',
  'recipient',
  'recipient_kind',
  'title_de',
  'title_en',
  'status',
  'status_de',
  'amount_approved_cents',
  'amount_approved',
  'amount_paid_cents',
  'amount_paid',
  'period_start',
  'period_end',
  'decided_on',
  'decision_paper',
  'funding_sources',
  'outcome_de',
  'url',
  'is_example',
] as const;
export type OpenDataColumn = (typeof openDataColumns)[number];

export interface OpenDataSource {
  kind: FundingSource['kind'];
  council_slug: string;
  council_name: string;
  amount_cents: number;
  amount: string;
}

export interface OpenDataProject {
  council_slug: string;
  council_name: string;
  number: string;
  year: number;
  /** Null for a private person: the name is withheld. */
  recipient: string | null;
  recipient_kind: string;
  title_de: string;
  title_en: string | null;
  status: string;
  status_de: string;
  amount_approved_cents: number | null;
  amount_approved: string | null;
  amount_paid_cents: number | null;
  amount_paid: string | null;
  period_start: string | null;
  period_end: string | null;
  decided_on: string | null;
  decision_paper: string | null;
  funding_sources: OpenDataSource[];
  outcome_de: string | null;
  url: string;
  is_example: boolean;
}

/** Integer cents as a decimal with a point and two places: 220000 → "2200.00". */
export function centsToDecimal(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`not a whole number of cents: ${cents}`);
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

const decimalOrNull = (cents: number | null) => (cents === null ? null : centsToDecimal(cents));

export function toOpenDataProject(row: PublicGrantWithCouncil, sources: readonly FundingSource[], baseUrl: string): OpenDataProject {
  const { grant, council } = row;
  const de = translator('de');
  const outcome = publicOutcome(grant);
  return {
    council_slug: council.slug,
    council_name: council.name.de,
    number: formatGrantNumber(grant.year, grant.number),
    year: grant.year,
    recipient: grant.recipientKind === 'person' ? null : grant.recipientName,
    recipient_kind: grant.recipientKind,
    title_de: grant.title.de,
    title_en: grant.title.en ?? null,
    status: grant.status,
    status_de: statusText(de, grant.status),
    amount_approved_cents: grant.amountApprovedCents,
    amount_approved: decimalOrNull(grant.amountApprovedCents),
    amount_paid_cents: grant.amountPaidCents,
    amount_paid: decimalOrNull(grant.amountPaidCents),
    period_start: grant.periodStart,
    period_end: grant.periodEnd,
    decided_on: grant.decidedOn,
    decision_paper: grant.decisionPaperNumber,
    funding_sources: sources.map((s) => ({ kind: s.kind, council_slug: s.councilSlug, council_name: s.councilName.de, amount_cents: s.amountCents, amount: centsToDecimal(s.amountCents) })),
    outcome_de: outcome?.de ?? null,
    url: `${baseUrl}${projectPath(council.slug, grant.id)}`,
    is_example: grant.isExample,
  };
}

export async function loadOpenData(db: Database, baseUrl: string, scope: { councilId?: number; bodyId?: number }): Promise<OpenDataProject[]> {
  const rows = await listPublicGrantsWithCouncil(db, scope);
  const sources = await listFundingSources(db, rows.map((r) => r.grant.id));
  return rows.map((r) => toOpenDataProject(r, sources.get(r.grant.id) ?? [], baseUrl));
}

// ---------------------------------------------------------------------------------------------------
// CSV (RFC 4180)
// ---------------------------------------------------------------------------------------------------

/**
 * A spreadsheet takes a cell starting with = + - @ (or a tab or carriage return) as a formula; a
 * leading apostrophe makes it text again. Applied to every cell, so a title like "=HYPERLINK(…)"
 * cannot run in whoever opens the file.
 */
export function neutraliseFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** One CSV field: neutralised, and quoted (quotes doubled) when it holds a comma, quote or line break. */
export function csvField(text: string): string {
  const safe = neutraliseFormula(text);
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** "district_council:linden-limmer:1000.00; council:linden-limmer:500.00" */
export function sourcesCell(sources: readonly OpenDataSource[]): string {
  return sources.map((s) => `${s.kind}:${s.council_slug}:${s.amount}`).join('; ');
}

/** A project's CSV cells as text, before neutralising and quoting. */
export function csvCells(project: OpenDataProject): Record<OpenDataColumn, string> {
  const cells = {} as Record<OpenDataColumn, string>;
  for (const column of openDataColumns) {
    const value = project[column];
    cells[column] = column === 'funding_sources' ? sourcesCell(project.funding_sources) : value === null ? '' : String(value);
  }
  return cells;
}

/** Excel reads UTF-8 only with a byte order mark; without one, "Förderverein" arrives garbled. */
export const utf8Bom = '\uFEFF';

/** The CSV text: BOM, a header line, one line per project, CRLF line ends (RFC 4180). */
export function toCsv(projects: readonly OpenDataProject[]): string {
  const lines = [openDataColumns.join(','), ...projects.map((p) => {
    const cells = csvCells(p);
    return openDataColumns.map((c) => csvField(cells[c])).join(',');
  })];
  return `${utf8Bom}${lines.join('\r\n')}\r\n`;
}

export interface OpenDataDocument {
  generated: string;
  license: string;
  license_name: string;
  attribution: string;
  source: string;
  projects: OpenDataProject[];
}

export function toJsonDocument(projects: OpenDataProject[], meta: { generated: Date; attribution: string; source: string }): OpenDataDocument {
  return {
    generated: meta.generated.toISOString(),
    license: openDataLicense.url,
    license_name: openDataLicense.name,
    attribution: meta.attribution,
    source: meta.source,
    projects,
  };
}

// ---------------------------------------------------------------------------------------------------
// Routes
// ---------------------------------------------------------------------------------------------------

const slugParam = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/).max(100);

function openDataHeaders(reply: FastifyReply): FastifyReply {
  // Open data is for anyone, also for scripts on other sites.
  return reply.header('cache-control', 'public, max-age=300').header('access-control-allow-origin', '*').header('cross-origin-resource-policy', 'cross-origin');
}

function sendCsv(reply: FastifyReply, fileName: string, projects: OpenDataProject[]): FastifyReply {
  return openDataHeaders(reply).type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${fileName}"`).send(toCsv(projects));
}

function sendJson(reply: FastifyReply, fileName: string, doc: OpenDataDocument): FastifyReply {
  return openDataHeaders(reply).type('application/json; charset=utf-8').header('content-disposition', `inline; filename="${fileName}"`).send(`${JSON.stringify(doc, null, 2)}\n`);
}

export function registerOpenData(app: FastifyInstance, services: PageServices): void {
  const { db, config } = services;

  async function cityData() {
    const body = await findBody(db);
    if (!body) throw new NotFoundError('No city configured');
    return { body, projects: await loadOpenData(db, config.baseUrl, { bodyId: body.id }) };
  }

  async function councilData(request: FastifyRequest, rawSlug: unknown) {
    const slug = slugParam.safeParse(rawSlug);
    if (!slug.success) throw new NotFoundError('Malformed council slug');
    const [council] = await db.select({ id: councils.id, slug: councils.slug, name: councils.name }).from(councils).where(eq(councils.slug, slug.data)).limit(1);
    if (!council) throw new NotFoundError(`No council ${slug.data}`);
    tagCouncil(request, council.id);
    const body = await findBody(db);
    return { council, attribution: body?.name ?? '', projects: await loadOpenData(db, config.baseUrl, { councilId: council.id }) };
  }

  for (const locale of locales) {
    const prefix = localePrefix(locale);
    app.get(`${prefix}${cityCsvPath}`, { config: { cache: {} } }, async (_request, reply) => sendCsv(reply, 'projekte.csv', (await cityData()).projects));
    app.get(`${prefix}${cityJsonPath}`, { config: { cache: {} } }, async (_request, reply) => {
      const { body, projects } = await cityData();
      return sendJson(reply, 'projekte.json', toJsonDocument(projects, { generated: new Date(), attribution: body.name, source: `${config.baseUrl}/` }));
    });
    app.get(`${prefix}/beiraete/:slug/projekte.csv`, { config: { cache: {} } }, async (request, reply) => {
      const { council, projects } = await councilData(request, (request.params as Record<string, unknown>).slug);
      return sendCsv(reply, `projekte-${council.slug}.csv`, projects);
    });
    app.get(`${prefix}/beiraete/:slug/projekte.json`, { config: { cache: {} } }, async (request, reply) => {
      const { council, attribution, projects } = await councilData(request, (request.params as Record<string, unknown>).slug);
      return sendJson(reply, `projekte-${council.slug}.json`, toJsonDocument(projects, { generated: new Date(), attribution, source: `${config.baseUrl}${councilPath(council.slug, '/projekte')}` }));
    });
  }
}
