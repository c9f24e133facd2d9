import { eq } from 'drizzle-orm';
import type { Calendar } from '../../machines/rules/working-days';
import { createCalendar } from '../calendar/holidays';
import type { Db } from '../db/client';
import { calendarYears } from '../db/schema';

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

/** Loads (or replaces) a year's schedule. */
export async function writeYear(tx: Db, row: LoadedYear): Promise<void> {
  await tx.insert(calendarYears).values(row).onConflictDoUpdate({ target: calendarYears.year, set: row });
}
