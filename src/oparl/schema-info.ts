import fs from 'node:fs';
import { fromRoot } from '../infra/paths.js';
import { oparlTypes, type OParlType } from './urls.js';

/**
 * What each attribute of each OParl type is, read from the standard's JSON schemas: a plain value,
 * a URL of an object of some type, an external list, or an embedded object. The importer uses it
 * to take objects apart and the renderer of imported objects to put them together again.
 */

export type AttributeKind =
  | { kind: 'value'; type: 'string' | 'boolean' | 'integer' | 'object'; format?: 'url' | 'date' | 'date-time' }
  | { kind: 'values'; type: 'string' }
  | { kind: 'reference'; target: OParlType }
  | { kind: 'references'; target: OParlType }
  | { kind: 'externalList' }
  | { kind: 'embedded'; target: OParlType }
  | { kind: 'embeddedList'; target: OParlType };

export type TypeInfo = { required: string[]; attributes: Map<string, AttributeKind> };

interface SchemaProperty {
  type?: string;
  format?: string;
  references?: string;
  schema?: string;
  items?: SchemaProperty;
}

export const standardFolder = fromRoot('src', 'oparl', 'standard');

function targetOf(schemaFile: string): OParlType {
  const name = schemaFile.replace(/\.json$/, '');
  if (!(oparlTypes as readonly string[]).includes(name)) throw new Error(`Unknown OParl schema ${schemaFile}`);
  return name as OParlType;
}

function kindOf(property: SchemaProperty): AttributeKind {
  if (property.schema) return { kind: 'embedded', target: targetOf(property.schema) };
  if (property.type === 'array') {
    const items = property.items ?? {};
    if (items.schema) return { kind: 'embeddedList', target: targetOf(items.schema) };
    const target = property.references ?? items.references;
    if (target && target !== 'externalList') return { kind: 'references', target: target as OParlType };
    return { kind: 'values', type: 'string' };
  }
  if (property.references === 'externalList') return { kind: 'externalList' };
  if (property.references) return { kind: 'reference', target: property.references as OParlType };
  const format = property.format === 'url' || property.format === 'date' || property.format === 'date-time' ? property.format : undefined;
  const type = property.type === 'boolean' || property.type === 'integer' || property.type === 'object' ? property.type : 'string';
  return format ? { kind: 'value', type, format } : { kind: 'value', type };
}

let cache: Map<OParlType, TypeInfo> | undefined;

export function schemaInfo(): Map<OParlType, TypeInfo> {
  if (cache) return cache;
  cache = new Map();
  for (const type of oparlTypes) {
    const schema = JSON.parse(fs.readFileSync(`${standardFolder}/${type}.json`, 'utf8')) as { required?: string[]; properties: Record<string, SchemaProperty> };
    cache.set(type, { required: schema.required ?? [], attributes: new Map(Object.entries(schema.properties).map(([name, p]) => [name, kindOf(p)])) });
  }
  return cache;
}

export function typeInfo(type: OParlType): TypeInfo {
  return schemaInfo().get(type)!;
}

/** "https://schema.oparl.org/1.0/Meeting", "http://oparl.org/schema/1.0/Meeting", "…/1.1/Meeting" → Meeting. */
export function typeFromUrl(value: unknown): OParlType | undefined {
  if (typeof value !== 'string') return undefined;
  const name = /\/([A-Za-z]+)\/?$/.exec(value.trim())?.[1];
  return (oparlTypes as readonly string[]).includes(name ?? '') ? (name as OParlType) : undefined;
}
