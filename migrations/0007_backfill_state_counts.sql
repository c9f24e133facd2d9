-- Custom migration (drizzle-kit generate --custom): state_counts starts from the applications already stored.
INSERT INTO "state_counts" ("plan_id", "unit_id", "state", "count")
SELECT "plan_id", "unit_id", "state", count(*) FROM "applications" GROUP BY "plan_id", "unit_id", "state"
UNION ALL
SELECT "plan_id", NULL, "state", count(*) FROM "applications" GROUP BY "plan_id", "state";
