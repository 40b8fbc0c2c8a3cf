CREATE TYPE "public"."agenda_item_kind" AS ENUM('regular', 'opening', 'agenda_approval', 'minutes_approval');--> statement-breakpoint
CREATE TYPE "public"."attendance_status" AS ENUM('present', 'excused', 'absent');--> statement-breakpoint
CREATE TABLE "agenda_item_exclusions" (
	"agenda_item_id" integer NOT NULL,
	"membership_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "agenda_item_exclusions_agenda_item_id_membership_id_pk" PRIMARY KEY("agenda_item_id","membership_id")
);
--> statement-breakpoint
CREATE TABLE "meeting_attendance" (
	"meeting_id" integer NOT NULL,
	"membership_id" integer NOT NULL,
	"status" "attendance_status" NOT NULL,
	"arrived_at_item_id" integer,
	"left_at_item_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "meeting_attendance_meeting_id_membership_id_pk" PRIMARY KEY("meeting_id","membership_id")
);
--> statement-breakpoint
CREATE TABLE "meeting_subscriptions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "meeting_subscriptions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"council_id" integer,
	"email" text NOT NULL,
	"locale" text DEFAULT 'de' NOT NULL,
	"confirm_token_hash" text,
	"confirmed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "agenda_items" ADD COLUMN "kind" "agenda_item_kind" DEFAULT 'regular' NOT NULL;--> statement-breakpoint
ALTER TABLE "agenda_items" ADD COLUMN "level" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "agenda_items" ADD COLUMN "minutes_of_meeting_id" integer;--> statement-breakpoint
ALTER TABLE "agenda_items" ADD COLUMN "supplement" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "agenda_items" ADD COLUMN "notes" text;--> statement-breakpoint
ALTER TABLE "agenda_items" ADD COLUMN "chair_casting_vote" boolean;--> statement-breakpoint
ALTER TABLE "meetings" ADD COLUMN "invited_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "meetings" ADD COLUMN "urgency_reason" text;--> statement-breakpoint
ALTER TABLE "meetings" ADD COLUMN "supplements_sent" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "meetings" ADD COLUMN "sequence" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "meetings" ADD COLUMN "minutes_public" text;--> statement-breakpoint
ALTER TABLE "meetings" ADD COLUMN "minutes_non_public" text;--> statement-breakpoint
ALTER TABLE "meetings" ADD COLUMN "minutes_approved_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "meetings" ADD COLUMN "minutes_approved_in_meeting_id" integer;--> statement-breakpoint
ALTER TABLE "agenda_item_exclusions" ADD CONSTRAINT "agenda_item_exclusions_agenda_item_id_agenda_items_id_fk" FOREIGN KEY ("agenda_item_id") REFERENCES "public"."agenda_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agenda_item_exclusions" ADD CONSTRAINT "agenda_item_exclusions_membership_id_memberships_id_fk" FOREIGN KEY ("membership_id") REFERENCES "public"."memberships"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_attendance" ADD CONSTRAINT "meeting_attendance_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_attendance" ADD CONSTRAINT "meeting_attendance_membership_id_memberships_id_fk" FOREIGN KEY ("membership_id") REFERENCES "public"."memberships"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_attendance" ADD CONSTRAINT "meeting_attendance_arrived_at_item_id_agenda_items_id_fk" FOREIGN KEY ("arrived_at_item_id") REFERENCES "public"."agenda_items"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_attendance" ADD CONSTRAINT "meeting_attendance_left_at_item_id_agenda_items_id_fk" FOREIGN KEY ("left_at_item_id") REFERENCES "public"."agenda_items"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_subscriptions" ADD CONSTRAINT "meeting_subscriptions_council_id_councils_id_fk" FOREIGN KEY ("council_id") REFERENCES "public"."councils"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "meeting_subscriptions_council_email_key" ON "meeting_subscriptions" USING btree (coalesce("council_id", 0),lower("email"));--> statement-breakpoint
CREATE INDEX "meeting_subscriptions_council_idx" ON "meeting_subscriptions" USING btree ("council_id");--> statement-breakpoint
ALTER TABLE "agenda_items" ADD CONSTRAINT "agenda_items_minutes_of_meeting_id_meetings_id_fk" FOREIGN KEY ("minutes_of_meeting_id") REFERENCES "public"."meetings"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agenda_items" ADD CONSTRAINT "agenda_items_level" CHECK ("agenda_items"."level" in (0, 1));