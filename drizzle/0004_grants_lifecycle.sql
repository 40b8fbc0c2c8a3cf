CREATE TYPE "public"."budget_kind" AS ENUM('council', 'district_council');--> statement-breakpoint
CREATE TYPE "public"."grant_payment_kind" AS ENUM('payout', 'repayment');--> statement-breakpoint
ALTER TYPE "public"."document_kind" ADD VALUE 'grant_notice' BEFORE 'other';--> statement-breakpoint
ALTER TYPE "public"."document_kind" ADD VALUE 'proof_of_use' BEFORE 'other';--> statement-breakpoint
CREATE TABLE "budgets" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "budgets_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"council_id" integer NOT NULL,
	"year" integer NOT NULL,
	"kind" "budget_kind" DEFAULT 'council' NOT NULL,
	"allocated_cents" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "budgets_allocated_nonnegative" CHECK ("budgets"."allocated_cents" >= 0)
);
--> statement-breakpoint
CREATE TABLE "decision_papers" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "decision_papers_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"council_id" integer NOT NULL,
	"paper_number" text,
	"title" text NOT NULL,
	"gender_aspects" text,
	"climate_impact" text,
	"reasons" text,
	"decided_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "grant_allocations" (
	"grant_id" integer NOT NULL,
	"budget_id" integer NOT NULL,
	"amount_cents" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "grant_allocations_grant_id_budget_id_pk" PRIMARY KEY("grant_id","budget_id"),
	CONSTRAINT "grant_allocations_amount" CHECK ("grant_allocations"."amount_cents" >= 0)
);
--> statement-breakpoint
CREATE TABLE "grant_other_funding" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "grant_other_funding_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"grant_id" integer NOT NULL,
	"source" text NOT NULL,
	"amount_cents" integer NOT NULL,
	"confirmed" boolean DEFAULT false NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "grant_other_funding_amount" CHECK ("grant_other_funding"."amount_cents" >= 0)
);
--> statement-breakpoint
CREATE TABLE "grant_payments" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "grant_payments_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"grant_id" integer NOT NULL,
	"budget_id" integer NOT NULL,
	"kind" "grant_payment_kind" NOT NULL,
	"amount_cents" integer NOT NULL,
	"paid_on" date NOT NULL,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "grant_payments_amount_positive" CHECK ("grant_payments"."amount_cents" > 0)
);
--> statement-breakpoint
ALTER TABLE "grants" ALTER COLUMN "number" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "agenda_items" ADD COLUMN "grant_id" integer;--> statement-breakpoint
ALTER TABLE "grants" ADD COLUMN "decision_paper_id" integer;--> statement-breakpoint
ALTER TABLE "grants" ADD COLUMN "conditions" text;--> statement-breakpoint
ALTER TABLE "grants" ADD COLUMN "applicant_name" text;--> statement-breakpoint
ALTER TABLE "grants" ADD COLUMN "applicant_email" text;--> statement-breakpoint
ALTER TABLE "grants" ADD COLUMN "applicant_phone" text;--> statement-breakpoint
ALTER TABLE "grants" ADD COLUMN "recipient_address" text;--> statement-breakpoint
ALTER TABLE "grants" ADD COLUMN "description" text;--> statement-breakpoint
ALTER TABLE "grants" ADD COLUMN "target_group" text;--> statement-breakpoint
ALTER TABLE "grants" ADD COLUMN "place" text;--> statement-breakpoint
ALTER TABLE "grants" ADD COLUMN "total_cost_cents" integer;--> statement-breakpoint
ALTER TABLE "grants" ADD COLUMN "early_start_requested" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "grants" ADD COLUMN "locale" text DEFAULT 'de' NOT NULL;--> statement-breakpoint
ALTER TABLE "grants" ADD COLUMN "consented_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "grants" ADD COLUMN "resume_token_hash" text;--> statement-breakpoint
ALTER TABLE "grants" ADD COLUMN "resume_expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "grants" ADD COLUMN "submitted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "grants" ADD COLUMN "missing_info" text;--> statement-breakpoint
ALTER TABLE "grants" ADD COLUMN "asked_back_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "grants" ADD COLUMN "complete_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "grants" ADD COLUMN "recommended_on" date;--> statement-breakpoint
ALTER TABLE "grants" ADD COLUMN "notified_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "grants" ADD COLUMN "proof_due_on" date;--> statement-breakpoint
ALTER TABLE "grants" ADD COLUMN "proof_received_on" date;--> statement-breakpoint
ALTER TABLE "grants" ADD COLUMN "proof_report" text;--> statement-breakpoint
ALTER TABLE "grants" ADD COLUMN "actual_cost_cents" integer;--> statement-breakpoint
ALTER TABLE "grants" ADD COLUMN "closed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "grants" ADD COLUMN "withdrawn_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "grants" ADD COLUMN "withdrawal_reason" text;--> statement-breakpoint
ALTER TABLE "grants" ADD COLUMN "budget_override_reason" text;--> statement-breakpoint
ALTER TABLE "budgets" ADD CONSTRAINT "budgets_council_id_councils_id_fk" FOREIGN KEY ("council_id") REFERENCES "public"."councils"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decision_papers" ADD CONSTRAINT "decision_papers_council_id_councils_id_fk" FOREIGN KEY ("council_id") REFERENCES "public"."councils"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grant_allocations" ADD CONSTRAINT "grant_allocations_grant_id_grants_id_fk" FOREIGN KEY ("grant_id") REFERENCES "public"."grants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grant_allocations" ADD CONSTRAINT "grant_allocations_budget_id_budgets_id_fk" FOREIGN KEY ("budget_id") REFERENCES "public"."budgets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grant_other_funding" ADD CONSTRAINT "grant_other_funding_grant_id_grants_id_fk" FOREIGN KEY ("grant_id") REFERENCES "public"."grants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grant_payments" ADD CONSTRAINT "grant_payments_grant_id_grants_id_fk" FOREIGN KEY ("grant_id") REFERENCES "public"."grants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grant_payments" ADD CONSTRAINT "grant_payments_budget_id_budgets_id_fk" FOREIGN KEY ("budget_id") REFERENCES "public"."budgets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "budgets_council_year_kind_key" ON "budgets" USING btree ("council_id","year","kind");--> statement-breakpoint
CREATE INDEX "decision_papers_council_idx" ON "decision_papers" USING btree ("council_id");--> statement-breakpoint
CREATE INDEX "grant_allocations_budget_idx" ON "grant_allocations" USING btree ("budget_id");--> statement-breakpoint
CREATE INDEX "grant_other_funding_grant_idx" ON "grant_other_funding" USING btree ("grant_id");--> statement-breakpoint
CREATE INDEX "grant_payments_grant_idx" ON "grant_payments" USING btree ("grant_id");--> statement-breakpoint
CREATE INDEX "grant_payments_budget_idx" ON "grant_payments" USING btree ("budget_id");--> statement-breakpoint
ALTER TABLE "agenda_items" ADD CONSTRAINT "agenda_items_grant_id_grants_id_fk" FOREIGN KEY ("grant_id") REFERENCES "public"."grants"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grants" ADD CONSTRAINT "grants_decision_paper_id_decision_papers_id_fk" FOREIGN KEY ("decision_paper_id") REFERENCES "public"."decision_papers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "grants_resume_token_key" ON "grants" USING btree ("resume_token_hash");--> statement-breakpoint
ALTER TABLE "grants" ADD CONSTRAINT "grants_costs_nonnegative" CHECK (coalesce("grants"."total_cost_cents", 0) >= 0 and coalesce("grants"."actual_cost_cents", 0) >= 0);