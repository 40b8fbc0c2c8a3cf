import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, pgEnum, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { councils } from '../councils/schema.js';
import { localized, timestamps } from '../infra/db/columns.js';

/** The grant lifecycle; the transitions between these states are rules in grants/service.ts. */
export const grantStatus = pgEnum('grant_status', [
  'draft',
  'submitted',
  'complete',
  'on_agenda',
  'recommended',
  'not_recommended',
  'approved',
  'rejected',
  'notified',
  'paid',
  'proof_due',
  'proof_received',
  'closed',
  'withdrawn',
]);

export const recipientKind = pgEnum('recipient_kind', ['association', 'initiative', 'person', 'council']);

/** A Zuwendung, numbered IB-NN/YYYY per council and year. Money is integer cents everywhere. */
export const grants = pgTable(
  'grants',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    councilId: integer('council_id')
      .notNull()
      .references(() => councils.id, { onDelete: 'cascade' }),
    year: integer('year').notNull(),
    number: integer('number').notNull(),
    recipientName: text('recipient_name').notNull(),
    recipientKind: recipientKind('recipient_kind').notNull().default('association'),
    title: localized('title').notNull(),
    summary: localized('summary'),
    /** What the project did, from the proof of use; published once the proof is in. */
    outcome: localized('outcome'),
    periodStart: date('period_start'),
    periodEnd: date('period_end'),
    amountRequestedCents: integer('amount_requested_cents'),
    amountRecommendedCents: integer('amount_recommended_cents'),
    amountApprovedCents: integer('amount_approved_cents'),
    amountPaidCents: integer('amount_paid_cents'),
    status: grantStatus('status').notNull().default('draft'),
    /** The district council's decision paper, e.g. 15-1094/2025, and the date it was decided. */
    decisionPaperNumber: text('decision_paper_number'),
    decidedOn: date('decided_on'),
    isExample: boolean('is_example').notNull().default(false),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('grants_council_year_number_key').on(t.councilId, t.year, t.number),
    index('grants_council_status_idx').on(t.councilId, t.status, t.year),
    check('grants_number_range', sql`${t.number} between 1 and 999`),
    check(
      'grants_amounts_nonnegative',
      sql`coalesce(${t.amountRequestedCents}, 0) >= 0 and coalesce(${t.amountRecommendedCents}, 0) >= 0 and coalesce(${t.amountApprovedCents}, 0) >= 0 and coalesce(${t.amountPaidCents}, 0) >= 0`,
    ),
  ],
);
