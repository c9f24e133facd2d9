import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { afterAll, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client';
import { compile, run } from '../../src/store/exec';

const root = resolve(import.meta.dirname, '../..');
const work = mkdtempSync(join(tmpdir(), 'upgrade-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

// An embedded database made by the first release keeps its data when a newer one starts on it.
it('upgrades a database created with only the first migration, keeping its rows', async () => {
  const firstRelease = join(work, 'migrations');
  cpSync(join(root, 'migrations'), firstRelease, { recursive: true });
  const journalFile = join(firstRelease, 'meta/_journal.json');
  const journal = JSON.parse(readFileSync(journalFile, 'utf8'));
  writeFileSync(journalFile, JSON.stringify({ ...journal, entries: journal.entries.slice(0, 1) }));

  const dataDir = join(work, 'data');
  const old = await PGlite.create(dataDir);
  await migrate(drizzle(old), { migrationsFolder: firstRelease });
  await old.query(`insert into plans (year, level, specialty, opens_at, closes_at, fee, scoring_items, intermediate_routes)
    values (2021, 'junior', '建设工程', '2021-07-30', '2021-09-30', 100, '[]', '[]')`);
  await old.close();

  const upgraded = await openDatabase({ dataDir });
  const plans = await run<{ year: number; created_by: string }>(upgraded.db, compile(sql`select year, created_by from plans`));
  expect(plans).toEqual([{ year: 2021, created_by: 'unrecorded' }]);
  await upgraded.close();
});
