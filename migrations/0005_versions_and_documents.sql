CREATE TABLE "blob_chunks" (
	"chunk_set" uuid NOT NULL,
	"seq" integer NOT NULL,
	"data" "bytea" NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "blob_chunks_chunk_set_seq_pk" PRIMARY KEY("chunk_set","seq")
);
--> statement-breakpoint
CREATE TABLE "blobs" (
	"sha256" text PRIMARY KEY NOT NULL,
	"size" integer NOT NULL,
	"mime_type" text NOT NULL,
	"chunk_set" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "blobs_chunk_set_unique" UNIQUE("chunk_set")
);
--> statement-breakpoint
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
ALTER TABLE "certificates" ADD COLUMN "verification_code" text DEFAULT upper(encode(substr(uuid_send(gen_random_uuid()), 11, 6), 'hex')) NOT NULL;--> statement-breakpoint
ALTER TABLE "plans" ADD COLUMN "definition_version" integer;--> statement-breakpoint
CREATE UNIQUE INDEX "certificates_verification_code_idx" ON "certificates" USING btree ("verification_code");