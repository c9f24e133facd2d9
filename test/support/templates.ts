import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { postgresClient } from '../../src/db/client';

// vitest's globalSetup: where this run keeps the databases test files start from (see
// test/support/db.ts), and their removal when the run ends. The templates themselves are made
// by the first file that needs each one.

export type Templates = {
  /** Where PGlite's template data directories and every file's copy of one live. */
  dir: string;
  /** The prefix of this run's template databases on PostgreSQL (DATABASE_URL). */
  prefix: string;
};

declare module 'vitest' {
  export interface ProvidedContext {
    templates: Templates;
  }
}

/** The run's one set, in the main process: the setup runs for the root config and again for each project. */
const shared = globalThis as { titleReviewTemplates?: Templates };

export default function setup(project: TestProject): () => Promise<void> {
  if (shared.titleReviewTemplates) {
    project.provide('templates', shared.titleReviewTemplates);
    return async () => {};
  }
  // In memory where there is a tmpfs: PGlite writes its files there as it would to a disk.
  const dir = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'title-review-tests-'));
  const prefix = `tpl_${randomBytes(4).toString('hex')}_`;
  shared.titleReviewTemplates = { dir, prefix };
  project.provide('templates', shared.titleReviewTemplates);
  return async () => {
    rmSync(dir, { recursive: true, force: true });
    const url = process.env.DATABASE_URL;
    if (!url) return;
    const admin = postgresClient(url, 1);
    try {
      const names = await admin<{ datname: string }[]>`select datname from pg_database where starts_with(datname, ${prefix})`;
      for (const { datname } of names) await admin.unsafe(`drop database if exists ${datname} with (force)`);
    } finally {
      await admin.end();
    }
  };
}
