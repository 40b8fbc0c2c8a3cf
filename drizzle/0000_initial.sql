CREATE TYPE "public"."day_counting" AS ENUM('calendar_days', 'working_days');--> statement-breakpoint
CREATE TYPE "public"."district_tie" AS ENUM('lives', 'works', 'club');--> statement-breakpoint
CREATE TYPE "public"."membership_mode" AS ENUM('appointed', 'elected', 'mixed');--> statement-breakpoint
CREATE TYPE "public"."quorum_rule" AS ENUM('majority_of_voting_members', 'majority_of_all_members', 'fixed_number');--> statement-breakpoint
CREATE TYPE "public"."tie_rule" AS ENUM('rejected', 'chair_decides');--> statement-breakpoint
CREATE TYPE "public"."vote_effect" AS ENUM('recommendation', 'decision');--> statement-breakpoint
CREATE TYPE "public"."chair_role" AS ENUM('chair', 'deputy_chair');--> statement-breakpoint
CREATE TYPE "public"."membership_role" AS ENUM('member', 'advisory_member');--> statement-breakpoint
CREATE TYPE "public"."agenda_result" AS ENUM('adopted', 'rejected', 'noted', 'deferred', 'withdrawn');--> statement-breakpoint
CREATE TYPE "public"."meeting_state" AS ENUM('planned', 'invited', 'held', 'minutes_approved');--> statement-breakpoint
CREATE TYPE "public"."grant_status" AS ENUM('draft', 'submitted', 'complete', 'on_agenda', 'recommended', 'not_recommended', 'approved', 'rejected', 'notified', 'paid', 'proof_due', 'proof_received', 'closed', 'withdrawn');--> statement-breakpoint
CREATE TYPE "public"."recipient_kind" AS ENUM('association', 'initiative', 'person', 'council');--> statement-breakpoint
CREATE TYPE "public"."document_kind" AS ENUM('invitation', 'supplement', 'minutes', 'attachment', 'grant_application', 'decision_paper', 'other');--> statement-breakpoint
CREATE TYPE "public"."role" AS ENUM('admin', 'office', 'chair', 'member');--> statement-breakpoint
CREATE TYPE "public"."token_purpose" AS ENUM('password_reset', 'welcome');--> statement-breakpoint
CREATE TYPE "public"."outbox_status" AS ENUM('pending', 'sending', 'sent', 'failed');--> statement-breakpoint
CREATE TYPE "public"."application_status" AS ENUM('received', 'asked_back', 'rejected', 'appointed');--> statement-breakpoint
CREATE TABLE "bodies" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "bodies_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	"short_name" text NOT NULL,
	"website" text,
	"municipality_key" text,
	"publisher_name" jsonb NOT NULL,
	"publisher_address" text NOT NULL,
	"publisher_email" text NOT NULL,
	"publisher_phone" text,
	"publisher_representative" jsonb NOT NULL,
	"privacy_contact" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "districts" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "districts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"body_id" integer NOT NULL,
	"number" integer NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "councils" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "councils_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"body_id" integer NOT NULL,
	"district_id" integer,
	"slug" text NOT NULL,
	"name" jsonb NOT NULL,
	"short_name" jsonb NOT NULL,
	"purpose" jsonb NOT NULL,
	"legal_basis" jsonb NOT NULL,
	"tasks" jsonb NOT NULL,
	"history" jsonb,
	"joining_note" jsonb,
	"draft_texts" jsonb,
	"founded_on" date,
	"dissolved_on" date,
	"contact_name" jsonb NOT NULL,
	"contact_email" text NOT NULL,
	"contact_phone" text,
	"contact_address" text,
	"contact_is_example" boolean DEFAULT false NOT NULL,
	"membership_mode" "membership_mode" DEFAULT 'appointed' NOT NULL,
	"term_limit_years" integer,
	"deputies_allowed" boolean DEFAULT false NOT NULL,
	"invitation_period_days" integer DEFAULT 7 NOT NULL,
	"invitation_day_counting" "day_counting" DEFAULT 'calendar_days' NOT NULL,
	"agenda_proposal_days" integer,
	"quorum_rule" "quorum_rule" DEFAULT 'majority_of_voting_members' NOT NULL,
	"quorum_fixed_number" integer,
	"tie_rule" "tie_rule" DEFAULT 'rejected' NOT NULL,
	"vote_effect" "vote_effect" DEFAULT 'recommendation' NOT NULL,
	"min_migration_share_percent" integer DEFAULT 50 NOT NULL,
	"eligibility_min_age" integer,
	"eligibility_ties" "district_tie"[] DEFAULT '{}' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "councils_slug_format" CHECK ("councils"."slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
	CONSTRAINT "councils_quorum_fixed" CHECK ("councils"."quorum_rule" <> 'fixed_number' or "councils"."quorum_fixed_number" > 0),
	CONSTRAINT "councils_share_range" CHECK ("councils"."min_migration_share_percent" between 0 and 100)
);
--> statement-breakpoint
CREATE TABLE "seat_categories" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "seat_categories_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"council_id" integer NOT NULL,
	"key" text NOT NULL,
	"name" jsonb NOT NULL,
	"description" jsonb,
	"quota" integer NOT NULL,
	"for_migration_background" boolean DEFAULT false NOT NULL,
	"voting_right" boolean DEFAULT true NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "seat_categories_quota_positive" CHECK ("seat_categories"."quota" >= 0)
);
--> statement-breakpoint
CREATE TABLE "chair_terms" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "chair_terms_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"council_id" integer NOT NULL,
	"person_id" integer NOT NULL,
	"role" "chair_role" NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date,
	"capacity" jsonb,
	"elected_on" date,
	"public_consent" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "chair_terms_dates" CHECK ("chair_terms"."end_date" is null or "chair_terms"."end_date" >= "chair_terms"."start_date")
);
--> statement-breakpoint
CREATE TABLE "memberships" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "memberships_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"council_id" integer NOT NULL,
	"person_id" integer NOT NULL,
	"seat_category_id" integer NOT NULL,
	"role" "membership_role" DEFAULT 'member' NOT NULL,
	"voting_right" boolean DEFAULT true NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date,
	"end_reason" text,
	"public_consent" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "memberships_dates" CHECK ("memberships"."end_date" is null or "memberships"."end_date" >= "memberships"."start_date")
);
--> statement-breakpoint
CREATE TABLE "people" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "people_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"body_id" integer NOT NULL,
	"form_of_address" text,
	"given_name" text NOT NULL,
	"family_name" text NOT NULL,
	"email" text,
	"phone" text,
	"is_example" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "agenda_items" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "agenda_items_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"meeting_id" integer NOT NULL,
	"number" text NOT NULL,
	"position" integer NOT NULL,
	"title" jsonb NOT NULL,
	"text" jsonb,
	"is_public" boolean DEFAULT true NOT NULL,
	"result" "agenda_result",
	"votes_yes" integer,
	"votes_no" integer,
	"votes_abstain" integer,
	"unanimous" boolean DEFAULT false NOT NULL,
	"result_note" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "agenda_items_number_format" CHECK ("agenda_items"."number" ~ '^[0-9]+(\.[0-9]+)*$'),
	CONSTRAINT "agenda_items_votes_nonnegative" CHECK (coalesce("agenda_items"."votes_yes", 0) >= 0 and coalesce("agenda_items"."votes_no", 0) >= 0 and coalesce("agenda_items"."votes_abstain", 0) >= 0)
);
--> statement-breakpoint
CREATE TABLE "locations" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "locations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"body_id" integer NOT NULL,
	"name" text NOT NULL,
	"room" text,
	"street_address" text NOT NULL,
	"postal_code" text NOT NULL,
	"locality" text NOT NULL,
	"accessibility" jsonb,
	"is_example" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "meetings" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "meetings_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"council_id" integer NOT NULL,
	"location_id" integer,
	"title" jsonb,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone,
	"state" "meeting_state" DEFAULT 'planned' NOT NULL,
	"cancelled" boolean DEFAULT false NOT NULL,
	"cancellation_note" jsonb,
	"is_example" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "meetings_times" CHECK ("meetings"."ends_at" is null or "meetings"."ends_at" > "meetings"."starts_at")
);
--> statement-breakpoint
CREATE TABLE "grants" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "grants_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"council_id" integer NOT NULL,
	"year" integer NOT NULL,
	"number" integer NOT NULL,
	"recipient_name" text NOT NULL,
	"recipient_kind" "recipient_kind" DEFAULT 'association' NOT NULL,
	"title" jsonb NOT NULL,
	"summary" jsonb,
	"outcome" jsonb,
	"period_start" date,
	"period_end" date,
	"amount_requested_cents" integer,
	"amount_recommended_cents" integer,
	"amount_approved_cents" integer,
	"amount_paid_cents" integer,
	"status" "grant_status" DEFAULT 'draft' NOT NULL,
	"decision_paper_number" text,
	"decided_on" date,
	"is_example" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "grants_number_range" CHECK ("grants"."number" between 1 and 999),
	CONSTRAINT "grants_amounts_nonnegative" CHECK (coalesce("grants"."amount_requested_cents", 0) >= 0 and coalesce("grants"."amount_recommended_cents", 0) >= 0 and coalesce("grants"."amount_approved_cents", 0) >= 0 and coalesce("grants"."amount_paid_cents", 0) >= 0)
);
--> statement-breakpoint
CREATE TABLE "documents" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "documents_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"council_id" integer NOT NULL,
	"meeting_id" integer,
	"agenda_item_id" integer,
	"grant_id" integer,
	"kind" "document_kind" DEFAULT 'attachment' NOT NULL,
	"title" jsonb NOT NULL,
	"file_name" text NOT NULL,
	"mime_type" text NOT NULL,
	"size_bytes" bigint NOT NULL,
	"sha512" text NOT NULL,
	"storage_key" text NOT NULL,
	"is_public" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "documents_sha512_format" CHECK ("documents"."sha512" ~ '^[0-9a-f]{128}$'),
	CONSTRAINT "documents_size_nonnegative" CHECK ("documents"."size_bytes" >= 0)
);
--> statement-breakpoint
CREATE TABLE "one_time_tokens" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"purpose" "token_purpose" NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "role_assignments" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "role_assignments_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"user_id" integer NOT NULL,
	"role" "role" NOT NULL,
	"council_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"complete" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "settings" (
	"key" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "users_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"email" text NOT NULL,
	"display_name" text NOT NULL,
	"password_hash" text,
	"totp_secret" text,
	"totp_enabled_at" timestamp with time zone,
	"failed_sign_ins" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"last_sign_in_at" timestamp with time zone,
	"disabled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_events" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_user_id" integer,
	"actor_label" text NOT NULL,
	"council_id" integer,
	"person_id" integer,
	"entity_type" text NOT NULL,
	"entity_id" text NOT NULL,
	"action" text NOT NULL,
	"before" jsonb,
	"after" jsonb
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "outbox_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"key" text NOT NULL,
	"to" text NOT NULL,
	"subject" text NOT NULL,
	"text" text NOT NULL,
	"attachments" jsonb,
	"status" "outbox_status" DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"lease_until" timestamp with time zone,
	"sent_at" timestamp with time zone,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "membership_applications" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "membership_applications_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"council_id" integer NOT NULL,
	"name" text NOT NULL,
	"email" text NOT NULL,
	"phone" text,
	"ties" "district_tie"[] NOT NULL,
	"age" integer NOT NULL,
	"languages" text,
	"motivation" text NOT NULL,
	"consent_at" timestamp with time zone NOT NULL,
	"status" "application_status" DEFAULT 'received' NOT NULL,
	"office_message" text,
	"decided_at" timestamp with time zone,
	"membership_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "districts" ADD CONSTRAINT "districts_body_id_bodies_id_fk" FOREIGN KEY ("body_id") REFERENCES "public"."bodies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "councils" ADD CONSTRAINT "councils_body_id_bodies_id_fk" FOREIGN KEY ("body_id") REFERENCES "public"."bodies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "councils" ADD CONSTRAINT "councils_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "seat_categories" ADD CONSTRAINT "seat_categories_council_id_councils_id_fk" FOREIGN KEY ("council_id") REFERENCES "public"."councils"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chair_terms" ADD CONSTRAINT "chair_terms_council_id_councils_id_fk" FOREIGN KEY ("council_id") REFERENCES "public"."councils"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chair_terms" ADD CONSTRAINT "chair_terms_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_council_id_councils_id_fk" FOREIGN KEY ("council_id") REFERENCES "public"."councils"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_seat_category_id_seat_categories_id_fk" FOREIGN KEY ("seat_category_id") REFERENCES "public"."seat_categories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "people" ADD CONSTRAINT "people_body_id_bodies_id_fk" FOREIGN KEY ("body_id") REFERENCES "public"."bodies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agenda_items" ADD CONSTRAINT "agenda_items_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "locations" ADD CONSTRAINT "locations_body_id_bodies_id_fk" FOREIGN KEY ("body_id") REFERENCES "public"."bodies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_council_id_councils_id_fk" FOREIGN KEY ("council_id") REFERENCES "public"."councils"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_location_id_locations_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."locations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grants" ADD CONSTRAINT "grants_council_id_councils_id_fk" FOREIGN KEY ("council_id") REFERENCES "public"."councils"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_council_id_councils_id_fk" FOREIGN KEY ("council_id") REFERENCES "public"."councils"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_agenda_item_id_agenda_items_id_fk" FOREIGN KEY ("agenda_item_id") REFERENCES "public"."agenda_items"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_grant_id_grants_id_fk" FOREIGN KEY ("grant_id") REFERENCES "public"."grants"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "one_time_tokens" ADD CONSTRAINT "one_time_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "role_assignments" ADD CONSTRAINT "role_assignments_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "role_assignments" ADD CONSTRAINT "role_assignments_council_id_councils_id_fk" FOREIGN KEY ("council_id") REFERENCES "public"."councils"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "membership_applications" ADD CONSTRAINT "membership_applications_council_id_councils_id_fk" FOREIGN KEY ("council_id") REFERENCES "public"."councils"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "membership_applications" ADD CONSTRAINT "membership_applications_membership_id_memberships_id_fk" FOREIGN KEY ("membership_id") REFERENCES "public"."memberships"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "districts_body_number_key" ON "districts" USING btree ("body_id","number");--> statement-breakpoint
CREATE INDEX "districts_body_idx" ON "districts" USING btree ("body_id");--> statement-breakpoint
CREATE UNIQUE INDEX "councils_slug_key" ON "councils" USING btree ("slug");--> statement-breakpoint
CREATE INDEX "councils_body_idx" ON "councils" USING btree ("body_id");--> statement-breakpoint
CREATE UNIQUE INDEX "seat_categories_council_key" ON "seat_categories" USING btree ("council_id","key");--> statement-breakpoint
CREATE INDEX "chair_terms_council_idx" ON "chair_terms" USING btree ("council_id","start_date");--> statement-breakpoint
CREATE INDEX "memberships_council_idx" ON "memberships" USING btree ("council_id","start_date");--> statement-breakpoint
CREATE INDEX "memberships_person_idx" ON "memberships" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "people_body_idx" ON "people" USING btree ("body_id");--> statement-breakpoint
CREATE UNIQUE INDEX "agenda_items_meeting_position_key" ON "agenda_items" USING btree ("meeting_id","position");--> statement-breakpoint
CREATE INDEX "locations_body_idx" ON "locations" USING btree ("body_id");--> statement-breakpoint
CREATE INDEX "meetings_council_starts_idx" ON "meetings" USING btree ("council_id","starts_at");--> statement-breakpoint
CREATE INDEX "meetings_starts_idx" ON "meetings" USING btree ("starts_at");--> statement-breakpoint
CREATE UNIQUE INDEX "grants_council_year_number_key" ON "grants" USING btree ("council_id","year","number");--> statement-breakpoint
CREATE INDEX "grants_council_status_idx" ON "grants" USING btree ("council_id","status","year");--> statement-breakpoint
CREATE INDEX "documents_meeting_idx" ON "documents" USING btree ("meeting_id");--> statement-breakpoint
CREATE INDEX "documents_agenda_item_idx" ON "documents" USING btree ("agenda_item_id");--> statement-breakpoint
CREATE INDEX "documents_grant_idx" ON "documents" USING btree ("grant_id");--> statement-breakpoint
CREATE INDEX "documents_council_idx" ON "documents" USING btree ("council_id");--> statement-breakpoint
CREATE INDEX "one_time_tokens_user_idx" ON "one_time_tokens" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "role_assignments_user_idx" ON "role_assignments" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "role_assignments_unique" ON "role_assignments" USING btree ("user_id","role",coalesce("council_id", 0));--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "sessions_expires_idx" ON "sessions" USING btree ("expires_at");--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_key" ON "users" USING btree ("email");--> statement-breakpoint
CREATE INDEX "audit_events_council_at_idx" ON "audit_events" USING btree ("council_id","at");--> statement-breakpoint
CREATE INDEX "audit_events_person_idx" ON "audit_events" USING btree ("person_id","at");--> statement-breakpoint
CREATE INDEX "audit_events_at_idx" ON "audit_events" USING btree ("at");--> statement-breakpoint
CREATE UNIQUE INDEX "outbox_key_key" ON "outbox" USING btree ("key");--> statement-breakpoint
CREATE INDEX "outbox_due_idx" ON "outbox" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE INDEX "membership_applications_council_idx" ON "membership_applications" USING btree ("council_id","status","created_at");