-- Custom migration: one name per actor. A supplement the HR department (人社部门) asked for was
-- stored as requested by 'bureau'; the machine now names that actor 'hr', as roles and events do.
UPDATE "applications"
SET "snapshot" = jsonb_set("snapshot", '{context,supplement,requestedBy}', '"hr"')
WHERE "snapshot" #>> '{context,supplement,requestedBy}' = 'bureau';
