import { sql } from 'drizzle-orm';
import { check, date, integer, pgTable, text, uniqueIndex, index } from 'drizzle-orm/pg-core';
import { localized, timestamps } from '../infra/db/columns.js';

/** The city running Beirat (OParl Body). */
export const bodies = pgTable('bodies', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  name: text('name').notNull(),
  shortName: text('short_name').notNull(),
  website: text('website'),
  /** Amtlicher Gemeindeschlüssel, used by OParl. */
  municipalityKey: text('municipality_key'),
  /** Publisher for the Impressum: the authority, its postal address and how to reach it. */
  publisherName: localized('publisher_name').notNull(),
  publisherAddress: text('publisher_address').notNull(),
  publisherEmail: text('publisher_email').notNull(),
  publisherPhone: text('publisher_phone'),
  publisherRepresentative: localized('publisher_representative').notNull(),
  /** Data protection officer for the Datenschutz page. */
  privacyContact: text('privacy_contact').notNull(),
  ...timestamps,
});

/** A Stadtbezirk. */
export const districts = pgTable(
  'districts',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    bodyId: integer('body_id')
      .notNull()
      .references(() => bodies.id),
    /** The city's official district number (Hannover: 1–13). */
    number: integer('number').notNull(),
    name: text('name').notNull(),
    ...timestamps,
  },
  (t) => [uniqueIndex('districts_body_number_key').on(t.bodyId, t.number), index('districts_body_idx').on(t.bodyId)],
);

/**
 * A Wahlperiode: the electoral term of the city's (and its district councils') elected bodies,
 * published as OParl LegislativeTerm. Integration councils follow it loosely: members are appointed
 * by the district council of the term.
 */
export const legislativeTerms = pgTable(
  'legislative_terms',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    bodyId: integer('body_id')
      .notNull()
      .references(() => bodies.id),
    name: text('name').notNull(),
    startDate: date('start_date').notNull(),
    endDate: date('end_date'),
    ...timestamps,
  },
  (t) => [index('legislative_terms_body_idx').on(t.bodyId, t.startDate), check('legislative_terms_dates', sql`${t.endDate} is null or ${t.endDate} >= ${t.startDate}`)],
);
