import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { bodies } from '../city/schema.js';
import { councils } from '../councils/schema.js';
import { grants } from '../grants/schema.js';
import { localized, timestamps } from '../infra/db/columns.js';
import { memberships } from '../members/schema.js';

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
    /** When the invitation went out, and why it was allowed inside the invitation period. */
    invitedAt: timestamp('invited_at', { withTimezone: true }),
    urgencyReason: text('urgency_reason'),
    /** Supplements (Nachträge) sent so far; items added after the invitation wait for the next one. */
    supplementsSent: integer('supplements_sent').notNull().default(0),
    /** iCal SEQUENCE: raised whenever date, place or status change after the announcement. */
    sequence: integer('sequence').notNull().default(0),
    /** Minutes: a generated draft the office edits; the public part is published after approval. */
    minutesPublic: text('minutes_public'),
    minutesNonPublic: text('minutes_non_public'),
    minutesApprovedAt: timestamp('minutes_approved_at', { withTimezone: true }),
    minutesApprovedInMeetingId: integer('minutes_approved_in_meeting_id'),
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

/** Standard items every meeting opens with; `regular` is everything else. */
export const agendaItemKind = pgEnum('agenda_item_kind', ['regular', 'opening', 'agenda_approval', 'minutes_approval']);

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
    kind: agendaItemKind('kind').notNull().default('regular'),
    /** 0 for a main item ("2"), 1 for a sub-item ("2.1"); numbers are derived from level and order. */
    level: integer('level').notNull().default(0),
    /** For a minutes-approval item: the meeting whose minutes it approves. */
    minutesOfMeetingId: integer('minutes_of_meeting_id').references((): AnyPgColumn => meetings.id, { onDelete: 'set null' }),
    /** Added after the invitation: sent with the next supplement (0 = with the invitation). */
    supplement: integer('supplement').notNull().default(0),
    /** What was said, for the minutes. */
    notes: text('notes'),
    /** The grant application this item deals with: the council's vote here is its recommendation. */
    grantId: integer('grant_id').references((): AnyPgColumn => grants.id, { onDelete: 'set null' }),
    /** With a tie under the chair-decides rule: the chair's casting decision. */
    chairCastingVote: boolean('chair_casting_vote'),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('agenda_items_meeting_position_key').on(t.meetingId, t.position),
    check('agenda_items_level', sql`${t.level} in (0, 1)`),
    check('agenda_items_number_format', sql`${t.number} ~ '^[0-9]+(\\.[0-9]+)*$'`),
    check(
      'agenda_items_votes_nonnegative',
      sql`coalesce(${t.votesYes}, 0) >= 0 and coalesce(${t.votesNo}, 0) >= 0 and coalesce(${t.votesAbstain}, 0) >= 0`,
    ),
  ],
);

export const attendanceStatus = pgEnum('attendance_status', ['present', 'excused', 'absent']);

/**
 * Who came. A member present may arrive late (present from `arrivedAtItemId` on) or leave early
 * (absent from `leftAtItemId` on); quorum is computed per item from this.
 */
export const attendance = pgTable(
  'meeting_attendance',
  {
    meetingId: integer('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    membershipId: integer('membership_id')
      .notNull()
      .references(() => memberships.id, { onDelete: 'cascade' }),
    status: attendanceStatus('status').notNull(),
    arrivedAtItemId: integer('arrived_at_item_id').references(() => agendaItems.id, { onDelete: 'set null' }),
    leftAtItemId: integer('left_at_item_id').references(() => agendaItems.id, { onDelete: 'set null' }),
    ...timestamps,
  },
  (t) => [primaryKey({ columns: [t.meetingId, t.membershipId] })],
);

/** Members barred from an item for a conflict of interest (Mitwirkungsverbot): they do not vote. */
export const agendaItemExclusions = pgTable(
  'agenda_item_exclusions',
  {
    agendaItemId: integer('agenda_item_id')
      .notNull()
      .references(() => agendaItems.id, { onDelete: 'cascade' }),
    membershipId: integer('membership_id')
      .notNull()
      .references(() => memberships.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.agendaItemId, t.membershipId] })],
);

/**
 * A resident's subscription to meeting announcements of one council, or of all (`councilId` null).
 * Double opt-in: nothing is sent before `confirmedAt`; unconfirmed rows are deleted after a week.
 * Only the address and the language are kept.
 */
export const meetingSubscriptions = pgTable(
  'meeting_subscriptions',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    councilId: integer('council_id').references(() => councils.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    locale: text('locale').notNull().default('de'),
    /** sha256 of the token mailed for confirmation; unsubscribe links are signed, not stored. */
    confirmTokenHash: text('confirm_token_hash'),
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('meeting_subscriptions_council_email_key').on(sql`coalesce(${t.councilId}, 0)`, sql`lower(${t.email})`),
    index('meeting_subscriptions_council_idx').on(t.councilId),
  ],
);
