CREATE TABLE "admin_actions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"action" text NOT NULL,
	"target" text NOT NULL,
	"actor" text NOT NULL,
	"reason" text,
	"details" jsonb NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "state_counts" (
	"plan_id" uuid NOT NULL,
	"unit_id" text,
	"state" text NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "state_counts_key" UNIQUE NULLS NOT DISTINCT("unit_id","plan_id","state")
);
--> statement-breakpoint
CREATE TABLE "units" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"in_cixi" boolean NOT NULL,
	"unit_type" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "applications" ADD COLUMN "name" text GENERATED ALWAYS AS (snapshot #>> '{context,facts,name}') STORED;--> statement-breakpoint
ALTER TABLE "applications" ADD COLUMN "publicity_ends_at" text GENERATED ALWAYS AS (snapshot #>> '{context,publicity,endsAt}') STORED;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "dismissed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "state_counts" ADD CONSTRAINT "state_counts_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "admin_actions_target_idx" ON "admin_actions" USING btree ("target","id");--> statement-breakpoint
CREATE INDEX "applications_updated_idx" ON "applications" USING btree ("updated_at","id");--> statement-breakpoint
CREATE INDEX "applications_name_chars_idx" ON "applications" USING gin (string_to_array(lower("name"), null));--> statement-breakpoint
CREATE INDEX "applications_id_number_suffix_idx" ON "applications" USING btree (reverse("id_number") collate "C","id");--> statement-breakpoint
CREATE INDEX "applications_publicity_idx" ON "applications" USING btree ("publicity_ends_at","id") WHERE state in ('qualificationPublicity', 'resultPublicity');