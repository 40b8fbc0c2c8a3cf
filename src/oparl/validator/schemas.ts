/**
 * The OParl 1.1 JSON schemas (src/oparl/standard/, unchanged from the standard), compiled with Ajv, and a
 * table of what each property of each object type holds: plain values, URLs of other objects, URLs of
 * external lists or embedded objects. The crawler follows that table; the schemas only check shapes.
 */
import fs from 'node:fs';
import path from 'node:path';
import AjvModule, { type ErrorObject, type ValidateFunction } from 'ajv';
import { fromRoot } from '../../infra/paths.js';

const Ajv = AjvModule.default;

export const standardDir = fromRoot('src', 'oparl', 'standard');
const schemaBase = 'https://schema.oparl.org/1.1/schema/';
const typeUrlPattern = /^https:\/\/schema\.oparl\.org\/1\.1\/([A-Za-z]+)$/;
const anyVersionTypePattern = /^https:\/\/schema\.oparl\.org\/1\.[0-9]+\/([A-Za-z]+)$/;

export type PropertyKind =
  /** A plain value (or a list of them): `type` of the value (of the items for a list) and its `format`, if any. */
  | { kind: 'value'; array: boolean; type: string; format?: string }
  /** URL(s) of objects of `target` type (`"references": "Person"`). */
  | { kind: 'reference'; target: string; array: boolean }
  /** URL of an external, paginated list of `itemType` objects (`"references": "externalList"`). */
  | { kind: 'externalList'; itemType: string }
  /** Object(s) of `itemType` written out in place (`"schema": "File.json"`). */
  | { kind: 'embedded'; itemType: string; array: boolean };

export interface TypeInfo {
  name: string;
  required: ReadonlySet<string>;
  properties: ReadonlyMap<string, PropertyKind>;
}

export interface OParlStandard {
  /** Object types in the order of the schema files (alphabetical). */
  typeNames: readonly string[];
  types: ReadonlyMap<string, TypeInfo>;
  /** Validates `data` against the schema of `typeName`; embedded objects against their own schemas. */
  validate(typeName: string, data: unknown): ErrorObject[];
}

export const typeUrl = (name: string) => `https://schema.oparl.org/1.1/${name}`;

/** `Meeting` for `https://schema.oparl.org/1.1/Meeting`, undefined for anything else. */
export function typeNameOf(value: unknown): string | undefined {
  return typeof value === 'string' ? typeUrlPattern.exec(value)?.[1] : undefined;
}

/** The type name for any OParl version (1.0 objects may be referenced, e.g. by System.otherOparlVersions). */
export function anyVersionTypeNameOf(value: unknown): string | undefined {
  return typeof value === 'string' ? anyVersionTypePattern.exec(value)?.[1] : undefined;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

const schemaTypeName = (file: Json | undefined): string | undefined =>
  typeof file === 'string' ? /^([A-Za-z]+)\.json$/.exec(file)?.[1] : undefined;

/**
 * The schemas describe external lists as `"type": "string"` with `"items"` (the list's objects) and mark
 * embedded objects with `"schema": "File.json"`. Ajv knows neither: embedded objects become `$ref`s, so
 * their errors carry precise paths (`/agendaItem/0`), and the `items` of external lists are dropped, as
 * they describe the list behind the URL, not the string itself.
 */
function toAjvSchema(node: Json, isPropertySchema: boolean): Json {
  if (Array.isArray(node)) return node.map((item) => toAjvSchema(item, false));
  if (!isObject(node)) return node;
  const embedded = schemaTypeName(node.schema);
  if (embedded) return { $ref: `${embedded}.json` };
  const result: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'references' || key === 'backreference' || key === 'cardinality' || key === 'description' || key === 'title') continue;
    if (key === 'items' && isPropertySchema && node.references === 'externalList') continue;
    if (key === 'properties' && isObject(value)) {
      result.properties = Object.fromEntries(Object.entries(value).map(([name, property]) => [name, toAjvSchema(property, true)]));
    } else {
      result[key] = toAjvSchema(value, false);
    }
  }
  return result;
}

function propertyKind(property: JsonObject): PropertyKind {
  const array = property.type === 'array';
  const items = isObject(property.items) ? property.items : undefined;
  if (property.references === 'externalList') {
    const itemType = schemaTypeName(items?.schema);
    if (!itemType) throw new Error('An externalList property without items.schema in the OParl schemas.');
    return { kind: 'externalList', itemType };
  }
  const embedded = schemaTypeName(property.schema) ?? (array ? schemaTypeName(items?.schema) : undefined);
  if (embedded) return { kind: 'embedded', itemType: embedded, array };
  // Location.bodies and friends put `references` on the items instead of the property.
  const target = typeof property.references === 'string' ? property.references : typeof items?.references === 'string' ? items.references : undefined;
  if (target) return { kind: 'reference', target, array };
  const scalar = array ? items : property;
  const type = typeof scalar?.type === 'string' ? scalar.type : 'string';
  return typeof scalar?.format === 'string' ? { kind: 'value', array, type, format: scalar.format } : { kind: 'value', array, type };
}

/** RFC 3339 date-time (as XML Schema dateTime with a mandatory offset): a real date, a real time, Z or ±hh:mm. */
export function isDateTime(value: string): boolean {
  const match = /^(\d{4}-\d{2}-\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|([+-])(\d{2}):(\d{2}))$/.exec(value);
  if (!match || !isDate(match[1]!)) return false;
  const [hours, minutes, seconds] = [Number(match[2]), Number(match[3]), Number(match[4])];
  // 24:00:00 is not allowed by RFC 3339; 60 seconds (a leap second) is.
  if (hours > 23 || minutes > 59 || seconds > 60) return false;
  if (match[7] && (Number(match[8]) > 23 || Number(match[9]) > 59)) return false;
  return true;
}

/** YYYY-MM-DD of a day that exists. */
export function isDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1) return false;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= daysInMonth;
}

/** An absolute http or https URL, as every OParl id and link must be. */
export function isAbsoluteHttpUrl(value: string): boolean {
  if (/\s/.test(value)) return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

function loadStandard(): OParlStandard {
  const files = fs
    .readdirSync(standardDir)
    .filter((file) => /^[A-Za-z]+\.json$/.test(file))
    .sort();
  if (files.length === 0) throw new Error(`No OParl schemas in ${standardDir}.`);
  const ajv = new Ajv({
    allErrors: true,
    verbose: true,
    // The schemas escape ':' in patterns (`^https\:\/\/…`), which unicode regular expressions reject.
    unicodeRegExp: false,
    strict: true,
  });
  ajv.addFormat('url', { type: 'string', validate: isAbsoluteHttpUrl });
  ajv.addFormat('date-time', { type: 'string', validate: isDateTime });
  ajv.addFormat('date', { type: 'string', validate: isDate });

  const types = new Map<string, TypeInfo>();
  for (const file of files) {
    const raw = JSON.parse(fs.readFileSync(path.join(standardDir, file), 'utf8')) as Json;
    if (!isObject(raw) || !isObject(raw.properties)) throw new Error(`${file} is not an OParl object schema.`);
    const name = file.replace(/\.json$/, '');
    const properties = new Map<string, PropertyKind>();
    for (const [property, definition] of Object.entries(raw.properties)) {
      if (isObject(definition)) properties.set(property, propertyKind(definition));
    }
    const required = new Set(Array.isArray(raw.required) ? raw.required.filter((item): item is string => typeof item === 'string') : []);
    types.set(name, { name, required, properties });
    const schema = toAjvSchema(raw, false) as JsonObject;
    ajv.addSchema({ ...schema, $id: `${schemaBase}${file}` });
  }

  const validators = new Map<string, ValidateFunction>();
  for (const name of types.keys()) {
    const validator = ajv.getSchema(`${schemaBase}${name}.json`);
    if (!validator) throw new Error(`The OParl schema ${name}.json did not compile.`);
    validators.set(name, validator);
  }
  return {
    typeNames: [...types.keys()],
    types,
    validate(typeName, data) {
      const validator = validators.get(typeName);
      if (!validator) throw new Error(`No OParl schema for ${typeName}.`);
      return validator(data) ? [] : [...(validator.errors ?? [])];
    },
  };
}

let cached: OParlStandard | undefined;

/** The schemas are read once per process, from the repository (works from src/ and dist/). */
export function oparlStandard(): OParlStandard {
  cached ??= loadStandard();
  return cached;
}
