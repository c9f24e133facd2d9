import type { YearSchedule } from '../calendar/holidays';
import type { Db } from '../db/client';
import { recordAction } from '../store/audit';
import { type LoadedYear, loadedYear, writeYear } from '../store/calendar';

/** Loads (or replaces) a year's schedule, audited with its counts. */
export async function loadCalendarYear(
  db: Db,
  year: number,
  schedule: YearSchedule,
  loadedBy: string,
  loadedAt: Date,
): Promise<LoadedYear> {
  const row = { year, ...schedule, loadedBy, loadedAt };
  await db.transaction(async (tx) => {
    const replaced = await loadedYear(tx, year);
    await writeYear(tx, row);
    const details = { holidays: schedule.holidays.length, workdays: schedule.workdays.length, replaced: replaced !== undefined };
    await recordAction(tx, { action: 'calendar.load', target: String(year), actor: loadedBy, reason: null, details, at: loadedAt });
  });
  return row;
}
