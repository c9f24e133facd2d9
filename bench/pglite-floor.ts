// PGlite's own floor, for bench:embedded: a bare PGlite started as the service starts it, on
// the bench's data directory, with no service around it, running `count` transactions of the
// transition's database work (pgbench's script: lock the row, update the snapshot, append the
// event). Prints its RSS when open and after them, as JSON.
//
//   node --import tsx bench/pglite-floor.ts <dataDir> <count>
import { PGlite } from '@electric-sql/pglite';
import { pgliteStartParams } from '../src/db/pglite-start';

const [dataDir, count] = process.argv.slice(2);
const rssMiB = () => process.memoryUsage().rss / 1048576;
const pg = await PGlite.create(dataDir!, { startParams: pgliteStartParams });
const atOpen = rssMiB();
const { rows } = await pg.query<{ id: string }>('select id from applications order by id');
for (let i = 0; i < Number(count); i++) {
  const id = rows[i % rows.length]!.id;
  await pg.transaction(async (tx) => {
    await tx.query('select snapshot, version from applications where id = $1 for update', [id]);
    await tx.query(
      `update applications set snapshot = jsonb_set(snapshot, '{context,remark}', '"x"'), version = version + 1, updated_at = now() where id = $1`,
      [id],
    );
    await tx.query(
      `insert into application_events (application_id, seq, type, from_state, to_state, actor, at, payload)
       select id, version, 'UPDATE_DRAFT', 'draft', 'draft', '{}', now(), '{}' from applications where id = $1`,
      [id],
    );
  });
}
const after = rssMiB();
await pg.close();
console.log(JSON.stringify({ atOpen, after }));
