import { index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Who changed what, when, with the record before and after. Append-only: a trigger in the
 * migrations refuses UPDATE and DELETE. No foreign keys, so the trail outlives what it describes.
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorUserId: integer('actor_user_id'),
    /** The actor as shown then (e-mail, "system", "applicant"), since users can be renamed or deleted. */
    actorLabel: text('actor_label').notNull(),
    councilId: integer('council_id'),
    personId: integer('person_id'),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    action: text('action').notNull(),
    before: jsonb('before'),
    after: jsonb('after'),
  },
  (t) => [index('audit_events_council_at_idx').on(t.councilId, t.at), index('audit_events_person_idx').on(t.personId, t.at), index('audit_events_at_idx').on(t.at)],
);
