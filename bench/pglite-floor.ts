// PGlite's own floor, for bench:embedded: a bare PGlite started as the service starts it, on
// the bench's data directory, with no service around it, running `count` transactions of the
// transition's database work (bench/transition-sql.ts, as pgbench runs it). Prints its RSS when
// open and after them, as JSON.
//
//   node --import tsx bench/pglite-floor.ts <dataDir> <count>
import { PGlite } from '@electric-sql/pglite';
import { pgliteStartParams } from '../src/db/pglite-start';
import { transitionStatements } from './transition-sql';

const [dataDir, count] = process.argv.slice(2);
const rssMiB = () => process.memoryUsage().rss / 1048576;
const pg = await PGlite.create(dataDir!, { startParams: pgliteStartParams });
const atOpen = rssMiB();
const { rows } = await pg.query<{ id: string }>('select id from applications order by id');
for (let i = 0; i < Number(count); i++) {
  const id = rows[i % rows.length]!.id;
  await pg.transaction(async (tx) => {
    for (const statement of transitionStatements('$1')) await tx.query(statement, [id]);
  });
}
const after = rssMiB();
await pg.close();
console.log(JSON.stringify({ atOpen, after }));
