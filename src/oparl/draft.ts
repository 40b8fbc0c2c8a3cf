import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import type { OParlType } from './urls.js';

/**
 * An object as a renderer produces it: its attributes without id, type and the timestamps, which
 * the projector adds once it knows whether the object changed. Embedded objects are references
 * (`Embed`) resolved at serialization, so a meeting embeds its agenda items exactly as they are
 * served on their own.
 */
export type StoredType = Exclude<OParlType, 'System'>;

export class Embed {
  constructor(
    readonly type: StoredType,
    readonly key: string,
  ) {}
}

export type Value = string | number | boolean | Embed | Value[] | { [key: string]: Value };
export type Fields = Record<string, Value | null | undefined>;

export interface Draft {
  type: StoredType;
  key: string;
  bodyKey: string;
  /** Organization keys a Meeting belongs to, for Organization.meeting lists. */
  organizations?: string[];
  /** When the record was made; imported objects without one keep the time they first appeared. */
  created?: Date | undefined;
  /** A deletion the source reported: served as a tombstone. */
  deleted?: boolean;
  fields: Fields;
}

/**
 * OParl wants no `null`, no empty string and no empty list where an attribute is optional: such
 * attributes are left out. `keep` names required lists that are output even when empty.
 */
export function compact(fields: Fields, keep: readonly string[] = []): Fields {
  const out: Fields = {};
  for (const [name, value] of Object.entries(fields)) {
    if (value === null || value === undefined) continue;
    if (typeof value === 'string' && value.trim() === '') continue;
    if (Array.isArray(value) && value.length === 0 && !keep.includes(name)) continue;
    out[name] = value;
  }
  return out;
}

/** OParl date-time: ISO 8601 with the Berlin offset, to the second ("2024-02-12T18:30:00+01:00"). */
export function dateTime(instant: Date): string {
  return DateTime.fromJSDate(instant, { zone: 'Europe/Berlin' }).toISO({ suppressMilliseconds: true })!;
}

/** OParl date: the Berlin calendar day of an instant, or a `date` column as it is. */
export function date(value: Date | string): string {
  return typeof value === 'string' ? value : DateTime.fromJSDate(value, { zone: 'Europe/Berlin' }).toISODate()!;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('base64url');
}

export function draftId(type: StoredType, key: string): string {
  return `${type}/${key}`;
}

/** The content of a draft for hashing: embedded objects stand for themselves through their own hash. */
export function contentText(draft: Draft, hashOf: (embed: Embed) => string): string {
  return JSON.stringify({ type: draft.type, key: draft.key, fields: draft.fields }, (_name, value: unknown) => (value instanceof Embed ? `#${hashOf(value)}` : value));
}

/** A PostgreSQL text[] literal, for `= any(...)` with many values in one parameter. */
export function textArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
}
