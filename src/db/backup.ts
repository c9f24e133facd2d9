import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { postgresClient } from './client';
import { lockDataDir } from './data-dir-lock';

// A backup is the whole database in one file, taken and restored by the tools each database
// ships with: PGlite's own data-directory dump (a gzipped tar of its files), and for a real
// server pg_dump's custom format. Both hold the uploaded files too: they live in the database.

const run = promisify(execFile);

export class BackupRefused extends Error {}

/**
 * The embedded database in `dataDir` into `file`. It takes the data directory's lock, so it
 * is refused while the service runs on it: a copy of files PGlite is writing is not consistent.
 */
export async function backupEmbedded(dataDir: string, file: string): Promise<void> {
  if (!existsSync(join(dataDir, 'PG_VERSION'))) throw new BackupRefused(`DATA_DIR ${dataDir} holds no database`);
  const lock = lockDataDir(dataDir);
  try {
    const pg = await PGlite.create(dataDir);
    try {
      const dump = await pg.dumpDataDir('gzip');
      writeFileSync(file, Buffer.from(await dump.arrayBuffer()), { mode: 0o600 });
    } finally {
      await pg.close();
    }
  } finally {
    lock.release();
  }
}

/** A dump made by backupEmbedded into `dataDir`, which must be empty or absent: a restore never overwrites a database. */
export async function restoreEmbedded(file: string, dataDir: string): Promise<void> {
  if (existsSync(join(dataDir, 'PG_VERSION')))
    throw new BackupRefused(`DATA_DIR ${dataDir} already holds a database; restore into an empty directory and point DATA_DIR at it`);
  mkdirSync(dataDir, { recursive: true });
  const lock = lockDataDir(dataDir);
  try {
    const pg = await PGlite.create(dataDir, { loadDataDir: new Blob([readFileSync(file)]) });
    const { rows } = await pg.query<{ ok: boolean }>("select to_regclass('public.applications') is not null as ok");
    await pg.close();
    if (!rows[0]?.ok) throw new BackupRefused(`${file} holds a database without this service's tables`);
  } catch (err) {
    // A half-extracted directory would look like a database to the next start.
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  } finally {
    // The dump carries the lock file the backup held; it names a process long gone.
    lock.release();
    rmSync(join(dataDir, 'title-review.lock'), { force: true });
  }
}

/** The database at `url` into `file`, in pg_dump's custom format: consistent while the service runs. */
export async function backupPostgres(url: string, file: string): Promise<void> {
  await run('pg_dump', ['--format=custom', '--no-owner', `--file=${file}`, `--dbname=${url}`]);
}

/** A pg_dump file into the database at `url`, which must not hold this service's tables yet. */
export async function restorePostgres(file: string, url: string): Promise<void> {
  const client = postgresClient(url, 1);
  try {
    const [found] = await client`select to_regclass('public.applications') is not null as taken`;
    if (found?.taken)
      throw new BackupRefused(
        'the target database already holds applications; restore into a new, empty database and point DATABASE_URL at it',
      );
  } finally {
    await client.end({ timeout: 1 });
  }
  await run('pg_restore', ['--no-owner', '--exit-on-error', '--single-transaction', `--dbname=${url}`, file]);
}
