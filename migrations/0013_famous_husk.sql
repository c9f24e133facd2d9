ALTER TABLE "plans" ADD COLUMN "fee_deadline_days" integer DEFAULT 10 NOT NULL;--> statement-breakpoint
ALTER TABLE "plans" ADD COLUMN "paper_deadline_days" integer DEFAULT 15 NOT NULL;