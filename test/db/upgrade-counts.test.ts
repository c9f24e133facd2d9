import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client';
import { compile, run } from '../../src/store/exec';
import { olderRelease } from './support/older-release';

// Issue 11 on a database that already holds applications: the counts start from them
// (migration 0007) and the name column is filled from their snapshots.
it('counts the applications already stored and reads their names, when upgrading from before the units registry', async () => {
  const { old, dataDir } = await olderRelease((entries) => entries.filter((e) => e.tag < '0003'));
  const plan = '01900000-0000-7000-8000-000000000001';
  await old.query(`insert into plans (id, year, level, specialty, opens_at, closes_at, fee, scoring_items, intermediate_routes)
    values ('${plan}', 2021, 'junior', '建设工程', '2021-07-30', '2021-09-30', 100, '[]', '[]')`);
  const rows: [string, string, string][] = [
    ['U-A', 'draft', '张伟'],
    ['U-A', 'draft', '李娜'],
    ['U-A', 'submitted', '王芳'],
    ['U-B', 'submitted', '刘洋'],
  ];
  for (const [i, [unit, state, name]] of rows.entries()) {
    await old.query(`insert into applications (id, plan_id, id_number, unit_id, state, snapshot, version)
      values ('01900000-0000-7000-8000-00000000010${i}', '${plan}', '33028219900512${String(i).padStart(4, '0')}', '${unit}', '${state}',
        '{"value": "${state}", "context": {"facts": {"name": "${name}"}}}', 0)`);
  }
  await old.close();

  const upgraded = await openDatabase({ dataDir });
  const counts = await run<{ unit: string | null; state: string; count: number }>(
    upgraded.db,
    compile(sql`select unit_id as unit, state, count from state_counts order by unit_id nulls first, state`),
  );
  expect(counts).toEqual([
    { unit: null, state: 'draft', count: 2 },
    { unit: null, state: 'submitted', count: 2 },
    { unit: 'U-A', state: 'draft', count: 2 },
    { unit: 'U-A', state: 'submitted', count: 1 },
    { unit: 'U-B', state: 'submitted', count: 1 },
  ]);
  const names = await run<{ name: string }>(upgraded.db, compile(sql`select name from applications order by id`));
  expect(names.map((n) => n.name)).toEqual(['张伟', '李娜', '王芳', '刘洋']);
  await upgraded.close();
});
