import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { manualClock } from '../db/schema';

// CLOCK=manual's time, kept in the database so that a restarted process and every replica go on from it.

/** Stores the time set; answers its revision (one more than the last). */
export async function writeManualClock(db: Db, to: Date, setBy: string): Promise<number> {
  const [row] = await db
    .insert(manualClock)
    .values({ now: to, revision: 1, setBy })
    .onConflictDoUpdate({ target: manualClock.id, set: { now: to, setBy, revision: sql`${manualClock.revision} + 1` } })
    .returning({ revision: manualClock.revision });
  return row!.revision;
}

/** The time last set, if any. */
export async function storedManualClock(db: Db): Promise<typeof manualClock.$inferSelect | undefined> {
  const [row] = await db.select().from(manualClock);
  return row;
}
