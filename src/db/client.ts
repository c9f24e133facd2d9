import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import * as schema from './schema';

/** One type for both drivers and for a transaction on either; nothing else knows which is in use. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export type Database = {
  db: Db;
  kind: 'pglite' | 'postgres';
  close(): Promise<void>;
};

const migrationsFolder = fileURLToPath(new URL('../../migrations', import.meta.url));

/**
 * Opens the database and applies migrations: a real server when `url` is given, otherwise
 * an embedded PGlite in `dataDir` (`memory://` for a throwaway one).
 */
export async function openDatabase(opts: { url?: string; dataDir: string; poolSize?: number }): Promise<Database> {
  if (opts.url) {
    const client = postgresClient(opts.url, opts.poolSize);
    const db = drizzlePostgres(client, { schema });
    try {
      await migratePostgres(db, { migrationsFolder });
    } catch (err) {
      await client.end();
      throw err;
    }
    return { db: db as unknown as Db, kind: 'postgres', close: once(() => client.end({ timeout: 5 })) };
  }
  if (!opts.dataDir.startsWith('memory://')) mkdirSync(opts.dataDir, { recursive: true });
  const client = await PGlite.create(opts.dataDir);
  const db = drizzlePglite(client, { schema });
  await migratePglite(db, { migrationsFolder });
  return { db: db as unknown as Db, kind: 'pglite', close: once(() => client.close()) };
}

/** Closing twice (a test that takes the database away, then the app's own close) closes once. */
function once(close: () => Promise<void>): () => Promise<void> {
  let closing: Promise<void> | undefined;
  return () => (closing ??= close());
}

/**
 * postgres.js reads a Unix socket only from its `host` option, not from the libpq-style
 * `?host=/run/postgresql` that the URL may carry; move it across.
 */
export function postgresClient(url: string, max = 4): postgres.Sql {
  const parsed = new URL(url);
  const socketDir = parsed.searchParams.get('host');
  const options = { max, onnotice: () => {} };
  if (!socketDir?.startsWith('/')) return postgres(url, options);
  parsed.searchParams.delete('host');
  return postgres(parsed.toString(), { ...options, host: socketDir });
}
