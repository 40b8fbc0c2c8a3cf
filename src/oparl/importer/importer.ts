import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../../infra/db/database.js';
import { sha256, textArray } from '../draft.js';
import { projectPending, rowsOf } from '../projection.js';
import { typeFromUrl, typeInfo } from '../schema-info.js';
import { oparlImportedObjects, oparlSources } from '../schema.js';
import type { OParlType, OParlUrls } from '../urls.js';
import { isJsonObject as isObject } from '../validator/rules.js';
import { FetchError, type Source } from './source.js';

/**
 * Reads an OParl 1.0 or 1.1 system into Beirat: System, Bodies, and from each Body's lists the
 * Organizations, Persons (with Memberships), Meetings (with AgendaItems, Locations, Files) and Papers
 * (with Consultations, Files). Objects keep their external ids, so importing again updates them in
 * place; a second run asks only for what changed since the newest `modified` of the first. A page or
 * an object that fails to load is reported and skipped; it does not stop the import.
 */

export type ImportedType = Exclude<OParlType, 'System'>;

export interface ImportProgress {
  list: string;
  page: number;
  totalPages?: number | undefined;
  objects: number;
}

export interface TypeCount {
  received: number;
  created: number;
  changed: number;
  deleted: number;
}

export interface ImportReport {
  systemId: string;
  oparlVersion: string | undefined;
  incremental: boolean;
  modifiedSince: string | undefined;
  bodies: number;
  pages: number;
  /** Per type, the objects read in this run (embedded ones included, each once). */
  counts: Partial<Record<ImportedType, TypeCount>>;
  /** Objects of earlier runs the source no longer lists (only after a complete full run). */
  vanished: number;
  failures: Array<{ url: string; reason: string }>;
  /** References to objects the source does not have: left out of what Beirat serves. */
  unresolvedReferences: number;
  complete: boolean;
}

export interface ImportOptions {
  /** Read everything even when an earlier import exists. */
  full?: boolean;
  /** Upper bound for single objects fetched because something referred to them. */
  maxReferenceFetches?: number;
  onProgress?: (progress: ImportProgress) => void;
  log?: { error(object: object, message: string): void };
}

/** The lists of a Body that hold the objects; the other lists of 1.1 repeat what these embed. */
const bodyLists = [
  { name: 'organization', type: 'Organization' },
  { name: 'person', type: 'Person' },
  { name: 'meeting', type: 'Meeting' },
  { name: 'paper', type: 'Paper' },
] as const;

/** Contact data and addresses of persons stay in the source: Beirat keeps what the public record needs. */
const personalAttributes = ['email', 'phone', 'location', 'locationObject', 'life', 'lifeSource'];

interface Pending {
  type: ImportedType;
  externalId: string;
  bodyExternalId: string;
  data: Record<string, unknown>;
  deleted: boolean;
}

export async function importOParl(db: Database, source: Source, urls: OParlUrls, options: ImportOptions = {}): Promise<ImportReport> {
  const startedAt = new Date();
  const system = asObject(await source.getJson(source.systemUrl));
  const systemId = typeof system?.id === 'string' ? system.id : undefined;
  if (!system || !systemId || typeFromUrl(system.type) !== 'System') throw new FetchError(source.systemUrl, 'this is not an OParl System object');
  source.learnBase(systemId);
  const oparlVersion = typeof system.oparlVersion === 'string' ? system.oparlVersion : undefined;

  const [existing] = await db.select().from(oparlSources).where(eq(oparlSources.systemId, systemId));
  const modifiedSince = !options.full && existing?.lastCompletedAt && existing.lastModifiedSeen ? existing.lastModifiedSeen : undefined;
  const [sourceRow] = existing
    ? await db.update(oparlSources).set({ location: source.location, oparlVersion, lastStartedAt: startedAt }).where(eq(oparlSources.id, existing.id)).returning()
    : await db.insert(oparlSources).values({ systemId, location: source.location, oparlVersion, lastStartedAt: startedAt }).returning();
  const sourceId = sourceRow!.id;

  const report: ImportReport = {
    systemId,
    oparlVersion,
    incremental: modifiedSince !== undefined,
    modifiedSince,
    bodies: 0,
    pages: 0,
    counts: {},
    vanished: 0,
    failures: [],
    unresolvedReferences: 0,
    complete: true,
  };
  const seen = new Set<string>();
  const referenced = new Map<string, { type: OParlType; bodyExternalId: string }>();
  let newestModified = existing?.lastModifiedSeen ?? undefined;
  let buffer: Pending[] = [];

  const count = (type: ImportedType) => (report.counts[type] ??= { received: 0, created: 0, changed: 0, deleted: 0 });
  const fail = (url: string, error: unknown) => {
    report.failures.push({ url, reason: error instanceof Error ? error.message : String(error) });
  };

  /** Takes an object apart: embedded objects become objects of their own, referenced by their id. */
  const take = (object: Record<string, unknown>, expected: OParlType | undefined, bodyExternalId: string, parentId?: string, slot?: string): string | undefined => {
    const type = typeFromUrl(object.type) ?? expected;
    if (!type || type === 'System') return undefined;
    const externalId = typeof object.id === 'string' && object.id.trim() !== '' ? object.id : parentId ? `${parentId}#${slot}` : undefined;
    if (!externalId) return undefined;
    if (typeof object.modified === 'string' && (!newestModified || Date.parse(object.modified) > Date.parse(newestModified))) newestModified = object.modified;
    // The same file or place embedded in several objects is one object: the first reading counts.
    if (seen.has(externalId)) return externalId;
    seen.add(externalId);
    const info = typeInfo(type);
    const data: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(object)) {
      if (type === 'Person' && personalAttributes.includes(name)) continue;
      const attribute = info.attributes.get(name);
      if (attribute?.kind === 'embedded' && isObject(value)) {
        const child = take(value, attribute.target, bodyExternalId, externalId, name);
        if (child) data[name] = { $embedded: child };
      } else if (attribute?.kind === 'embeddedList' && Array.isArray(value)) {
        data[name] = value.flatMap((item, index) => {
          if (isObject(item)) {
            const child = take(item, attribute.target, bodyExternalId, externalId, `${name}/${index}`);
            return child ? [{ $embedded: child }] : [];
          }
          // Some systems give a URL where an object belongs: fetched later like any reference.
          if (typeof item === 'string') {
            referenced.set(item, { type: attribute.target, bodyExternalId });
            return [{ $embedded: item }];
          }
          return [];
        });
      } else {
        data[name] = value;
        if (attribute?.kind === 'reference' && typeof value === 'string') referenced.set(value, { type: attribute.target, bodyExternalId });
        if (attribute?.kind === 'references' && Array.isArray(value)) for (const v of value) if (typeof v === 'string') referenced.set(v, { type: attribute.target, bodyExternalId });
      }
    }
    buffer.push({ type, externalId, bodyExternalId, data, deleted: object.deleted === true });
    return externalId;
  };

  const flush = async () => {
    if (buffer.length === 0) return;
    const batch = buffer;
    buffer = [];
    for (let i = 0; i < batch.length; i += 200) {
      const chunk = batch.slice(i, i + 200);
      const rows = chunk.map((p) => ({ sourceId, bodyExternalId: p.bodyExternalId, type: p.type, externalId: p.externalId, data: p.data, hash: sha256(JSON.stringify(p.data)), deleted: p.deleted }));
      // Unchanged objects are not written at all: no trigger fires, nothing is rendered again.
      const written = rowsOf<{ externalId: string; inserted: boolean }>(
        await db.execute(sql`
          insert into oparl_imported_objects (source_id, body_external_id, type, external_id, data, hash, deleted)
          select * from jsonb_to_recordset(${JSON.stringify(rows.map((r) => ({ source_id: r.sourceId, body_external_id: r.bodyExternalId, type: r.type, external_id: r.externalId, data: r.data, hash: r.hash, deleted: r.deleted })))}::jsonb)
            as x(source_id integer, body_external_id text, type text, external_id text, data jsonb, hash text, deleted boolean)
          on conflict (source_id, external_id) do update
            set data = excluded.data, hash = excluded.hash, deleted = excluded.deleted, type = excluded.type, body_external_id = excluded.body_external_id, changed_at = now()
            where oparl_imported_objects.hash <> excluded.hash or oparl_imported_objects.deleted <> excluded.deleted or oparl_imported_objects.type <> excluded.type
          returning external_id as "externalId", (xmax = 0) as inserted`),
      );
      const byId = new Map(written.map((w) => [w.externalId, w.inserted]));
      for (const p of chunk) {
        const c = count(p.type);
        c.received++;
        if (p.deleted) c.deleted++;
        const inserted = byId.get(p.externalId);
        if (inserted === true) c.created++;
        else if (inserted === false) c.changed++;
      }
    }
  };

  /** Follows a list to its end, page by page. */
  const crawlList = async (firstUrl: string, name: string, expected: OParlType, bodyExternalId: string | undefined): Promise<boolean> => {
    let url: string | undefined = firstUrl;
    let page = 0;
    let objects = 0;
    const visited = new Set<string>();
    while (url && !visited.has(url)) {
      visited.add(url);
      page++;
      let content: Record<string, unknown> | undefined;
      try {
        content = asObject(await source.getJson(url));
        if (!content || !Array.isArray(content.data)) throw new FetchError(url, 'not an OParl list (no "data")');
      } catch (error) {
        fail(url, error);
        return false;
      }
      report.pages++;
      for (const item of content.data as unknown[]) {
        if (!isObject(item)) continue;
        const body = bodyExternalId ?? (typeof item.id === 'string' ? item.id : undefined);
        if (!body) continue;
        if (expected === 'Body') report.bodies++;
        take(item, expected, body);
        objects++;
      }
      await flush();
      const pagination = asObject(content.pagination);
      options.onProgress?.({ list: name, page, totalPages: typeof pagination?.totalPages === 'number' ? pagination.totalPages : undefined, objects });
      const links = asObject(content.links);
      url = typeof links?.next === 'string' ? links.next : typeof content.next === 'string' ? content.next : undefined;
    }
    return true;
  };

  const withFilter = (url: string) => (modifiedSince ? `${url}${url.includes('?') ? '&' : '?'}modified_since=${encodeURIComponent(modifiedSince)}` : url);

  try {
    if (typeof system.body !== 'string') throw new FetchError(systemId, 'the System object has no list of bodies');
    const bodiesDone = await crawlList(system.body, 'body', 'Body', undefined);
    if (!bodiesDone) report.complete = false;
    const bodyRows = await db
      .select({ externalId: oparlImportedObjects.externalId, data: oparlImportedObjects.data, deleted: oparlImportedObjects.deleted })
      .from(oparlImportedObjects)
      .where(and(eq(oparlImportedObjects.sourceId, sourceId), eq(oparlImportedObjects.type, 'Body')));
    for (const body of bodyRows.filter((b) => !b.deleted)) {
      for (const list of bodyLists) {
        const url = body.data[list.name];
        if (typeof url !== 'string') continue;
        if (!(await crawlList(withFilter(url), list.name, list.type, body.externalId))) report.complete = false;
      }
    }

    // Objects referred to but not in any list: read one by one, as far as the source has them.
    let fetched = 0;
    const limit = options.maxReferenceFetches ?? 1000;
    const known = async (ids: string[]) =>
      new Set(
        ids.length === 0
          ? []
          : (await db.select({ id: oparlImportedObjects.externalId }).from(oparlImportedObjects).where(and(eq(oparlImportedObjects.sourceId, sourceId), sql`${oparlImportedObjects.externalId} = any(${textArray(ids)}::text[])`))).map((r) => r.id),
      );
    const candidates = [...referenced.entries()].filter(([id]) => !seen.has(id));
    const present = await known(candidates.map(([id]) => id));
    for (const [id, { type, bodyExternalId }] of candidates) {
      if (present.has(id) || type === 'System' || type === 'Body') continue;
      if (fetched >= limit) {
        report.unresolvedReferences++;
        continue;
      }
      fetched++;
      try {
        const object = asObject(await source.getJson(id));
        if (!object) throw new FetchError(id, 'not an object');
        take(object, type, bodyExternalId);
      } catch (error) {
        report.unresolvedReferences++;
        fail(id, error);
      }
    }
    await flush();
  } catch (error) {
    report.complete = false;
    fail(systemId, error);
  }

  // After a complete full run, what the source no longer lists is gone there: it is gone here too.
  if (report.complete && !report.incremental && seen.size > 0) {
    const vanished = await db
      .update(oparlImportedObjects)
      .set({ deleted: true, changedAt: new Date() })
      .where(and(eq(oparlImportedObjects.sourceId, sourceId), eq(oparlImportedObjects.deleted, false), sql`not (${oparlImportedObjects.externalId} = any(${textArray([...seen])}::text[]))`))
      .returning({ id: oparlImportedObjects.id });
    report.vanished = vanished.length;
  }

  await db
    .update(oparlSources)
    .set(report.complete ? { lastCompletedAt: startedAt, lastModifiedSeen: newestModified ?? null } : { lastModifiedSeen: existing?.lastModifiedSeen ?? null })
    .where(eq(oparlSources.id, sourceId));
  await projectPending(db, urls, options.log);
  return report;
}

function asObject(value: unknown): Record<string, unknown> | undefined {
  return isObject(value) ? value : undefined;
}
