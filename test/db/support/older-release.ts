import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { onTestFinished } from 'vitest';

const root = resolve(import.meta.dirname, '../../..');

/**
 * An embedded database as an older release left it: a data directory migrated only by the
 * migrations `released` keeps (by their journal entries, in order), open for the test to put
 * rows in. Close it, then open `dataDir` with the current code to upgrade it. Called in a test;
 * the directory is removed when the test ends.
 */
export async function olderRelease(released: (entries: { tag: string }[]) => { tag: string }[]) {
  const work = mkdtempSync(join(tmpdir(), 'upgrade-'));
  onTestFinished(() => rmSync(work, { recursive: true, force: true }));
  const migrationsFolder = join(work, 'migrations');
  cpSync(join(root, 'migrations'), migrationsFolder, { recursive: true });
  const journalFile = join(migrationsFolder, 'meta/_journal.json');
  const journal = JSON.parse(readFileSync(journalFile, 'utf8'));
  writeFileSync(journalFile, JSON.stringify({ ...journal, entries: released(journal.entries) }));
  const dataDir = join(work, 'data');
  const old = await PGlite.create(dataDir);
  await migrate(drizzle(old), { migrationsFolder });
  return { old, dataDir };
}
