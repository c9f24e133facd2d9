import type { ManualClock } from '../clock';
import type { Db } from '../db/client';
import { storedManualClock, writeManualClock } from '../store/manual-clock';

/** Sets CLOCK=manual's time: stored first, so a restarted process and every replica go on from it. */
export async function setManualClock(db: Db, clock: ManualClock, to: Date, setBy: string): Promise<void> {
  clock.set(to, await writeManualClock(db, to, setBy));
}

/** Takes a time set since this clock last looked: before a restart, or through another replica. */
export async function followManualClock(db: Db, clock: ManualClock): Promise<void> {
  const row = await storedManualClock(db);
  if (row && row.revision > clock.revision) clock.set(row.now, row.revision);
}
