import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { closedStates } from '../../machines/states';
import type { Database } from '../../src/db/client';
import { compile, run } from '../../src/store/exec';
import { freshDatabase } from '../support/db';

// The one-open-application index names the closed states in SQL; they must be the machine's.

let database: Database;
beforeAll(async () => {
  database = await freshDatabase();
});
afterAll(async () => {
  await database?.close();
});

it("the partial unique index of the migrated database excludes exactly the machine's closed states", async () => {
  const [index] = await run<{ indexdef: string }>(
    database.db,
    compile(sql`
    select indexdef from pg_indexes where indexname = 'applications_one_open_per_plan_idx'`),
  );
  const excluded = [...index!.indexdef.matchAll(/'([a-zA-Z.]+)'/g)].map((m) => m[1]);
  expect(excluded.sort()).toEqual([...closedStates].sort());
});

it('the closed states are those SPEC §3 names', () => {
  expect([...closedStates].sort()).toEqual(['abandoned', 'falsified', 'rejected', 'revoked', 'withdrawn']);
});
