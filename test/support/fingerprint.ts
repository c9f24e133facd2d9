import { count, getTableName, is, sum } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '../../src/db/client';
import * as schema from '../../src/db/schema';

const tables: PgTable[] = Object.values(schema as Record<string, unknown>).filter((t): t is PgTable => is(t, PgTable));

/**
 * Rows per table and the sum of application versions: a refused request must leave this
 * unchanged (every write adds a row or bumps a version).
 */
export async function fingerprint(db: Db): Promise<Record<string, number>> {
  const counts = await Promise.all(tables.map(async (t) => [getTableName(t), (await db.select({ n: count() }).from(t))[0]!.n] as const));
  const [versions] = await db.select({ v: sum(schema.applications.version) }).from(schema.applications);
  return { ...Object.fromEntries(counts), versions: Number(versions?.v ?? 0) };
}
