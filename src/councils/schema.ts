import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, jsonb, pgEnum, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { bodies, districts } from '../city/schema.js';
import { localized, localizedList, timestamps } from '../infra/db/columns.js';
import type { LocalizedList, LocalizedText } from '../infra/i18n/localized.js';

export interface CouncilTextDraft {
  name: LocalizedText;
  shortName: LocalizedText;
  purpose: LocalizedText;
  legalBasis: LocalizedText;
  tasks: LocalizedList;
  history: LocalizedText | null;
  joiningNote: LocalizedText | null;
  savedAt: string;
  savedBy: string;
}

export const quorumRule = pgEnum('quorum_rule', [
  // More than half of the members with a vote (Hannover's template, NKomVG § 65 by analogy).
  'majority_of_voting_members',
  // More than half of all members, voting or not.
  'majority_of_all_members',
  // A fixed number of voting members present.
  'fixed_number',
]);
export const tieRule = pgEnum('tie_rule', ['rejected', 'chair_decides']);
export const voteEffect = pgEnum('vote_effect', ['recommendation', 'decision']);
export const membershipMode = pgEnum('membership_mode', ['appointed', 'elected', 'mixed']);
export const dayCounting = pgEnum('day_counting', ['calendar_days', 'working_days']);
export const districtTie = pgEnum('district_tie', ['lives', 'works', 'club']);

/** An Integrationsbeirat, with its rules of procedure as data so other cities' rules fit too. */
export const councils = pgTable(
  'councils',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    bodyId: integer('body_id')
      .notNull()
      .references(() => bodies.id),
    districtId: integer('district_id').references(() => districts.id),
    slug: text('slug').notNull(),
    name: localized('name').notNull(),
    shortName: localized('short_name').notNull(),
    /** Purpose and legal basis, the tasks, the history: the council's concept as published. */
    purpose: localized('purpose').notNull(),
    legalBasis: localized('legal_basis').notNull(),
    tasks: localizedList('tasks').notNull(),
    history: localized('history'),
    joiningNote: localized('joining_note'),
    /** Unpublished edits of the texts above; the public site shows the published columns only. */
    draftTexts: jsonb('draft_texts').$type<CouncilTextDraft>(),
    foundedOn: date('founded_on'),
    dissolvedOn: date('dissolved_on'),

    contactName: localized('contact_name').notNull(),
    contactEmail: text('contact_email').notNull(),
    contactPhone: text('contact_phone'),
    contactAddress: text('contact_address'),
    /** Demo data: the contact is invented and the page says so. */
    contactIsExample: boolean('contact_is_example').notNull().default(false),

    membershipMode: membershipMode('membership_mode').notNull().default('appointed'),
    termLimitYears: integer('term_limit_years'),
    deputiesAllowed: boolean('deputies_allowed').notNull().default(false),
    invitationPeriodDays: integer('invitation_period_days').notNull().default(7),
    invitationDayCounting: dayCounting('invitation_day_counting').notNull().default('calendar_days'),
    agendaProposalDays: integer('agenda_proposal_days'),
    quorumRule: quorumRule('quorum_rule').notNull().default('majority_of_voting_members'),
    quorumFixedNumber: integer('quorum_fixed_number'),
    tieRule: tieRule('tie_rule').notNull().default('rejected'),
    voteEffect: voteEffect('vote_effect').notNull().default('recommendation'),
    minMigrationSharePercent: integer('min_migration_share_percent').notNull().default(50),
    eligibilityMinAge: integer('eligibility_min_age'),
    eligibilityTies: districtTie('eligibility_ties').array().notNull().default(sql`'{}'`),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('councils_slug_key').on(t.slug),
    index('councils_body_idx').on(t.bodyId),
    check('councils_slug_format', sql`${t.slug} ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`),
    check('councils_quorum_fixed', sql`${t.quorumRule} <> 'fixed_number' or ${t.quorumFixedNumber} > 0`),
    check('councils_share_range', sql`${t.minMigrationSharePercent} between 0 and 100`),
  ],
);

/** Sitzkategorie: a kind of seat with its quota (e.g. 6 district councillors). */
export const seatCategories = pgTable(
  'seat_categories',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    councilId: integer('council_id')
      .notNull()
      .references(() => councils.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    name: localized('name').notNull(),
    description: localized('description'),
    quota: integer('quota').notNull(),
    /** Seats reserved for residents with a migration background count towards the council's share rule. */
    forMigrationBackground: boolean('for_migration_background').notNull().default(false),
    votingRight: boolean('voting_right').notNull().default(true),
    position: integer('position').notNull().default(0),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('seat_categories_council_key').on(t.councilId, t.key),
    check('seat_categories_quota_positive', sql`${t.quota} >= 0`),
  ],
);
