CREATE TABLE "supplement_uploads" (
	"application_id" uuid NOT NULL,
	"sha256" text NOT NULL,
	"uploaded_at" timestamp with time zone NOT NULL,
	CONSTRAINT "supplement_uploads_application_id_sha256_pk" PRIMARY KEY("application_id","sha256")
);
--> statement-breakpoint
ALTER TABLE "supplement_uploads" ADD CONSTRAINT "supplement_uploads_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supplement_uploads" ADD CONSTRAINT "supplement_uploads_sha256_blobs_sha256_fk" FOREIGN KEY ("sha256") REFERENCES "public"."blobs"("sha256") ON DELETE no action ON UPDATE no action;