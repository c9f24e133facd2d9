import { sql } from 'drizzle-orm';
import type { ManualClock } from '../clock';
import type { Db } from '../db/client';
import { manualClock } from '../db/schema';

/** Sets CLOCK=manual's time: stored first, so a restarted process and every replica go on from it. */
export async function setManualClock(db: Db, clock: ManualClock, to: Date, setBy: string): Promise<void> {
  const [row] = await db
    .insert(manualClock)
    .values({ now: to, revision: 1, setBy })
    .onConflictDoUpdate({ target: manualClock.id, set: { now: to, setBy, revision: sql`${manualClock.revision} + 1` } })
    .returning({ revision: manualClock.revision });
  clock.set(to, row!.revision);
}

/** Takes a time set since this clock last looked: before a restart, or through another replica. */
export async function followManualClock(db: Db, clock: ManualClock): Promise<void> {
  const [row] = await db.select().from(manualClock);
  if (row && row.revision > clock.revision) clock.set(row.now, row.revision);
}
