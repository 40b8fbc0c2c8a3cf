import { bigint, boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * The OParl API serves a projection: every public object rendered once as OParl 1.1 JSON, kept in
 * step with the domain tables. Database triggers mark the scope a change touches (a council, a
 * person, the city, an import) as dirty; the projector re-renders dirty scopes before the API
 * answers and stores only what changed. An object that leaves the public (deleted, consent
 * withdrawn, document made internal) stays as a tombstone with `deleted: true`, as OParl requires.
 */
export const oparlObjects = pgTable(
  'oparl_objects',
  {
    /** OParl type without namespace: Body, Organization, Person, … */
    type: text('type').notNull(),
    /** The last path segment of the object's URL: '12', 'district-3', 'imported-4711'. */
    key: text('key').notNull(),
    /** The stable list order: objects appear in lists in the order they were first published. */
    seq: bigint('seq', { mode: 'number' }).notNull().generatedAlwaysAsIdentity(),
    /** The Body whose lists hold the object (its own key for a Body). */
    bodyKey: text('body_key').notNull(),
    /** Who renders it: 'body:1', 'council:5', 'person:9', 'import:2'. */
    scope: text('scope').notNull(),
    /** Keys of the Organizations a Meeting belongs to, for Organization.meeting lists. */
    organizations: text('organizations').array(),
    created: timestamp('created', { withTimezone: true }).notNull(),
    modified: timestamp('modified', { withTimezone: true }).notNull(),
    deleted: boolean('deleted').notNull().default(false),
    /** Hash of the content without timestamps: an unchanged object keeps its `modified`. */
    hash: text('hash').notNull(),
    /** The object as served, exact bytes. */
    json: text('json').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.type, t.key] }),
    uniqueIndex('oparl_objects_seq_key').on(t.seq),
    index('oparl_objects_list_idx').on(t.bodyKey, t.type, t.seq),
    index('oparl_objects_modified_idx').on(t.bodyKey, t.type, t.modified),
    index('oparl_objects_scope_idx').on(t.scope),
    index('oparl_objects_organizations_idx').using('gin', t.organizations),
  ],
);

/** Scopes waiting to be rendered again; written by triggers in the same transaction as the change. */
export const oparlDirty = pgTable('oparl_dirty', {
  scope: text('scope').primaryKey(),
  markedAt: timestamp('marked_at', { withTimezone: true }).notNull().defaultNow(),
  /** A scope whose rendering failed waits a while before it is tried again, so one bad row cannot stall every request. */
  failedAt: timestamp('failed_at', { withTimezone: true }),
});

/** What the stored JSON was rendered with: another base URL or renderer version means rendering everything again. */
export const oparlProjectionState = pgTable('oparl_projection_state', {
  id: integer('id').primaryKey().default(1),
  baseUrl: text('base_url').notNull(),
  rendererVersion: integer('renderer_version').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** An OParl system Beirat imported from, by the id of its System object. */
export const oparlSources = pgTable(
  'oparl_sources',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    systemId: text('system_id').notNull(),
    /** Where it was last read from: the URL given, or a folder of recorded responses. */
    location: text('location').notNull(),
    oparlVersion: text('oparl_version'),
    lastStartedAt: timestamp('last_started_at', { withTimezone: true }),
    lastCompletedAt: timestamp('last_completed_at', { withTimezone: true }),
    /** The newest `modified` the source reported: the next import asks for changes since then, in the source's clock. */
    lastModifiedSeen: text('last_modified_seen'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('oparl_sources_system_key').on(t.systemId)],
);

/**
 * An object as read from a source, keeping its external id. Embedded objects are stored on their
 * own and replaced in their parent by `{"$embedded": "<external id>"}`, so an object embedded in
 * several places (a location, a file) is one object, as in OParl 1.1's own lists.
 */
export const oparlImportedObjects = pgTable(
  'oparl_imported_objects',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    sourceId: integer('source_id')
      .notNull()
      .references(() => oparlSources.id, { onDelete: 'cascade' }),
    /** The external id of the Body the object was read under (a Body's own id for a Body). */
    bodyExternalId: text('body_external_id').notNull(),
    type: text('type').notNull(),
    externalId: text('external_id').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
    hash: text('hash').notNull(),
    deleted: boolean('deleted').notNull().default(false),
    firstSeenAt: timestamp('first_seen_at', { withTimezone: true }).notNull().defaultNow(),
    changedAt: timestamp('changed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('oparl_imported_objects_external_key').on(t.sourceId, t.externalId), index('oparl_imported_objects_source_idx').on(t.sourceId, t.type)],
);
