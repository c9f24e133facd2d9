import { randomBytes } from 'node:crypto';
import { type Database, openDatabase, postgresClient } from '../../src/db/client';

/**
 * A fresh, migrated database for one test file: an in-memory PGlite, or with DATABASE_URL a
 * new database on that server, dropped again by `close`.
 */
const urls = new WeakMap<Database, string>();

export async function freshDatabase(): Promise<Database> {
  const url = process.env.DATABASE_URL;
  if (!url) return openDatabase({ dataDir: 'memory://' });
  const name = `test_${randomBytes(6).toString('hex')}`;
  const admin = postgresClient(url, 1);
  await admin.unsafe(`create database ${name}`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  const database = await openDatabase({ url: target.toString(), dataDir: '' });
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
  urls.set(fresh, target.toString());
  return fresh;
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
