CREATE TABLE "definition_migrations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"from_version" integer NOT NULL,
	"to_version" integer NOT NULL,
	"plan_id" uuid,
	"states" jsonb,
	"reason" text NOT NULL,
	"requested_by" text NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	"moved" integer DEFAULT 0 NOT NULL,
	"blocked" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "applications" ADD COLUMN "definition_version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "plans" ADD COLUMN "definition_version" integer;