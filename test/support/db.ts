import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type postgres from 'postgres';
import { inject } from 'vitest';
import { defaultDbTimeouts } from '../../src/config';
import { type Database, openDatabase, postgresClient } from '../../src/db/client';
import { type DataDirLock, DataDirLocked, lockDataDir } from '../../src/db/data-dir-lock';

/**
 * A fresh, migrated database for one test file: a PGlite of its own, or with DATABASE_URL a
 * new database on that server, dropped again by `close`. Either is a copy of one migrated
 * database the run made once (test/support/templates.ts): initdb and the migrations cost a
 * PGlite seconds of CPU, and every file paid them.
 */
const urls = new WeakMap<Database, string>();

export function freshDatabase(): Promise<Database> {
  return copyOf(MIGRATED, async () => {});
}

/**
 * A database of its own for a test file, copied from one that `build` made once in this run on a
 * fresh migrated database: the demo season is seeded once, not once per browser test file. Every
 * caller naming the same `template` must build the same thing.
 */
export function copyOf(template: string, build: (database: Database) => Promise<void>): Promise<Database> {
  return process.env.DATABASE_URL ? postgresCopy(process.env.DATABASE_URL, template, build) : pgliteCopy(template, build);
}

const MIGRATED = 'migrated';

async function pgliteCopy(template: string, build: (database: Database) => Promise<void>): Promise<Database> {
  const { dir } = inject('templates');
  const copy = mkdtempSync(join(dir, 'db-'));
  cpSync(await pgliteTemplate(dir, template, build), copy, { recursive: true });
  const database = await openDatabase({ dataDir: copy });
  let closing: Promise<void> | undefined;
  return {
    ...database,
    close: () =>
      (closing ??= (async () => {
        await database.close();
        rmSync(copy, { recursive: true, force: true });
      })()),
  };
}

/** The template's data directory, built by whichever file asks first while the others wait. */
async function pgliteTemplate(dir: string, name: string, build: (database: Database) => Promise<void>): Promise<string> {
  const ready = join(dir, name);
  if (existsSync(ready)) return ready;
  const lock = await waitForLock(join(dir, `${name}.lock`));
  try {
    if (existsSync(ready)) return ready;
    const building = join(dir, `${name}.building`);
    rmSync(building, { recursive: true, force: true });
    if (name !== MIGRATED) cpSync(await pgliteTemplate(dir, MIGRATED, async () => {}), building, { recursive: true });
    const database = await openDatabase({ dataDir: building });
    try {
      await build(database);
    } finally {
      await database.close();
    }
    // Complete or absent: a file that died while building leaves only `building`.
    renameSync(building, ready);
    return ready;
  } finally {
    lock.release();
  }
}

/** The service's own data-directory lock, on a directory of its own: a holder that died leaves it free. */
async function waitForLock(lockDir: string): Promise<DataDirLock> {
  mkdirSync(lockDir, { recursive: true });
  for (;;) {
    try {
      return lockDataDir(lockDir);
    } catch (err) {
      if (!(err instanceof DataDirLocked)) throw err;
    }
    await sleep(100);
  }
}

async function postgresCopy(url: string, template: string, build: (database: Database) => Promise<void>): Promise<Database> {
  const name = `test_${randomBytes(6).toString('hex')}`;
  // Waiting for another file to build a template may take longer than a statement is allowed.
  const admin = postgresClient(url, 1, { ...defaultDbTimeouts, statementMs: 600_000 });
  try {
    await admin.unsafe(`create database ${name} template ${await postgresTemplate(admin, url, template, build)}`);
  } catch (err) {
    await admin.end();
    throw err;
  }
  const target = urlOf(url, name);
  const database = await openDatabase({ url: target, dataDir: '' });
  let dropping: Promise<void> | undefined;
  const fresh: Database = {
    ...database,
    close: () =>
      (dropping ??= (async () => {
        await database.close();
        await admin.unsafe(`drop database if exists ${name} with (force)`);
        await admin.end();
      })()),
  };
  urls.set(fresh, target);
  return fresh;
}

/**
 * The template database's name, built under an advisory lock by whichever file asks first;
 * `admin` is one session, so the lock is held by it until unlocked.
 */
async function postgresTemplate(
  admin: postgres.Sql,
  url: string,
  template: string,
  build: (database: Database) => Promise<void>,
): Promise<string> {
  const name = `${inject('templates').prefix}${template}`;
  await admin`select pg_advisory_lock(hashtext(${name}))`;
  try {
    if ((await admin`select 1 from pg_database where datname = ${name}`).length > 0) return name;
    const building = `${name}_building`;
    await admin.unsafe(`drop database if exists ${building} with (force)`);
    const from = template === MIGRATED ? '' : ` template ${await postgresTemplate(admin, url, MIGRATED, async () => {})}`;
    await admin.unsafe(`create database ${building}${from}`);
    const database = await openDatabase({ url: urlOf(url, building), dataDir: '' });
    try {
      await build(database);
    } finally {
      await database.close();
    }
    // A pooler in front of the server (PgBouncer, scripts/pgbouncer-tests.sh) keeps its server
    // connections after the client has gone, and a database with a session cannot be renamed or copied.
    await admin`select pg_terminate_backend(pid) from pg_stat_activity where datname = ${building} and pid <> pg_backend_pid()`;
    // Complete or absent: a file that died while building leaves only `building`.
    await admin.unsafe(`alter database ${building} rename to ${name}`);
    return name;
  } finally {
    await admin`select pg_advisory_unlock(hashtext(${name}))`;
  }
}

function urlOf(url: string, database: string): string {
  const target = new URL(url);
  target.pathname = `/${database}`;
  return target.toString();
}

/** The URL of a fresh database on real Postgres, for tests that open a second connection pool to it. */
export function databaseUrlOf(database: Database): string {
  const url = urls.get(database);
  if (!url) throw new Error('only a database on real Postgres (DATABASE_URL) has a URL');
  return url;
}

export function usingRealPostgres(): boolean {
  return Boolean(process.env.DATABASE_URL);
}
