import { and, asc, desc, eq, gt, inArray } from 'drizzle-orm';
import type { PersistedSnapshot } from '../../machines/states';
import type { Db } from '../db/client';
import { applications, definitionMigrations } from '../db/schema';

export type MigrationFilter = { from: number; planId?: string; states?: string[] };
export type MigrationRecord = typeof definitionMigrations.$inferSelect;

/** A page of the applications still on version `from` that the filter selects, in id order. */
export async function applicationsToMigrate(db: Db, f: MigrationFilter, after: string | null, limit: number) {
  const rows = await db
    .select({ id: applications.id, snapshot: applications.snapshot })
    .from(applications)
    .where(
      and(
        eq(applications.definitionVersion, f.from),
        f.planId ? eq(applications.planId, f.planId) : undefined,
        f.states ? inArray(applications.state, f.states) : undefined,
        after ? gt(applications.id, after) : undefined,
      ),
    )
    .orderBy(asc(applications.id))
    .limit(limit);
  return rows.map((r) => ({ id: r.id, snapshot: r.snapshot as PersistedSnapshot }));
}

export async function recordMigration(db: Db, m: typeof definitionMigrations.$inferInsert): Promise<void> {
  await db.insert(definitionMigrations).values(m);
}

export async function finishMigration(db: Db, id: string, counts: { moved: number; blocked: number }, at: Date): Promise<MigrationRecord> {
  const [row] = await db
    .update(definitionMigrations)
    .set({ ...counts, finishedAt: at })
    .where(eq(definitionMigrations.id, id))
    .returning();
  return row!;
}

export async function listMigrations(db: Db): Promise<MigrationRecord[]> {
  return db.select().from(definitionMigrations).orderBy(desc(definitionMigrations.requestedAt));
}
