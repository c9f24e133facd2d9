import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { type DbTimeouts, defaultDbTimeouts, postgresUrlHosts } from '../config';
import { projectPath } from '../project-files';
import { lockDataDir } from './data-dir-lock';
import { describeUnreachable } from './errors';
import { type DatabaseLoad, trackLoad } from './load';
import { pgliteThread } from './pglite-thread';
import * as schema from './schema';

/** One type for both drivers and for a transaction on either; nothing else knows which is in use. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export type Database = {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** How many statements may run at once: the pool's size, or PGlite's one connection. */
  connections: number;
  /** Connections in use and requests waiting for one, now. */
  load(): DatabaseLoad;
  close(): Promise<void>;
};

const migrationsFolder = projectPath('migrations');

export type OpenOptions = { url?: string; dataDir: string; poolSize?: number; timeouts?: DbTimeouts };

/** A start-up that cannot reach its database, said in one line. */
class DatabaseUnreachable extends Error {}

/**
 * Opens the database and applies migrations: a real server when `url` is given, otherwise
 * an embedded PGlite in `dataDir` (`memory://` for a throwaway one), locked to this process.
 */
export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.url) return openPostgres(opts.url, opts.poolSize, opts.timeouts);
  if (opts.dataDir.startsWith('memory://')) return openPglite(opts.dataDir, () => {});
  mkdirSync(opts.dataDir, { recursive: true });
  const lock = lockDataDir(opts.dataDir);
  try {
    return await openPglite(opts.dataDir, lock.release);
  } catch (err) {
    lock.release();
    throw err;
  }
}

async function openPglite(dataDir: string, release: () => void): Promise<Database> {
  const initdb = !dataDir.startsWith('memory://') && !existsSync(join(dataDir, 'PG_VERSION'));
  let client = await pgliteThread(dataDir);
  // PGlite's initdb leaves its thread holding some 450 MiB it never gives back (issue 29: 750
  // MiB after a first start against 300 after a second). A thread started on the directory
  // once it exists does not: the first one goes, once initdb is done.
  if (initdb) {
    await client.close();
    client = await pgliteThread(dataDir);
  }
  // Loaded only here: drizzle's PGlite driver loads PGlite itself, tens of MiB a service on
  // PostgreSQL would carry for nothing.
  const [{ drizzle: drizzlePglite }, { migrate: migratePglite }] = await Promise.all([
    import('drizzle-orm/pglite'),
    import('drizzle-orm/pglite/migrator'),
  ]);
  // drizzle's PGlite driver calls only `query` and `transaction`, which the thread's client answers.
  const db = drizzlePglite(client as unknown as PGlite, { schema });
  await migratePglite(db, { migrationsFolder });
  return {
    db: db as unknown as Db,
    kind: 'pglite',
    connections: 1,
    load: trackLoad(db as unknown as Db, 1),
    close: once(() => client.close().finally(release)),
  };
}

async function openPostgres(url: string, poolSize: number | undefined, timeouts = defaultDbTimeouts): Promise<Database> {
  try {
    await migrateOnce(url, timeouts);
  } catch (err) {
    const unreachable = describeUnreachable(err, url);
    throw unreachable ? new DatabaseUnreachable(unreachable) : err;
  }
  const client = postgresClient(url, poolSize, timeouts);
  const db = drizzlePostgres(client, { schema });
  const connections = poolSize ?? 4;
  return {
    db: db as unknown as Db,
    kind: 'postgres',
    connections,
    load: trackLoad(db as unknown as Db, connections),
    close: once(() => client.end({ timeout: 5 })),
  };
}

/** Any fixed key: it only has to be the same in every process of this service. */
const MIGRATION_LOCK_KEY = 7_240_917_310;
/**
 * Waiting for another process's migrations, or building an index over a large table, may
 * take far longer than a request's statement should.
 */
const MIGRATION_TIMEOUT_MS = 600_000;

/**
 * Applies migrations on one session that holds a session-level advisory lock throughout,
 * so processes starting together on an empty database migrate one after the other; the
 * later ones find nothing to do. A process that dies holding the lock releases it with its
 * session.
 */
async function migrateOnce(url: string, timeouts: DbTimeouts): Promise<void> {
  const session = postgresClient(url, 1, { ...timeouts, statementMs: MIGRATION_TIMEOUT_MS, idleInTransactionMs: MIGRATION_TIMEOUT_MS });
  try {
    await connected(session, url, timeouts);
    await session`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
    await migratePostgres(drizzlePostgres(session, { schema }), { migrationsFolder });
    await session`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`;
  } finally {
    await session.end({ timeout: 1 });
  }
}

/**
 * The session's first answer, within a connect timeout per host. postgres.js 3.4.9 retries
 * a list of hosts forever while none answers as a writable primary (porsager/postgres#1174),
 * which would leave a start-up waiting without a word; a single host fails by itself.
 */
async function connected(session: postgres.Sql, url: string, timeouts: DbTimeouts): Promise<void> {
  const hosts = postgresUrlHosts(url)?.length ?? 1;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(Object.assign(new Error('no host answered as a writable primary'), { code: 'CONNECT_TIMEOUT' })),
      timeouts.connectMs * hosts + 1_000,
    );
  });
  try {
    await Promise.race([session`select 1`, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** Closing twice (a test that takes the database away, then the app's own close) closes once. */
function once(close: () => Promise<void>): () => Promise<void> {
  let closing: Promise<void> | undefined;
  return () => (closing ??= close());
}

/**
 * A postgres.js pool whose every wait is bounded: connecting, each statement and an idle
 * transaction (the last two enforced by the server, so a slow statement ends there too).
 *
 * postgres.js reads a Unix socket only from its `host` option, not from the libpq-style
 * `?host=/run/postgresql` that the URL may carry; move it across.
 */
export function postgresClient(url: string, max = 4, timeouts: DbTimeouts = defaultDbTimeouts): postgres.Sql {
  const hosts = postgresUrlHosts(url) ?? [];
  const parsed = hosts[0] ?? new URL(url);
  // Several hosts (a primary and its standbys) are postgres.js's own to parse.
  const socketDir = hosts.length === 1 ? parsed.searchParams.get('host') : null;
  const options = {
    max,
    onnotice: () => {},
    connect_timeout: timeouts.connectMs / 1000,
    connection: { statement_timeout: timeouts.statementMs, idle_in_transaction_session_timeout: timeouts.idleInTransactionMs },
    // The default backoff grows to 20 s after a few refused connections, and requests queue
    // behind it long after the server is back; a refused connect costs little, so retry at once.
    backoff: () => 0,
  };
  if (!socketDir?.startsWith('/')) return postgres(url, options);
  parsed.searchParams.delete('host');
  return postgres(parsed.toString(), { ...options, host: socketDir });
}
