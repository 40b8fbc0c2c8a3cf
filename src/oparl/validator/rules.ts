/**
 * The rules for one OParl object, embedded objects included, without network access: the JSON schema,
 * and what the prose of the standard adds (created/modified on every object, no null values, no empty
 * strings or optional empty arrays, deleted objects). Along the way it collects what the crawler needs:
 * the embedded objects, the URLs that reference other objects and the external lists.
 */
import type { ErrorObject } from 'ajv';
import type { Finding } from './report.js';
import { isAbsoluteHttpUrl, isDateTime, oparlStandard, typeNameOf, typeUrl, type TypeInfo } from './schemas.js';

export type JsonObject = Record<string, unknown>;

export const isJsonObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

export interface ObjectContext {
  /** The type the object must have where it was found (a list of Meetings holds Meetings). */
  expectedType?: string;
  /** The response URL or file the object came from; findings use it when the object has no usable id. */
  sourceUrl?: string;
  /** The object's place in that response, e.g. `/data/3`. */
  sourcePointer?: string;
}

export interface VisitedObject {
  type: string;
  /** JSON pointer inside the inspected object ('' for the object itself). */
  pointer: string;
  id?: string;
  embedded: boolean;
  deleted: boolean;
  object: JsonObject;
}

export interface ReferenceUse {
  url: string;
  target: string;
  fromType: string;
  /** Where the reference was found (object id or response URL) and its path there. */
  at: string;
  path: string;
}

export interface ListUse {
  url: string;
  itemType: string;
  ownerType: string;
  property: string;
  at: string;
}

export interface Inspection {
  /** The object's type name when it could be determined. */
  type?: string;
  id?: string;
  deleted: boolean;
  findings: Finding[];
  /** The object itself (pointer '') and every embedded object. */
  objects: VisitedObject[];
  references: ReferenceUse[];
  lists: ListUse[];
}

export const deletedObjectProperties = new Set(['id', 'type', 'created', 'modified', 'deleted']);

const escapePointer = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');
export const pointerOf = (base: string, ...segments: Array<string | number>) =>
  base + segments.map((segment) => `/${escapePointer(String(segment))}`).join('');

function shortJson(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

/** Follows a JSON pointer (as Ajv reports it) into a value. */
function valueAt(root: unknown, pointer: string): unknown {
  if (pointer === '') return root;
  let current: unknown = root;
  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(current)) current = current[Number(segment)];
    else if (isJsonObject(current)) current = current[segment];
    else return undefined;
  }
  return current;
}

const isWithin = (pointer: string, container: string) => pointer === container || pointer.startsWith(`${container}/`);

/**
 * Inspects one object (a System, a list item, a file's content). Findings point at the object's id with a
 * path inside it; an object without a usable id is located by the response URL and its place there.
 */
export function inspectObject(value: unknown, context: ObjectContext = {}): Inspection {
  const standard = oparlStandard();
  const findings: Finding[] = [];
  const fallbackUrl = context.sourceUrl ?? '(unknown)';
  const rootId = isJsonObject(value) && typeof value.id === 'string' && isAbsoluteHttpUrl(value.id) ? value.id : undefined;
  const locate = (pointer: string): { url: string; path?: string } => {
    const path = rootId ? pointer : `${context.sourcePointer ?? ''}${pointer}`;
    return path ? { url: rootId ?? fallbackUrl, path } : { url: rootId ?? fallbackUrl };
  };
  const add = (severity: Finding['severity'], rule: string, objectType: string, pointer: string, message: string) =>
    findings.push({ severity, rule, objectType, ...locate(pointer), message });

  const result: Inspection = { deleted: false, findings, objects: [], references: [], lists: [] };
  if (rootId) result.id = rootId;
  const expected = context.expectedType;

  if (!isJsonObject(value)) {
    add('error', 'object-type', expected ?? 'unknown', '', `Expected ${expected ? (/^[AEIOU]/.test(expected) ? `an ${expected}` : `a ${expected}`) : 'an OParl object'}, got ${shortJson(value)}.`);
    return result;
  }
  const declared = typeNameOf(value.type);
  const declaredKnown = declared !== undefined && standard.types.has(declared);
  const schemaType = declaredKnown ? declared : expected;
  let typeReported = false;
  if (expected && declared !== expected) {
    add('error', 'object-type', expected, '/type', `Expected type ${typeUrl(expected)} here, got ${shortJson(value.type)}.`);
    typeReported = true;
  } else if (!declaredKnown) {
    add('error', 'object-type', 'unknown', '/type', `type must be https://schema.oparl.org/1.1/<Type> of an OParl object type, got ${shortJson(value.type)}.`);
    typeReported = true;
  }
  if (!schemaType) return result;
  result.type = schemaType;
  result.deleted = value.deleted === true;

  // The object and its embedded objects, each with the type its place in the schema gives it.
  const visit = (object: JsonObject, type: string, pointer: string, embedded: boolean) => {
    const visited: VisitedObject = { type, pointer, embedded, deleted: object.deleted === true, object };
    if (typeof object.id === 'string' && isAbsoluteHttpUrl(object.id)) visited.id = object.id;
    result.objects.push(visited);
    const info = standard.types.get(type);
    if (!info) return;
    for (const [property, kind] of info.properties) {
      if (kind.kind !== 'embedded') continue;
      const child = object[property];
      if (kind.array && Array.isArray(child)) {
        child.forEach((item, index) => {
          if (isJsonObject(item)) visit(item, kind.itemType, pointerOf(pointer, property, index), true);
        });
      } else if (!kind.array && isJsonObject(child)) {
        visit(child, kind.itemType, pointerOf(pointer, property), true);
      }
    }
  };
  visit(value, schemaType, '', false);

  const ownerOf = (pointer: string): VisitedObject => {
    let owner = result.objects[0]!;
    for (const candidate of result.objects) if (isWithin(pointer, candidate.pointer) && candidate.pointer.length > owner.pointer.length) owner = candidate;
    return owner;
  };

  for (const error of standard.validate(schemaType, value)) {
    const finding = schemaFinding(error, value, ownerOf(error.instancePath), typeReported);
    if (finding) add('error', 'json-schema', finding.objectType, finding.pointer, finding.message);
  }

  for (const visited of result.objects) {
    const info = standard.types.get(visited.type);
    if (!info) continue;
    checkObjectRules(visited, info, add);
    collectLinks(visited, info, result, rootId ?? fallbackUrl, context.sourcePointer);
  }
  return result;
}

function schemaFinding(
  error: ErrorObject,
  root: JsonObject,
  owner: VisitedObject,
  typeReported: boolean,
): { objectType: string; pointer: string; message: string } | undefined {
  const pointer = error.instancePath;
  // A null value breaks its type too; the null-value rule says so more plainly.
  if (error.keyword === 'type' && error.data === null) return undefined;
  if (error.keyword === 'required') {
    const missing = String((error.params as { missingProperty?: unknown }).missingProperty);
    // A deleted object may drop everything but id, type, created and modified (and those are checked elsewhere).
    if (owner.deleted && owner.pointer === pointer && missing !== 'id' && missing !== 'type') return undefined;
  }
  if (error.keyword === 'pattern' && pointer === pointerOf(owner.pointer, 'type')) {
    if (typeReported && owner.pointer === '') return undefined;
    return { objectType: owner.type, pointer, message: `type must be ${typeUrl(owner.type)}, got ${shortJson(valueAt(root, pointer))}.` };
  }
  let message = error.message ?? error.keyword;
  if (error.keyword === 'format' || error.keyword === 'pattern' || error.keyword === 'type') message += ` (got ${shortJson(error.data)})`;
  return { objectType: owner.type, pointer, message };
}

type AddFinding = (severity: Finding['severity'], rule: string, objectType: string, pointer: string, message: string) => void;

function checkObjectRules(visited: VisitedObject, info: TypeInfo, add: AddFinding): void {
  const { object, pointer, type } = visited;
  for (const property of ['created', 'modified']) {
    if (object[property] === undefined) {
      add('error', 'created-modified', type, pointer, `${property} is missing; OParl 1.1 requires created and modified on every object, embedded ones included.`);
    }
  }
  const { created, modified } = object;
  if (typeof created === 'string' && typeof modified === 'string' && isDateTime(created) && isDateTime(modified) && Date.parse(modified) < Date.parse(created)) {
    add('warning', 'modified-before-created', type, pointerOf(pointer, 'modified'), `modified (${modified}) is before created (${created}).`);
  }
  if (visited.deleted) {
    const extra = Object.keys(object).filter((key) => !deletedObjectProperties.has(key));
    if (extra.length > 0) {
      const names = extra.slice(0, 6).join(', ') + (extra.length > 6 ? ', …' : '');
      add('warning', 'deleted-properties', type, pointer, `A deleted object should carry only id, type, created, modified and deleted; it still has ${names}.`);
    }
  }
  if (type === 'Meeting' && Array.isArray(object.agendaItem)) {
    object.agendaItem.forEach((item, index) => {
      if (isJsonObject(item) && Number.isInteger(item.order) && item.order !== index) {
        add('warning', 'agenda-item-order', 'AgendaItem', pointerOf(pointer, 'agendaItem', index, 'order'), `order is ${String(item.order)} but the agenda item is at position ${index} of agendaItem (counted from 0).`);
      }
    });
  }
  for (const [key, value] of Object.entries(object)) {
    // GeoJSON has its own rules (e.g. "properties": null is valid there).
    if (key === 'geojson') continue;
    const kind = info.properties.get(key);
    checkValue(value, pointerOf(pointer, key), info.required.has(key), kind?.kind === 'embedded', type, add);
  }
}

function checkValue(value: unknown, pointer: string, required: boolean, embeddedObjects: boolean, type: string, add: AddFinding): void {
  if (value === null) {
    add('error', 'null-value', type, pointer, 'The value is null; a property without a value must be left out.');
  } else if (value === '') {
    add('error', 'empty-string', type, pointer, 'The value is an empty string; a property without a value must be left out.');
  } else if (Array.isArray(value)) {
    if (value.length === 0 && !required) add('error', 'empty-array', type, pointer, 'The array is empty; an optional property without values must be left out.');
    value.forEach((item, index) => {
      if (embeddedObjects && isJsonObject(item)) return; // checked as an object of its own
      checkValue(item, `${pointer}/${index}`, true, false, type, add);
    });
  } else if (isJsonObject(value) && !embeddedObjects) {
    // Vendor extensions and other plain objects: the same rules apply to their members.
    for (const [key, member] of Object.entries(value)) checkValue(member, pointerOf(pointer, key), false, false, type, add);
  }
}

function collectLinks(visited: VisitedObject, info: TypeInfo, result: Inspection, at: string, sourcePointer: string | undefined): void {
  const base = result.id ? '' : (sourcePointer ?? '');
  for (const [property, kind] of info.properties) {
    const value = visited.object[property];
    if (kind.kind === 'reference') {
      const urls = Array.isArray(value) ? value.map((item, index) => [item, pointerOf(visited.pointer, property, index)] as const) : [[value, pointerOf(visited.pointer, property)] as const];
      for (const [url, path] of urls) {
        if (typeof url === 'string' && isAbsoluteHttpUrl(url)) result.references.push({ url, target: kind.target, fromType: visited.type, at, path: base + path });
      }
    } else if (kind.kind === 'externalList' && typeof value === 'string' && isAbsoluteHttpUrl(value)) {
      result.lists.push({ url: value, itemType: kind.itemType, ownerType: visited.type, property, at });
    }
  }
}

export interface ListPage {
  data?: unknown[];
  next?: string;
  self?: string;
  last?: string;
  totalElements?: number;
  elementsPerPage?: number;
  currentPage?: number;
  totalPages?: number;
}

const integerOrUndefined = (value: unknown) => (typeof value === 'number' && Number.isInteger(value) ? value : undefined);

/** The structure of one page of an external list: data, pagination and links, and usable link URLs. */
export function inspectListPage(body: unknown, url: string, itemType: string): { page: ListPage; findings: Finding[] } {
  const findings: Finding[] = [];
  const add = (path: string | undefined, message: string) =>
    findings.push({ severity: 'error', rule: 'list-structure', objectType: itemType, url, ...(path ? { path } : {}), message });
  const page: ListPage = {};
  if (!isJsonObject(body)) {
    add(undefined, `A list page must be a JSON object with data, pagination and links, got ${shortJson(body)}.`);
    return { page, findings };
  }
  if (Array.isArray(body.data)) page.data = body.data;
  else add('/data', `data must be an array of objects, got ${shortJson(body.data)}.`);
  if (isJsonObject(body.pagination)) {
    const pagination = body.pagination;
    for (const key of ['totalElements', 'elementsPerPage', 'currentPage', 'totalPages'] as const) {
      const number = integerOrUndefined(pagination[key]);
      if (pagination[key] !== undefined && (number === undefined || number < 0)) add(`/pagination/${key}`, `${key} must be a non-negative integer, got ${shortJson(pagination[key])}.`);
      else if (number !== undefined) page[key] = number;
    }
  } else {
    add('/pagination', `pagination must be an object, got ${shortJson(body.pagination)}.`);
  }
  if (isJsonObject(body.links)) {
    for (const [key, link] of Object.entries(body.links)) {
      if (typeof link !== 'string' || !isAbsoluteHttpUrl(link)) {
        add(`/links/${escapePointer(key)}`, `links.${key} must be an absolute http(s) URL, got ${shortJson(link)}.`);
        continue;
      }
      if (key === 'next') page.next = link;
      else if (key === 'self') page.self = link;
      else if (key === 'last') page.last = link;
    }
  } else {
    add('/links', `links must be an object, got ${shortJson(body.links)}.`);
  }
  return { page, findings };
}

/** An OParl Error object: the type URL and a message (debug is optional). */
export function isErrorObject(value: unknown): boolean {
  return (
    isJsonObject(value) &&
    typeof value.type === 'string' &&
    /^https:\/\/schema\.oparl\.org\/1\.[01]\/Error$/.test(value.type) &&
    typeof value.message === 'string' &&
    value.message !== ''
  );
}
