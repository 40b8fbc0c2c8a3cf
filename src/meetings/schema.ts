import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { bodies } from '../city/schema.js';
import { councils } from '../councils/schema.js';
import { localized, timestamps } from '../infra/db/columns.js';

/** A place where meetings happen, reusable, with what a visitor with a disability needs to know. */
export const locations = pgTable(
  'locations',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    bodyId: integer('body_id')
      .notNull()
      .references(() => bodies.id),
    name: text('name').notNull(),
    room: text('room'),
    streetAddress: text('street_address').notNull(),
    postalCode: text('postal_code').notNull(),
    locality: text('locality').notNull(),
    accessibility: localized('accessibility'),
    isExample: boolean('is_example').notNull().default(false),
    ...timestamps,
  },
  (t) => [index('locations_body_idx').on(t.bodyId)],
);

export const meetingState = pgEnum('meeting_state', ['planned', 'invited', 'held', 'minutes_approved']);

export const meetings = pgTable(
  'meetings',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    councilId: integer('council_id')
      .notNull()
      .references(() => councils.id, { onDelete: 'cascade' }),
    locationId: integer('location_id').references(() => locations.id),
    /** Optional title; pages otherwise say "Sitzung des …" with the date. */
    title: localized('title'),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }),
    state: meetingState('state').notNull().default('planned'),
    cancelled: boolean('cancelled').notNull().default(false),
    cancellationNote: localized('cancellation_note'),
    isExample: boolean('is_example').notNull().default(false),
    ...timestamps,
  },
  (t) => [
    index('meetings_council_starts_idx').on(t.councilId, t.startsAt),
    index('meetings_starts_idx').on(t.startsAt),
    check('meetings_times', sql`${t.endsAt} is null or ${t.endsAt} > ${t.startsAt}`),
  ],
);

export const agendaResult = pgEnum('agenda_result', ['adopted', 'rejected', 'noted', 'deferred', 'withdrawn']);

/** A TOP. `number` is what people read ("2.1"); `position` is the order. */
export const agendaItems = pgTable(
  'agenda_items',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    meetingId: integer('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    number: text('number').notNull(),
    position: integer('position').notNull(),
    title: localized('title').notNull(),
    text: localized('text'),
    isPublic: boolean('is_public').notNull().default(true),
    result: agendaResult('result'),
    votesYes: integer('votes_yes'),
    votesNo: integer('votes_no'),
    votesAbstain: integer('votes_abstain'),
    unanimous: boolean('unanimous').notNull().default(false),
    resultNote: localized('result_note'),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('agenda_items_meeting_position_key').on(t.meetingId, t.position),
    check('agenda_items_number_format', sql`${t.number} ~ '^[0-9]+(\\.[0-9]+)*$'`),
    check(
      'agenda_items_votes_nonnegative',
      sql`coalesce(${t.votesYes}, 0) >= 0 and coalesce(${t.votesNo}, 0) >= 0 and coalesce(${t.votesAbstain}, 0) >= 0`,
    ),
  ],
);
