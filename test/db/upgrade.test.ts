import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client';
import { compile, run } from '../../src/store/exec';
import { olderRelease } from './support/older-release';

// An embedded database made by the first release keeps its data when a newer one starts on it.
it('upgrades a database created with only the first migration, keeping its rows', async () => {
  const { old, dataDir } = await olderRelease((entries) => entries.slice(0, 1));
  await old.query(`insert into plans (year, level, specialty, opens_at, closes_at, fee, scoring_items, intermediate_routes)
    values (2021, 'junior', '建设工程', '2021-07-30', '2021-09-30', 100, '[]', '[]')`);
  await old.close();

  const upgraded = await openDatabase({ dataDir });
  const plans = await run<{ year: number; created_by: string }>(upgraded.db, compile(sql`select year, created_by from plans`));
  expect(plans).toEqual([{ year: 2021, created_by: 'unrecorded' }]);
  await upgraded.close();
});
