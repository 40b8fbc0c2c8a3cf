import { asc, inArray } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { Tx } from '../../audit/service.js';
import { compact, dateTime, Embed, type Draft, type Fields, type StoredType, type Value } from '../draft.js';
import { typeInfo } from '../schema-info.js';
import { isAbsoluteHttpUrl, isDate, isDateTime } from '../validator/schemas.js';
import { oparlImportedObjects } from '../schema.js';
import { bodyLists, type BodyListName, type OParlType, type OParlUrls } from '../urls.js';

/**
 * Objects read from other systems, served as OParl 1.1 under Beirat's own URLs. Attributes are put
 * together from the standard's schemas: references are turned into Beirat's URLs where the object
 * was imported and left out where it was not (the API must not point at nothing), values that do
 * not fit their type are left out, vendor attributes ("VENDOR:name") are kept, and what OParl 1.1
 * requires but 1.0 lacked is filled in (an agenda item's order, created and modified).
 */

export function importedKey(rowId: number): string {
  return `imported-${rowId}`;
}

export interface ImportedRow {
  id: number;
  sourceId: number;
  bodyExternalId: string;
  type: string;
  externalId: string;
  data: Record<string, unknown>;
  deleted: boolean;
  firstSeenAt: Date;
}

export async function renderImports(tx: Tx, ids: number[], urls: OParlUrls): Promise<Map<string, Draft[]>> {
  const result = new Map<string, Draft[]>();
  if (ids.length === 0) return result;
  const rows = (await tx.select().from(oparlImportedObjects).where(inArray(oparlImportedObjects.sourceId, ids)).orderBy(asc(oparlImportedObjects.id))) as ImportedRow[];
  for (const id of ids) result.set(`import:${id}`, renderSource(rows.filter((r) => r.sourceId === id), urls));
  return result;
}

interface Parent {
  row: ImportedRow;
  index: number;
}

export function renderSource(rows: ImportedRow[], urls: OParlUrls): Draft[] {
  const byExternal = new Map(rows.map((r) => [r.externalId, r]));
  const parents = new Map<string, Parent>();
  for (const row of rows) {
    for (const value of Object.values(row.data)) {
      const children = Array.isArray(value) ? value : [value];
      children.forEach((child, index) => {
        const ref = embeddedRef(child);
        if (ref && !parents.has(ref)) parents.set(ref, { row, index });
      });
    }
  }
  const live = (externalId: string, type?: OParlType) => {
    const row = byExternal.get(externalId);
    return row && !row.deleted && (type === undefined || row.type === type) ? row : undefined;
  };
  const bodyOf = (row: ImportedRow) => live(row.bodyExternalId, 'Body');
  const urlOf = (row: ImportedRow) => urls.object(row.type as StoredType, importedKey(row.id));

  const drafts: Draft[] = [];
  for (const row of rows) {
    if (row.type === 'System') continue;
    const type = row.type as StoredType;
    const body = row.type === 'Body' ? row : bodyOf(row);
    if (!body) continue;
    const bodyKey = importedKey(body.id);
    const key = importedKey(row.id);
    // What the source reports as deleted is served as deleted: clients that synced it from here learn of it.
    if (row.deleted) {
      drafts.push({ type, key, bodyKey, deleted: true, created: createdOf(row) ?? row.firstSeenAt, fields: {} });
      continue;
    }
    const info = typeInfo(type);
    const parent = parents.get(row.externalId);
    const fields: Fields = {};
    const organizations: string[] = [];

    const reference = (value: unknown, target: OParlType): string | undefined => {
      if (typeof value !== 'string') return undefined;
      if (target === 'System') return urls.system();
      const found = live(value, target);
      if (!found) return undefined;
      if (target === 'Organization' && type === 'Meeting') organizations.push(importedKey(found.id));
      return urlOf(found);
    };
    const embed = (value: unknown, target: OParlType): Embed | undefined => {
      const ref = embeddedRef(value);
      const found = ref ? live(ref, target) : undefined;
      return found && renderable(found) ? new Embed(target as StoredType, importedKey(found.id)) : undefined;
    };

    // The standard's order of attributes, then the vendor's own ("VENDOR:name"), whatever order the source used.
    for (const [name, attribute] of info.attributes) {
      if (['id', 'type', 'created', 'modified', 'deleted'].includes(name)) continue;
      const value = row.data[name];
      // Beirat's own lists and the objects' Body, whether or not the source gave them.
      if (attribute.kind === 'externalList') {
        if (type === 'Body' && name in bodyLists) fields[name] = urls.bodyList(bodyKey, name as BodyListName);
        if (type === 'Organization' && name === 'meeting') fields[name] = urls.organizationMeetings(key);
        continue;
      }
      if (name === 'body' && attribute.kind === 'reference') {
        fields[name] = urls.object('Body', bodyKey);
        continue;
      }
      if (value === undefined) continue;
      switch (attribute.kind) {
        case 'embedded':
          fields[name] = embed(value, attribute.target);
          break;
        case 'embeddedList':
          fields[name] = Array.isArray(value) ? value.map((v) => embed(v, attribute.target)).filter((e): e is Embed => e !== undefined) : undefined;
          break;
        case 'reference':
          fields[name] = reference(value, attribute.target);
          break;
        case 'references':
          fields[name] = Array.isArray(value) ? [...new Set(value.map((v) => reference(v, attribute.target)).filter((u): u is string => u !== undefined))] : undefined;
          break;
        case 'values':
          fields[name] = Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v.trim() !== '') : undefined;
          break;
        case 'value':
          fields[name] = scalar(value, attribute.type, attribute.format);
          break;
      }
    }
    for (const [name, value] of Object.entries(row.data)) {
      if (!name.includes(':')) continue;
      const vendor = plain(value);
      if (vendor !== undefined) fields[name] = vendor;
    }

    // Back references 1.0 leaves out inside embedded objects, and what 1.1 requires.
    if (type === 'Body') {
      fields.system = urls.system();
      fields.legislativeTerm ??= [];
      // The id the source gives the city: clients that know it from there can match the two.
      fields.equivalent = [...new Set([...((fields.equivalent as string[] | undefined) ?? []), row.externalId])];
    }
    if (parent) {
      const parentType = parent.row.type;
      if (type === 'AgendaItem' && parentType === 'Meeting') {
        fields.meeting ??= urlOf(parent.row);
        fields.order ??= parent.index;
      }
      if (type === 'Consultation' && parentType === 'Paper') fields.paper ??= urlOf(parent.row);
      if (type === 'Membership' && parentType === 'Person') fields.person ??= urlOf(parent.row);
    }
    if (type === 'AgendaItem' && fields.order === undefined) fields.order = 0;
    if (type === 'File' && fields.accessUrl === undefined) fields.accessUrl = fields.downloadUrl;
    if (!renderable(row) || (type === 'File' && fields.accessUrl === undefined)) continue;

    drafts.push({
      type,
      key,
      bodyKey,
      ...(type === 'Meeting' ? { organizations: [...new Set(organizations)] } : {}),
      created: createdOf(row) ?? (parent ? createdOf(parent.row) : undefined) ?? row.firstSeenAt,
      fields: compact(fields, type === 'Body' ? ['legislativeTerm'] : []),
    });
  }
  return drafts;
}

/** A File needs an address to be a File; everything else can always be served. */
function renderable(row: ImportedRow): boolean {
  return row.type !== 'File' || typeof row.data.accessUrl === 'string' || typeof row.data.downloadUrl === 'string';
}

export function embeddedRef(value: unknown): string | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) && typeof (value as { $embedded?: unknown }).$embedded === 'string' ? (value as { $embedded: string }).$embedded : undefined;
}

function createdOf(row: ImportedRow): Date | undefined {
  const text = scalar(row.data.created, 'string', 'date-time');
  return typeof text === 'string' ? new Date(text) : undefined;
}

/** A value of the type the standard gives, or nothing. */
function scalar(value: unknown, type: 'string' | 'boolean' | 'integer' | 'object', format?: 'url' | 'date' | 'date-time'): Value | undefined {
  if (value === null || value === undefined) return undefined;
  if (type === 'boolean') return typeof value === 'boolean' ? value : value === 'true' ? true : value === 'false' ? false : undefined;
  if (type === 'integer') {
    const n = typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
    return typeof n === 'number' && Number.isSafeInteger(n) ? n : undefined;
  }
  if (type === 'object') return plain(value);
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value : undefined;
  if (text === undefined || text.trim() === '') return undefined;
  if (format === 'url') return isAbsoluteHttpUrl(text.trim()) ? text.trim() : undefined;
  if (format === 'date') {
    const day = /^(\d{4}-\d{2}-\d{2})/.exec(text.trim())?.[1];
    return day && isDate(day) ? day : undefined;
  }
  if (format === 'date-time') {
    const trimmed = text.trim();
    if (isDateTime(trimmed)) return trimmed;
    // Without a zone the time is taken as the city's local time, as German systems mean it.
    const parsed = DateTime.fromISO(trimmed, { zone: 'Europe/Berlin' });
    return parsed.isValid ? dateTime(parsed.toJSDate()) : undefined;
  }
  return text;
}

/** JSON without nulls, empty strings or empty lists, or nothing if that leaves nothing. */
function plain(value: unknown): Value | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value.trim() === '' ? undefined : value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'boolean') return value;
  if (Array.isArray(value)) {
    const items = value.map(plain).filter((v): v is Value => v !== undefined);
    return items.length > 0 ? items : undefined;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value).flatMap(([k, v]) => {
      const p = plain(v);
      return p === undefined ? [] : [[k, p] as const];
    });
    return entries.length > 0 ? Object.fromEntries(entries) : undefined;
  }
  return undefined;
}
