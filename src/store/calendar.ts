import { eq } from 'drizzle-orm';
import type { Calendar } from '../../machines/rules/working-days';
import { createCalendar, type YearSchedule } from '../calendar/holidays';
import type { Db } from '../db/client';
import { calendarYears } from '../db/schema';
import { recordAction } from './audit';

export type LoadedYear = typeof calendarYears.$inferSelect;

/** Read on each use: the table is tiny, and another process may have loaded a year. */
export async function loadCalendar(db: Db): Promise<Calendar> {
  const loaded = await db.select().from(calendarYears);
  return createCalendar(new Map(loaded.map((y) => [y.year, { holidays: y.holidays, workdays: y.workdays }])));
}

export async function loadedYear(db: Db, year: number): Promise<LoadedYear | undefined> {
  const [row] = await db.select().from(calendarYears).where(eq(calendarYears.year, year));
  return row;
}

/** Loads (or replaces) a year's schedule, audited with its counts. */
export async function saveYear(db: Db, year: number, schedule: YearSchedule, loadedBy: string, loadedAt: Date): Promise<LoadedYear> {
  const row = { year, ...schedule, loadedBy, loadedAt };
  await db.transaction(async (tx) => {
    const replaced = await loadedYear(tx, year);
    await tx.insert(calendarYears).values(row).onConflictDoUpdate({ target: calendarYears.year, set: row });
    const details = { holidays: schedule.holidays.length, workdays: schedule.workdays.length, replaced: replaced !== undefined };
    await recordAction(tx, { action: 'calendar.load', target: String(year), actor: loadedBy, reason: null, details, at: loadedAt });
  });
  return row;
}
