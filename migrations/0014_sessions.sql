CREATE TABLE "sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"sub" text NOT NULL,
	"role" text NOT NULL,
	"unit_id" text,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "sessions_sub_idx" ON "sessions" USING btree ("sub","role");