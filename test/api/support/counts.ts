import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { compile, run } from '../../../src/store/exec';
import type { TestApp } from '../../support/app';

type Count = { plan: string; unit: string | null; state: string; n: number };

/** The counts kept by the write statements equal a GROUP BY over the applications, at both grains. */
export async function expectCountsMatch(t: TestApp): Promise<void> {
  const kept = await run<Count>(
    t.database.db,
    compile(sql`select plan_id::text as plan, unit_id as unit, state, count as n from state_counts where count <> 0`),
  );
  const counted = await run<Count>(
    t.database.db,
    compile(sql`select plan_id::text as plan, unit_id as unit, state, count(*)::int as n from applications group by 1, 2, 3
      union all select plan_id::text, null, state, count(*)::int from applications group by 1, 3`),
  );
  const key = (c: Count) => `${c.plan}|${c.unit}|${c.state}`;
  const sorted = (rows: Count[]) => rows.map((c) => ({ ...c, n: Number(c.n) })).sort((a, b) => key(a).localeCompare(key(b)));
  expect(sorted(kept)).toEqual(sorted(counted));
}
