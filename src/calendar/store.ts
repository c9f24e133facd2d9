import type { Db } from '../db/client';
import { calendarYears } from '../db/schema';
import type { Calendar } from '../../machines/rules/working-days';
import { createCalendar } from './holidays';

/** Read on each use: the table is tiny, and another process may have loaded a year. */
export async function loadCalendar(db: Db): Promise<Calendar> {
  const loaded = await db.select().from(calendarYears);
  return createCalendar(new Map(loaded.map((y) => [y.year, { holidays: y.holidays, workdays: y.workdays }])));
}
