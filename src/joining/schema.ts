import { index, integer, pgEnum, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { councils, districtTie } from '../councils/schema.js';
import { timestamps } from '../infra/db/columns.js';
import { memberships } from '../members/schema.js';

export const applicationStatus = pgEnum('application_status', ['received', 'asked_back', 'rejected', 'appointed']);

/**
 * A resident's application to sit on a council. Holds only what the eligibility check and the
 * office's reply need; applications not accepted are deleted after the retention period.
 */
export const membershipApplications = pgTable(
  'membership_applications',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    councilId: integer('council_id')
      .notNull()
      .references(() => councils.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    email: text('email').notNull(),
    phone: text('phone'),
    ties: districtTie('ties').array().notNull(),
    age: integer('age').notNull(),
    languages: text('languages'),
    motivation: text('motivation').notNull(),
    /** The language the applicant wrote in: the office's replies go out in it. */
    locale: text('locale').notNull().default('de'),
    consentAt: timestamp('consent_at', { withTimezone: true }).notNull(),
    status: applicationStatus('status').notNull().default('received'),
    officeMessage: text('office_message'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    membershipId: integer('membership_id').references(() => memberships.id, { onDelete: 'set null' }),
    ...timestamps,
  },
  (t) => [index('membership_applications_council_idx').on(t.councilId, t.status, t.createdAt)],
);
