import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, type AnyPgColumn } from 'drizzle-orm/pg-core';
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
    /** Given at submission, gapless per council and year; a draft has none yet. */
    number: integer('number'),
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
    decisionPaperId: integer('decision_paper_id').references((): AnyPgColumn => decisionPapers.id, { onDelete: 'set null' }),
    /** Conditions of the district council's decision, printed in the grant notice. */
    conditions: text('conditions'),

    // The application as the applicant filled it in (no account: contact by e-mail only).
    applicantName: text('applicant_name'),
    applicantEmail: text('applicant_email'),
    applicantPhone: text('applicant_phone'),
    /** Postal address of the recipient, for the grant notice. */
    recipientAddress: text('recipient_address'),
    description: text('description'),
    targetGroup: text('target_group'),
    place: text('place'),
    totalCostCents: integer('total_cost_cents'),
    earlyStartRequested: boolean('early_start_requested').notNull().default(false),
    locale: text('locale').notNull().default('de'),
    consentedAt: timestamp('consented_at', { withTimezone: true }),
    /** Save and continue later: sha256 of the token in the e-mailed link, and when it runs out. */
    resumeTokenHash: text('resume_token_hash'),
    resumeExpiresAt: timestamp('resume_expires_at', { withTimezone: true }),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    /** What the office asked the applicant to add (completeness check), and when. */
    missingInfo: text('missing_info'),
    askedBackAt: timestamp('asked_back_at', { withTimezone: true }),
    completeAt: timestamp('complete_at', { withTimezone: true }),
    /** The day the council voted its recommendation. */
    recommendedOn: date('recommended_on'),
    notifiedAt: timestamp('notified_at', { withTimezone: true }),
    proofDueOn: date('proof_due_on'),
    proofReceivedOn: date('proof_received_on'),
    proofReport: text('proof_report'),
    actualCostCents: integer('actual_cost_cents'),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
    withdrawalReason: text('withdrawal_reason'),
    /** Set when the office committed more than a budget has left: the reason, also in the audit trail. */
    budgetOverrideReason: text('budget_override_reason'),
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
    check('grants_costs_nonnegative', sql`coalesce(${t.totalCostCents}, 0) >= 0 and coalesce(${t.actualCostCents}, 0) >= 0`),
    uniqueIndex('grants_resume_token_key').on(t.resumeTokenHash),
  ],
);

/** Other funding the applicant declared: where from, how much, whether it is confirmed. */
export const grantOtherFunding = pgTable(
  'grant_other_funding',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    grantId: integer('grant_id')
      .notNull()
      .references(() => grants.id, { onDelete: 'cascade' }),
    source: text('source').notNull(),
    amountCents: integer('amount_cents').notNull(),
    confirmed: boolean('confirmed').notNull().default(false),
    position: integer('position').notNull().default(0),
  },
  (t) => [index('grant_other_funding_grant_idx').on(t.grantId), check('grant_other_funding_amount', sql`${t.amountCents} >= 0`)],
);

/** Whose money a budget is: the integration council's own funds, or the district council's. */
export const budgetKind = pgEnum('budget_kind', ['council', 'district_council']);

/** The money a council (or its district council) has for grants in a year. */
export const budgets = pgTable(
  'budgets',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    councilId: integer('council_id')
      .notNull()
      .references(() => councils.id, { onDelete: 'cascade' }),
    year: integer('year').notNull(),
    kind: budgetKind('kind').notNull().default('council'),
    allocatedCents: integer('allocated_cents').notNull(),
    ...timestamps,
  },
  (t) => [uniqueIndex('budgets_council_year_kind_key').on(t.councilId, t.year, t.kind), check('budgets_allocated_nonnegative', sql`${t.allocatedCents} >= 0`)],
);

/** How much of a grant each budget carries (co-funding: this council, the district council, a neighbour). */
export const grantAllocations = pgTable(
  'grant_allocations',
  {
    grantId: integer('grant_id')
      .notNull()
      .references(() => grants.id, { onDelete: 'cascade' }),
    budgetId: integer('budget_id')
      .notNull()
      .references(() => budgets.id),
    amountCents: integer('amount_cents').notNull(),
    ...timestamps,
  },
  (t) => [primaryKey({ columns: [t.grantId, t.budgetId] }), index('grant_allocations_budget_idx').on(t.budgetId), check('grant_allocations_amount', sql`${t.amountCents} >= 0`)],
);

export const grantPaymentKind = pgEnum('grant_payment_kind', ['payout', 'repayment']);

/** Money moving: a payout to the recipient, or unused money paid back, from or to one budget. */
export const grantPayments = pgTable(
  'grant_payments',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    grantId: integer('grant_id')
      .notNull()
      .references(() => grants.id, { onDelete: 'cascade' }),
    budgetId: integer('budget_id')
      .notNull()
      .references(() => budgets.id),
    kind: grantPaymentKind('kind').notNull(),
    amountCents: integer('amount_cents').notNull(),
    paidOn: date('paid_on').notNull(),
    note: text('note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('grant_payments_grant_idx').on(t.grantId), index('grant_payments_budget_idx').on(t.budgetId), check('grant_payments_amount_positive', sql`${t.amountCents} > 0`)],
);

/**
 * A decision paper (Beschlussdrucksache) to the district council bundling recommended grants, e.g.
 * 15-1094/2025 "Zuwendungen aus den Mitteln des Integrationsbeirates Mitte: IB-01/2025 und IB-02/2025".
 * The city gives the paper number; until then it is a draft.
 */
export const decisionPapers = pgTable(
  'decision_papers',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    councilId: integer('council_id')
      .notNull()
      .references(() => councils.id, { onDelete: 'cascade' }),
    paperNumber: text('paper_number'),
    title: text('title').notNull(),
    /** Free sections of the paper: gender aspects, climate impact, reasons. */
    genderAspects: text('gender_aspects'),
    climateImpact: text('climate_impact'),
    reasons: text('reasons'),
    decidedOn: date('decided_on'),
    ...timestamps,
  },
  (t) => [index('decision_papers_council_idx').on(t.councilId)],
);
