import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, pgEnum, pgTable, text } from 'drizzle-orm/pg-core';
import { councils } from '../councils/schema.js';
import { grants } from '../grants/schema.js';
import { localized, timestamps } from '../infra/db/columns.js';
import { agendaItems, meetings } from '../meetings/schema.js';

export const documentKind = pgEnum('document_kind', [
  'invitation',
  'supplement',
  'minutes',
  'attachment',
  'grant_application',
  'decision_paper',
  'grant_notice',
  'proof_of_use',
  'other',
]);

/**
 * A stored file. The bytes live in the data folder under `storage_key`, outside any web root; the
 * sha512 is kept for integrity checks and OParl's sha512Checksum.
 */
export const documents = pgTable(
  'documents',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    councilId: integer('council_id')
      .notNull()
      .references(() => councils.id, { onDelete: 'cascade' }),
    meetingId: integer('meeting_id').references(() => meetings.id, { onDelete: 'set null' }),
    agendaItemId: integer('agenda_item_id').references(() => agendaItems.id, { onDelete: 'set null' }),
    grantId: integer('grant_id').references(() => grants.id, { onDelete: 'set null' }),
    kind: documentKind('kind').notNull().default('attachment'),
    title: localized('title').notNull(),
    fileName: text('file_name').notNull(),
    mimeType: text('mime_type').notNull(),
    sizeBytes: bigint('size_bytes', { mode: 'number' }).notNull(),
    sha512: text('sha512').notNull(),
    storageKey: text('storage_key').notNull(),
    isPublic: boolean('is_public').notNull().default(false),
    ...timestamps,
  },
  (t) => [
    index('documents_meeting_idx').on(t.meetingId),
    index('documents_agenda_item_idx').on(t.agendaItemId),
    index('documents_grant_idx').on(t.grantId),
    index('documents_council_idx').on(t.councilId),
    check('documents_sha512_format', sql`${t.sha512} ~ '^[0-9a-f]{128}$'`),
    check('documents_size_nonnegative', sql`${t.sizeBytes} >= 0`),
  ],
);
