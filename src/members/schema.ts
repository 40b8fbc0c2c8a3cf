import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, pgEnum, pgTable, text } from 'drizzle-orm/pg-core';
import { bodies } from '../city/schema.js';
import { councils, seatCategories } from '../councils/schema.js';
import { localized, timestamps } from '../infra/db/columns.js';

/**
 * A person. Only what running a council needs: no birth date, no origin. The migration background is
 * a property of the seat a person holds, never stored about the person.
 */
export const people = pgTable(
  'people',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    bodyId: integer('body_id')
      .notNull()
      .references(() => bodies.id),
    formOfAddress: text('form_of_address'),
    givenName: text('given_name').notNull(),
    familyName: text('family_name').notNull(),
    email: text('email'),
    phone: text('phone'),
    /** Demo data: an invented person; pages mark them as an example. */
    isExample: boolean('is_example').notNull().default(false),
    ...timestamps,
  },
  (t) => [index('people_body_idx').on(t.bodyId)],
);

export const membershipRole = pgEnum('membership_role', ['member', 'advisory_member']);

/** A person's seat in a council, from start to end. */
export const memberships = pgTable(
  'memberships',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    councilId: integer('council_id')
      .notNull()
      .references(() => councils.id, { onDelete: 'cascade' }),
    personId: integer('person_id')
      .notNull()
      .references(() => people.id),
    seatCategoryId: integer('seat_category_id')
      .notNull()
      .references(() => seatCategories.id),
    role: membershipRole('role').notNull().default('member'),
    votingRight: boolean('voting_right').notNull().default(true),
    startDate: date('start_date').notNull(),
    endDate: date('end_date'),
    endReason: text('end_reason'),
    /** Consent to be named on the public site and in open data. Without it the member is only counted. */
    publicConsent: boolean('public_consent').notNull().default(false),
    ...timestamps,
  },
  (t) => [
    index('memberships_council_idx').on(t.councilId, t.startDate),
    index('memberships_person_idx').on(t.personId),
    check('memberships_dates', sql`${t.endDate} is null or ${t.endDate} >= ${t.startDate}`),
  ],
);

export const chairRole = pgEnum('chair_role', ['chair', 'deputy_chair']);

/** Vorsitz and Stellvertretung, with their history. */
export const chairTerms = pgTable(
  'chair_terms',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    councilId: integer('council_id')
      .notNull()
      .references(() => councils.id, { onDelete: 'cascade' }),
    personId: integer('person_id')
      .notNull()
      .references(() => people.id),
    role: chairRole('role').notNull(),
    startDate: date('start_date').notNull(),
    endDate: date('end_date'),
    /** Shown with the name, e.g. "district councillor" for a chair who sat for the district council. */
    capacity: localized('capacity'),
    electedOn: date('elected_on'),
    /** Holding the chair is a public office; the name is still published only with consent. */
    publicConsent: boolean('public_consent').notNull().default(true),
    ...timestamps,
  },
  (t) => [
    index('chair_terms_council_idx').on(t.councilId, t.startDate),
    check('chair_terms_dates', sql`${t.endDate} is null or ${t.endDate} >= ${t.startDate}`),
  ],
);
