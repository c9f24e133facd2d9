CREATE TABLE "manual_clock" (
	"id" boolean PRIMARY KEY DEFAULT true NOT NULL,
	"now" timestamp with time zone NOT NULL,
	"revision" integer NOT NULL,
	"set_by" text NOT NULL,
	CONSTRAINT "manual_clock_one_row" CHECK ("manual_clock"."id")
);
