CREATE TABLE "legislative_terms" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "legislative_terms_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"body_id" integer NOT NULL,
	"name" text NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "legislative_terms_dates" CHECK ("legislative_terms"."end_date" is null or "legislative_terms"."end_date" >= "legislative_terms"."start_date")
);
--> statement-breakpoint
CREATE TABLE "oparl_dirty" (
	"scope" text PRIMARY KEY NOT NULL,
	"marked_at" timestamp with time zone DEFAULT now() NOT NULL,
	"failed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "oparl_imported_objects" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "oparl_imported_objects_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"source_id" integer NOT NULL,
	"body_external_id" text NOT NULL,
	"type" text NOT NULL,
	"external_id" text NOT NULL,
	"data" jsonb NOT NULL,
	"hash" text NOT NULL,
	"deleted" boolean DEFAULT false NOT NULL,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "oparl_objects" (
	"type" text NOT NULL,
	"key" text NOT NULL,
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "oparl_objects_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"body_key" text NOT NULL,
	"scope" text NOT NULL,
	"organizations" text[],
	"created" timestamp with time zone NOT NULL,
	"modified" timestamp with time zone NOT NULL,
	"deleted" boolean DEFAULT false NOT NULL,
	"hash" text NOT NULL,
	"json" text NOT NULL,
	CONSTRAINT "oparl_objects_type_key_pk" PRIMARY KEY("type","key")
);
--> statement-breakpoint
CREATE TABLE "oparl_projection_state" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"base_url" text NOT NULL,
	"renderer_version" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "oparl_sources" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "oparl_sources_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"system_id" text NOT NULL,
	"location" text NOT NULL,
	"oparl_version" text,
	"last_started_at" timestamp with time zone,
	"last_completed_at" timestamp with time zone,
	"last_modified_seen" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "legislative_terms" ADD CONSTRAINT "legislative_terms_body_id_bodies_id_fk" FOREIGN KEY ("body_id") REFERENCES "public"."bodies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "oparl_imported_objects" ADD CONSTRAINT "oparl_imported_objects_source_id_oparl_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."oparl_sources"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "legislative_terms_body_idx" ON "legislative_terms" USING btree ("body_id","start_date");--> statement-breakpoint
CREATE UNIQUE INDEX "oparl_imported_objects_external_key" ON "oparl_imported_objects" USING btree ("source_id","external_id");--> statement-breakpoint
CREATE INDEX "oparl_imported_objects_source_idx" ON "oparl_imported_objects" USING btree ("source_id","type");--> statement-breakpoint
CREATE UNIQUE INDEX "oparl_objects_seq_key" ON "oparl_objects" USING btree ("seq");--> statement-breakpoint
CREATE INDEX "oparl_objects_list_idx" ON "oparl_objects" USING btree ("body_key","type","seq");--> statement-breakpoint
CREATE INDEX "oparl_objects_modified_idx" ON "oparl_objects" USING btree ("body_key","type","modified");--> statement-breakpoint
CREATE INDEX "oparl_objects_scope_idx" ON "oparl_objects" USING btree ("scope");--> statement-breakpoint
CREATE INDEX "oparl_objects_organizations_idx" ON "oparl_objects" USING gin ("organizations");--> statement-breakpoint
CREATE UNIQUE INDEX "oparl_sources_system_key" ON "oparl_sources" USING btree ("system_id");