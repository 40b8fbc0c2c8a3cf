import { oparlTypes, type OParlType } from './urls.js';
import { oparlStandard } from './validator/schemas.js';

/**
 * What each attribute of each OParl type holds, from the standard's JSON schemas (read once by the
 * validator's loader): a plain value, a URL of an object of some type, an external list, or an
 * embedded object. The importer takes objects apart by it, and the renderer of imported objects puts
 * them together again.
 */

export type AttributeKind =
  | { kind: 'value'; type: 'string' | 'boolean' | 'integer' | 'object'; format?: 'url' | 'date' | 'date-time' }
  | { kind: 'values'; type: 'string' }
  | { kind: 'reference'; target: OParlType }
  | { kind: 'references'; target: OParlType }
  | { kind: 'externalList' }
  | { kind: 'embedded'; target: OParlType }
  | { kind: 'embeddedList'; target: OParlType };

export type TypeInfo = { required: ReadonlySet<string>; attributes: Map<string, AttributeKind> };

const cache = new Map<OParlType, TypeInfo>();

export function typeInfo(type: OParlType): TypeInfo {
  const known = cache.get(type);
  if (known) return known;
  const standard = oparlStandard().types.get(type);
  if (!standard) throw new Error(`No OParl schema for ${type}`);
  const attributes = new Map<string, AttributeKind>();
  for (const [name, property] of standard.properties) {
    switch (property.kind) {
      case 'externalList':
        attributes.set(name, { kind: 'externalList' });
        break;
      case 'embedded':
        attributes.set(name, { kind: property.array ? 'embeddedList' : 'embedded', target: property.itemType as OParlType });
        break;
      case 'reference':
        attributes.set(name, { kind: property.array ? 'references' : 'reference', target: property.target as OParlType });
        break;
      case 'value': {
        if (property.array) {
          attributes.set(name, { kind: 'values', type: 'string' });
          break;
        }
        const valueType = property.type === 'boolean' || property.type === 'integer' || property.type === 'object' ? property.type : 'string';
        const format = property.format === 'url' || property.format === 'date' || property.format === 'date-time' ? property.format : undefined;
        attributes.set(name, format ? { kind: 'value', type: valueType, format } : { kind: 'value', type: valueType });
      }
    }
  }
  const info = { required: standard.required, attributes };
  cache.set(type, info);
  return info;
}

/** "https://schema.oparl.org/1.0/Meeting", "http://oparl.org/schema/1.0/Meeting", "…/1.1/Meeting" → Meeting. */
export function typeFromUrl(value: unknown): OParlType | undefined {
  if (typeof value !== 'string') return undefined;
  const name = /\/([A-Za-z]+)\/?$/.exec(value.trim())?.[1];
  return (oparlTypes as readonly string[]).includes(name ?? '') ? (name as OParlType) : undefined;
}
