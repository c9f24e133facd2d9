CREATE TABLE "certificate_sequences" (
	"plan_id" uuid PRIMARY KEY NOT NULL,
	"last" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "plans" ADD COLUMN "certificate_series" serial NOT NULL;--> statement-breakpoint
ALTER TABLE "certificate_sequences" ADD CONSTRAINT "certificate_sequences_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE no action ON UPDATE no action;