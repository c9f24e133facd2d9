// A transition's database work, as pgbench runs it beside the service and as PGlite's floor runs
// it alone: lock the row, update the snapshot, append the event. `id` is the SQL that names the
// application (a pgbench subquery, or a parameter).
export const transitionStatements = (id: string) => [
  `SELECT snapshot, version FROM applications WHERE id = ${id} FOR UPDATE`,
  `UPDATE applications SET snapshot = jsonb_set(snapshot, '{context,remark}', '"x"'), version = version + 1, updated_at = now() WHERE id = ${id}`,
  `INSERT INTO application_events (application_id, seq, type, from_state, to_state, actor, at, payload)
  SELECT id, version, 'UPDATE_DRAFT', 'draft', 'draft', '{}', now(), '{}' FROM applications WHERE id = ${id}`,
];
