// The stack's own floor for bench:transition, started by it as a process of its own: Fastify and
// postgres.js (a pool of 4, as the service's) answering the same POST with one read and one
// write of the row and its event, and the context in the answer; no token, no validation, no
// machine, no rules, no grouping. What a transition costs the service above this is the
// service's own work. Prints its base URL once it listens.
//
//   node --import tsx bench/stack-floor.ts <database url>
import Fastify from 'fastify';
import postgres from 'postgres';

const sql = postgres(process.argv[2]!, { max: 4 });
const app = Fastify();
app.post<{ Params: { id: string }; Body: { facts: Record<string, unknown> } }>('/v1/applications/:id/events', async (req) => {
  const [row] = await sql`select snapshot, version from applications where id = ${req.params.id}`;
  const snapshot = row!.snapshot as { context: { facts: Record<string, unknown> } };
  snapshot.context.facts = { ...snapshot.context.facts, ...req.body.facts };
  await sql`with u as (update applications set snapshot = ${JSON.stringify(snapshot)}::jsonb, version = version + 1, updated_at = now()
      where id = ${req.params.id} and version = ${row!.version} returning id, version)
    insert into application_events (application_id, seq, type, from_state, to_state, actor, at, payload)
    select id, version, 'UPDATE_DRAFT', 'draft', 'draft', '{}', now(), '{}' from u`;
  return { id: req.params.id, version: row!.version + 1, context: snapshot.context };
});
await app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`http://127.0.0.1:${(app.server.address() as { port: number }).port}\n`);
process.on('SIGTERM', () => void app.close().then(() => sql.end()));
