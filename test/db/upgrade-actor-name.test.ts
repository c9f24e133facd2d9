import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client';
import { compile, run } from '../../src/store/exec';
import { olderRelease } from './support/older-release';

// Migration 0019: a supplement the HR department asked for, stored before the actor had one
// name, reads as asked for by 'hr'; one the unit asked for, and everything else, is untouched.
it("renames the stored 'bureau' that asked for a supplement to 'hr', and nothing else", async () => {
  const { old, dataDir } = await olderRelease((entries) => entries.filter((e) => e.tag < '0019'));
  const plan = '01900000-0000-7000-8000-000000000001';
  await old.query(`insert into plans (id, year, level, specialty, opens_at, closes_at, fee, scoring_items, intermediate_routes, created_at)
    values ('${plan}', 2021, 'junior', '建设工程', '2021-07-30', '2021-09-30', 100, '[]', '[]', now())`);
  const supplement = (by: string) => ({ requestedBy: by, items: ['学历证书'], requestedAt: '2021-08-02T01:00:00.000Z' });
  const snapshots = [
    { value: 'supplementRequested', context: { facts: { name: '张伟' }, supplement: supplement('bureau') } },
    { value: 'supplementRequested', context: { facts: { name: '李娜' }, supplement: supplement('unit') } },
    { value: 'draft', context: { facts: { name: '王芳' }, note: 'bureau' } },
  ];
  for (const [i, snapshot] of snapshots.entries()) {
    await old.query(
      `insert into applications (id, plan_id, id_number, unit_id, state, snapshot, version, created_at, updated_at)
      values ('01900000-0000-7000-8000-00000000010${i}', '${plan}', '33028219900512${String(i).padStart(4, '0')}', 'U-A', '${snapshot.value}', $1, 0, now(), now())`,
      [JSON.stringify(snapshot)],
    );
  }
  await old.close();

  const upgraded = await openDatabase({ dataDir });
  const rows = await run<{ snapshot: unknown }>(upgraded.db, compile(sql`select snapshot from applications order by id`));
  expect(rows.map((r) => r.snapshot)).toEqual([
    { ...snapshots[0], context: { ...snapshots[0]!.context, supplement: supplement('hr') } },
    snapshots[1],
    snapshots[2],
  ]);
  await upgraded.close();
});
