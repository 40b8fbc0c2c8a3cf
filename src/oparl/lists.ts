import { and, asc, count, eq, gt, gte, lte, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../infra/db/database.js';
import { oparlObjects } from './schema.js';
import type { OParlType } from './urls.js';

/**
 * OParl lists: pages of up to 100 objects in a stable order (the order objects were first
 * published), the filters on created and modified, and links that keep the filters. Pages have
 * one canonical URL each (`?page=N`). Where the previous page was just served, the next one starts
 * after its last object instead of counting from the start, so a client following `next` costs the
 * same on page 5,000 as on page 2 (and does not skip objects deleted meanwhile).
 */

export const maxElementsPerPage = 100;

/** A full date-time with a time zone, as OParl demands for filters; `+` turned into a space by careless clients is put back. */
const dateTimeParam = z
  .string()
  .transform((v) => v.replace(/ (\d{2}:?\d{2})$/, '+$1'))
  .refine((v) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i.test(v) && !Number.isNaN(Date.parse(v)), {
    message: 'erwartet Datum und Uhrzeit mit Zeitzone nach ISO 8601, z. B. 2024-01-01T00:00:00+01:00',
  });

export const filterNames = ['created_since', 'created_until', 'modified_since', 'modified_until'] as const;
export type FilterName = (typeof filterNames)[number];

export const listQuery = z
  .object({
    created_since: dateTimeParam.optional(),
    created_until: dateTimeParam.optional(),
    modified_since: dateTimeParam.optional(),
    modified_until: dateTimeParam.optional(),
    omit_internal: z.enum(['true', 'false'], { message: 'erwartet true oder false' }).optional(),
    elementsPerPage: z.string().regex(/^[1-9]\d{0,2}$/, 'erwartet eine Zahl von 1 bis 100').transform(Number).refine((n) => n <= maxElementsPerPage, 'erwartet eine Zahl von 1 bis 100').optional(),
    page: z.string().regex(/^[1-9]\d{0,8}$/, 'erwartet eine Seitenzahl ab 1').transform(Number).optional(),
  })
  .strict();
export type ListQuery = z.infer<typeof listQuery>;

export const objectQuery = listQuery.pick({ omit_internal: true }).strict();

/** German messages for a query that does not parse, for the OParl error object. */
export function describeQueryProblems(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      if (issue.code === 'unrecognized_keys') return `Unbekannter Parameter: ${issue.keys.join(', ')}`;
      const name = issue.path.join('.');
      return issue.code === 'invalid_type' ? `Parameter ${name}: erwartet einen einzelnen Wert` : `Parameter ${name}: ${issue.message}`;
    })
    .join('; ');
}

export interface ListSelection {
  type: Exclude<OParlType, 'System'>;
  /** Objects of one Body; omitted for the list of bodies. */
  bodyKey?: string;
  /** Meetings of one Organization. */
  organizationKey?: string;
}

export interface ListPage {
  rows: Array<{ json: string; type: string }>;
  pagination: { totalElements: number; elementsPerPage: number; currentPage: number; totalPages: number };
  links: { first: string; prev?: string; self: string; next?: string; last: string };
}

/** Query string with the filters first and the page last, always in this order: one canonical URL per page. */
function pageUrl(base: string, query: ListQuery, page: number): string {
  const params: string[] = [];
  for (const name of filterNames) if (query[name] !== undefined) params.push(`${name}=${encodeURIComponent(query[name]!)}`);
  if (query.omit_internal !== undefined) params.push(`omit_internal=${query.omit_internal}`);
  if (query.elementsPerPage !== undefined) params.push(`elementsPerPage=${query.elementsPerPage}`);
  if (page > 1) params.push(`page=${page}`);
  return params.length === 0 ? base : `${base}?${params.join('&')}`;
}

/** Where pages begin that a client is likely to ask for next, per database: list and page → the position of the last object before it. */
const pageStartsByDatabase = new WeakMap<Database, Map<string, number>>();
const pageStartsLimit = 20_000;

function pageStartsOf(db: Database): Map<string, number> {
  let starts = pageStartsByDatabase.get(db);
  if (!starts) pageStartsByDatabase.set(db, (starts = new Map()));
  return starts;
}

function rememberPageStart(starts: Map<string, number>, key: string, seq: number): void {
  if (starts.size >= pageStartsLimit) starts.delete(starts.keys().next().value!);
  starts.set(key, seq);
}

export async function listPage(db: Database, selection: ListSelection, query: ListQuery, base: string): Promise<ListPage> {
  const conditions: SQL[] = [eq(oparlObjects.type, selection.type)];
  if (selection.bodyKey !== undefined) conditions.push(eq(oparlObjects.bodyKey, selection.bodyKey));
  if (selection.organizationKey !== undefined) conditions.push(sql`${oparlObjects.organizations} @> array[${selection.organizationKey}]::text[]`);
  // Deleted and withdrawn objects only for clients that sync changes: they need to hear of the deletion.
  if (query.modified_since === undefined) conditions.push(eq(oparlObjects.deleted, false));
  if (query.created_since) conditions.push(gte(oparlObjects.created, new Date(query.created_since)));
  if (query.created_until) conditions.push(lte(oparlObjects.created, new Date(query.created_until)));
  if (query.modified_since) conditions.push(gte(oparlObjects.modified, new Date(query.modified_since)));
  if (query.modified_until) conditions.push(lte(oparlObjects.modified, new Date(query.modified_until)));

  const perPage = query.elementsPerPage ?? maxElementsPerPage;
  const [counted] = await db.select({ n: count() }).from(oparlObjects).where(and(...conditions));
  const total = counted?.n ?? 0;
  const totalPages = Math.max(1, Math.ceil(total / perPage));
  const current = query.page ?? 1;

  const listKey = `${selection.type}|${selection.bodyKey ?? ''}|${selection.organizationKey ?? ''}|${filterNames.map((n) => query[n] ?? '').join('|')}|${perPage}`;
  const starts = pageStartsOf(db);
  const startAfter = current > 1 ? starts.get(`${listKey}|${current}`) : undefined;
  const rows = await db
    .select({ json: oparlObjects.json, type: oparlObjects.type, seq: oparlObjects.seq })
    .from(oparlObjects)
    .where(and(...conditions, ...(startAfter !== undefined ? [gt(oparlObjects.seq, startAfter)] : [])))
    .orderBy(asc(oparlObjects.seq))
    .limit(perPage + 1)
    .offset(startAfter !== undefined ? 0 : (current - 1) * perPage);
  const more = rows.length > perPage;
  const shown = rows.slice(0, perPage);
  if (more) rememberPageStart(starts, `${listKey}|${current + 1}`, shown.at(-1)!.seq);

  return {
    rows: shown,
    pagination: { totalElements: total, elementsPerPage: perPage, currentPage: current, totalPages },
    links: {
      first: pageUrl(base, query, 1),
      ...(current > 1 ? { prev: pageUrl(base, query, current - 1) } : {}),
      self: pageUrl(base, query, current),
      ...(more ? { next: pageUrl(base, query, current + 1) } : {}),
      last: pageUrl(base, query, totalPages),
    },
  };
}
