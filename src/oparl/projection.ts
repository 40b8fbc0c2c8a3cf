import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { Tx } from '../audit/service.js';
import type { Database } from '../infra/db/database.js';
import { contentText, dateTime, draftId, Embed, sha256, textArray, type Draft, type StoredType, type Value } from './draft.js';
import { renderBodies } from './render/body.js';
import { renderCouncils } from './render/council.js';
import { renderImports } from './render/imported.js';
import { renderPersons } from './render/person.js';
import { oparlDirty, oparlObjects, oparlProjectionState } from './schema.js';
import { OParlUrls, typeUrl } from './urls.js';

/**
 * Keeps `oparl_objects` in step with the records. Triggers mark scopes dirty; `projectPending`
 * renders them again, compares each object with what is stored and writes only what changed: a
 * changed or newly public object gets `modified` = now, an object no longer rendered becomes a
 * tombstone. The API calls it before answering, so it never serves what a committed change
 * has made wrong.
 */

/** Raise when renderers change what they output: every object is then rendered again at start. */
export const rendererVersion = 1;

export type ScopeKind = 'body' | 'council' | 'person' | 'import';
export type Renderer = (tx: Tx, ids: number[], urls: OParlUrls) => Promise<Map<string, Draft[]>>;

/** Bodies first: councils embed the city's places, which must be stored before a meeting embeds them. */
const kinds: Array<{ kind: ScopeKind; batch: number; render: Renderer }> = [
  { kind: 'body', batch: 10, render: renderBodies },
  { kind: 'council', batch: 1, render: renderCouncils },
  { kind: 'person', batch: 200, render: renderPersons },
  { kind: 'import', batch: 1, render: renderImports },
];

const projectionLock = 0x6f70726c; // "oprl": one projector at a time across all instances
const retryAfter = sql`interval '1 minute'`;

export interface ProjectionLog {
  error(object: object, message: string): void;
}

/** Whether any scope waits for rendering (failed ones only after their pause). */
export async function hasPendingProjection(db: Database): Promise<boolean> {
  const rows = await db
    .select({ scope: oparlDirty.scope })
    .from(oparlDirty)
    .where(or(isNull(oparlDirty.failedAt), lt(oparlDirty.failedAt, sql`now() - ${retryAfter}`)))
    .limit(1);
  return rows.length > 0;
}

const running = new WeakMap<Database, Promise<number>>();

/**
 * Renders every dirty scope; returns how many were rendered. Calls in one process share one run; an
 * instance sharing the database waits for the other's transaction through the advisory lock.
 */
export function projectPending(db: Database, urls: OParlUrls, log?: ProjectionLog): Promise<number> {
  const current = running.get(db);
  if (current) return current.then(() => projectPending(db, urls, log));
  const run = drain(db, urls, log).finally(() => running.delete(db));
  running.set(db, run);
  return run;
}

async function drain(db: Database, urls: OParlUrls, log?: ProjectionLog): Promise<number> {
  let total = 0;
  for (;;) {
    let claimed: string[] = [];
    try {
      const done = await db.transaction(async (tx) => {
        await tx.execute(sql`select pg_advisory_xact_lock(${projectionLock})`);
        const [next] = await tx
          .select({ scope: oparlDirty.scope })
          .from(oparlDirty)
          .where(or(isNull(oparlDirty.failedAt), lt(oparlDirty.failedAt, sql`now() - ${retryAfter}`)))
          .orderBy(sql`case split_part(${oparlDirty.scope}, ':', 1) when 'body' then 0 when 'council' then 1 when 'person' then 2 else 3 end`, oparlDirty.scope)
          .limit(1);
        if (!next) return 0;
        const kind = kinds.find((k) => next.scope.startsWith(`${k.kind}:`));
        if (!kind) {
          await tx.delete(oparlDirty).where(eq(oparlDirty.scope, next.scope));
          return 1;
        }
        // Claimed by deleting: a change committed after this sees no row and marks the scope again.
        const rows = await tx.execute<{ scope: string }>(sql`
          delete from oparl_dirty where scope in (
            select scope from oparl_dirty
            where scope like ${`${kind.kind}:%`} and (failed_at is null or failed_at < now() - ${retryAfter})
            order by scope limit ${kind.batch}
          ) returning scope`);
        claimed = rowsOf<{ scope: string }>(rows).map((r) => r.scope);
        const ids = claimed.map((s) => Number(s.slice(kind.kind.length + 1))).filter((n) => Number.isSafeInteger(n));
        const rendered = await kind.render(tx, ids, urls);
        for (const scope of claimed) await writeScope(tx, scope, rendered.get(scope) ?? [], urls);
        return claimed.length;
      });
      if (done === 0) return total;
      total += done;
    } catch (error) {
      if (claimed.length === 0) throw error;
      log?.error({ err: error, scopes: claimed }, 'rendering OParl objects failed; the scopes are tried again in a minute');
      await db
        .insert(oparlDirty)
        .values(claimed.map((scope) => ({ scope, failedAt: new Date() })))
        .onConflictDoUpdate({ target: oparlDirty.scope, set: { failedAt: new Date() } });
    }
  }
}

/** drizzle's `execute` returns rows directly on PGlite's driver and in `.rows` on node-postgres. */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

interface StoredRow {
  type: string;
  key: string;
  scope: string;
  bodyKey: string;
  organizations: string[] | null;
  hash: string;
  created: Date;
  modified: Date;
  deleted: boolean;
  /** Loaded only for objects of other scopes that a draft embeds. */
  json?: string;
}

async function loadRows(tx: Tx, pairs: Array<{ type: string; key: string }>): Promise<StoredRow[]> {
  if (pairs.length === 0) return [];
  const out: StoredRow[] = [];
  for (let i = 0; i < pairs.length; i += 1000) {
    const chunk = pairs.slice(i, i + 1000);
    out.push(
      ...rowsOf<StoredRow>(
        await tx.execute(sql`
          select type, key, scope, body_key as "bodyKey", organizations, hash, created, modified, deleted, json
          from oparl_objects
          where (type, key) in (select * from unnest(${textArray(chunk.map((p) => p.type))}::text[], ${textArray(chunk.map((p) => p.key))}::text[]))`),
      ),
    );
  }
  // Timestamps arrive as strings from some drivers.
  return out.map((r) => ({ ...r, created: new Date(r.created), modified: new Date(r.modified) }));
}

/** Stores a scope's objects: what changed gets `modified` = now, what disappeared becomes a tombstone. */
export async function writeScope(tx: Tx, scope: string, drafts: Draft[], urls: OParlUrls): Promise<{ written: number; deleted: number }> {
  const [{ now }] = rowsOf<{ now: string | Date }>(await tx.execute(sql`select clock_timestamp() as now`)) as [{ now: string | Date }];
  const at = new Date(now);
  const byId = new Map(drafts.map((d) => [draftId(d.type, d.key), d]));

  // Without the JSON: a scope may hold thousands of objects, and only changed ones are written.
  const own = (await tx
    .select({
      type: oparlObjects.type,
      key: oparlObjects.key,
      scope: oparlObjects.scope,
      bodyKey: oparlObjects.bodyKey,
      organizations: oparlObjects.organizations,
      hash: oparlObjects.hash,
      created: oparlObjects.created,
      modified: oparlObjects.modified,
      deleted: oparlObjects.deleted,
    })
    .from(oparlObjects)
    .where(eq(oparlObjects.scope, scope))) as StoredRow[];
  const stored = new Map(own.map((r) => [draftId(r.type as StoredType, r.key), r]));
  const missing = drafts.filter((d) => !stored.has(draftId(d.type, d.key)));
  const outside: Array<{ type: string; key: string }> = [];
  const seen = new Set<string>();
  const collect = (value: unknown) => {
    if (value instanceof Embed) {
      const id = draftId(value.type, value.key);
      if (!byId.has(id) && !seen.has(id)) {
        seen.add(id);
        outside.push({ type: value.type, key: value.key });
      }
    } else if (Array.isArray(value)) value.forEach(collect);
    else if (value && typeof value === 'object') Object.values(value).forEach(collect);
  };
  for (const d of drafts) collect(d.fields);
  for (const r of await loadRows(tx, [...missing.map((d) => ({ type: d.type, key: d.key })), ...outside])) stored.set(draftId(r.type as StoredType, r.key), r);

  const hashes = new Map<string, string>();
  const hashOf = (embed: Embed): string => {
    const id = draftId(embed.type, embed.key);
    const known = hashes.get(id);
    if (known) return known;
    const draft = byId.get(id);
    const hash = draft ? (draft.deleted ? deletedHash : sha256(contentText(draft, hashOf))) : (stored.get(id)?.hash ?? 'missing');
    hashes.set(id, hash);
    return hash;
  };

  const timestamps = new Map<string, { created: Date; modified: Date; changed: boolean }>();
  for (const d of drafts) {
    const id = draftId(d.type, d.key);
    const previous = stored.get(id);
    const hash = hashOf(new Embed(d.type, d.key));
    const changed = !previous || previous.deleted !== (d.deleted === true) || previous.hash !== hash;
    timestamps.set(id, { created: d.created ?? previous?.created ?? at, modified: changed ? at : previous.modified, changed });
  }

  const objects = new Map<string, Record<string, unknown> | undefined>();
  const objectOf = (type: StoredType, key: string): Record<string, unknown> | undefined => {
    const id = draftId(type, key);
    if (objects.has(id)) return objects.get(id);
    const draft = byId.get(id);
    let object: Record<string, unknown> | undefined;
    if (draft?.deleted) {
      object = undefined;
    } else if (draft) {
      const time = timestamps.get(id)!;
      object = { id: urls.object(type, key), type: typeUrl(type), ...resolveFields(draft.fields), created: dateTime(time.created), modified: dateTime(time.modified) };
    } else {
      const row = stored.get(id);
      object = row && !row.deleted && row.json !== undefined ? (JSON.parse(row.json) as Record<string, unknown>) : undefined;
    }
    objects.set(id, object);
    return object;
  };
  const resolve = (value: Value): unknown => {
    if (value instanceof Embed) return objectOf(value.type, value.key);
    if (Array.isArray(value)) return value.map(resolve).filter((v) => v !== undefined);
    if (value && typeof value === 'object') return resolveFields(value);
    return value;
  };
  function resolveFields(fields: Record<string, Value | null | undefined>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(fields)) {
      if (value === null || value === undefined) continue;
      const resolved = resolve(value);
      if (resolved !== undefined) out[name] = resolved;
    }
    return out;
  }

  const upserts: Array<typeof oparlObjects.$inferInsert> = [];
  for (const d of drafts) {
    const id = draftId(d.type, d.key);
    const time = timestamps.get(id)!;
    const previous = stored.get(id);
    const moved = previous && (previous.scope !== scope || previous.bodyKey !== d.bodyKey || (previous.organizations ?? []).join() !== (d.organizations ?? []).join());
    if (!time.changed && !moved) continue;
    upserts.push({
      type: d.type,
      key: d.key,
      bodyKey: d.bodyKey,
      scope,
      organizations: d.organizations ?? null,
      created: time.created,
      modified: time.modified,
      deleted: d.deleted === true,
      hash: hashOf(new Embed(d.type, d.key)),
      json: JSON.stringify(d.deleted ? tombstone(urls, d.type, d.key, time.created, time.modified) : objectOf(d.type, d.key)),
    });
  }
  for (let i = 0; i < upserts.length; i += 200) {
    await tx
      .insert(oparlObjects)
      .values(upserts.slice(i, i + 200))
      .onConflictDoUpdate({
        target: [oparlObjects.type, oparlObjects.key],
        set: {
          bodyKey: sql`excluded.body_key`,
          scope: sql`excluded.scope`,
          organizations: sql`excluded.organizations`,
          created: sql`excluded.created`,
          modified: sql`excluded.modified`,
          deleted: sql`excluded.deleted`,
          hash: sql`excluded.hash`,
          json: sql`excluded.json`,
        },
      });
  }

  const gone = own.filter((r) => !r.deleted && !byId.has(draftId(r.type as StoredType, r.key)));
  for (const row of gone) {
    await tx
      .update(oparlObjects)
      .set({ deleted: true, modified: at, hash: deletedHash, json: JSON.stringify(tombstone(urls, row.type as StoredType, row.key, row.created, at)), organizations: null })
      .where(and(eq(oparlObjects.type, row.type), eq(oparlObjects.key, row.key)));
  }
  return { written: upserts.length, deleted: gone.length };
}

const deletedHash = 'deleted';

/** What stays of a deleted object: OParl keeps id, type and created, and says when it was deleted. */
function tombstone(urls: OParlUrls, type: StoredType, key: string, created: Date, modified: Date): Record<string, unknown> {
  return { id: urls.object(type, key), type: typeUrl(type), created: dateTime(created), modified: dateTime(modified), deleted: true };
}

/**
 * At start: stored JSON holds absolute URLs and the renderers' output; when either differs from
 * what this process would write, everything is rendered again.
 */
export async function ensureProjectionState(db: Database, baseUrl: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${projectionLock})`);
    const [state] = await tx.select().from(oparlProjectionState).where(eq(oparlProjectionState.id, 1));
    if (state && state.baseUrl === baseUrl && state.rendererVersion === rendererVersion) return false;
    await markEverythingDirty(tx);
    await tx
      .insert(oparlProjectionState)
      .values({ id: 1, baseUrl, rendererVersion })
      .onConflictDoUpdate({ target: oparlProjectionState.id, set: { baseUrl, rendererVersion, updatedAt: new Date() } });
    return true;
  });
}

export async function markEverythingDirty(tx: Tx): Promise<void> {
  await tx.execute(sql`
    insert into oparl_dirty (scope)
      select 'body:' || id from bodies
      union select 'council:' || id from councils
      union select 'person:' || id from people
      union select 'import:' || id from oparl_sources
    on conflict (scope) do update set failed_at = null`);
}

/** For tests and the command line: the dirty scopes right now. */
export async function pendingScopes(db: Database): Promise<string[]> {
  return (await db.select({ scope: oparlDirty.scope }).from(oparlDirty)).map((r) => r.scope);
}

