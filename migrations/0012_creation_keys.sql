CREATE TABLE "creation_keys" (
	"actor" text NOT NULL,
	"key" text NOT NULL,
	"request_hash" text NOT NULL,
	"response" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "creation_keys_actor_key_pk" PRIMARY KEY("actor","key")
);
