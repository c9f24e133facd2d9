import packageData from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import { z } from 'zod';
import { weekdayOf, yearOf } from '../../machines/rules/dates';
import { type Calendar, CalendarUnavailable } from '../../machines/rules/working-days';

// Mainland-China working days (SPEC §6). The package's query functions are not used:
// they parse 'YYYY-MM-DD' as UTC and read weekdays in host local time, which answers
// for the wrong day west of UTC. Its raw data is read instead and weekdays are computed here.

const date = z.iso.date();
const isWeekend = (d: string): boolean => {
  const weekday = weekdayOf(d);
  return weekday === 0 || weekday === 6;
};

/** An official annual schedule, as published by the State Council and loaded by an admin. */
export const YearSchedule = z
  .object({
    /** Weekdays off (statutory holidays and the days they are moved to). */
    holidays: z.array(date).min(1, 'a year without any weekday holiday is not an official schedule'),
    /** Saturdays and Sundays worked (调休). */
    workdays: z.array(date),
  })
  .strict()
  .superRefine((schedule, ctx) => {
    const years = new Set([...schedule.holidays, ...schedule.workdays].map(yearOf));
    if (years.size > 1) ctx.addIssue({ code: 'custom', message: `dates span several years: ${[...years].sort().join(', ')}` });
    for (const key of ['holidays', 'workdays'] as const) {
      const seen = new Set<string>();
      schedule[key].forEach((d, i) => {
        if (seen.has(d)) ctx.addIssue({ code: 'custom', path: [key, i], message: `${d} is listed twice` });
        seen.add(d);
      });
    }
    schedule.holidays.forEach((d, i) => {
      if (isWeekend(d))
        ctx.addIssue({ code: 'custom', path: ['holidays', i], message: `${d} is a weekend day; list only Monday–Friday holidays` });
    });
    const holidays = new Set(schedule.holidays);
    schedule.workdays.forEach((d, i) => {
      if (!isWeekend(d))
        ctx.addIssue({ code: 'custom', path: ['workdays', i], message: `${d} is a weekday; list only Saturdays and Sundays worked` });
      if (holidays.has(d)) ctx.addIssue({ code: 'custom', path: ['workdays', i], message: `${d} is both a holiday and a workday` });
    });
  });
export type YearSchedule = z.infer<typeof YearSchedule>;

/** Validates a schedule for one given year: the schema plus every date inside `year`. */
export function parseYearSchedule(year: number, input: unknown): YearSchedule {
  return YearSchedule.superRefine((schedule, ctx) => {
    for (const key of ['holidays', 'workdays'] as const) {
      schedule[key].forEach((d, i) => {
        if (yearOf(d) !== year) ctx.addIssue({ code: 'custom', path: [key, i], message: `${d} is not in ${year}` });
      });
    }
  }).parse(input);
}

// The package's data: date → description, holidays including weekend days of a break.
const PackageData = z.object({ holidays: z.record(date, z.string()), workdays: z.record(date, z.string()) });
const pkg = PackageData.parse(packageData);

// A year is covered when the package lists any holiday in it: every real year has
// 元旦 and 春节, so a year without one is a year the package has no schedule for.
const coveredYears: ReadonlySet<number> = new Set(Object.keys(pkg.holidays).map(yearOf));

export function packageCovers(year: number): boolean {
  return coveredYears.has(year);
}

function packageIsWorkday(d: string): boolean {
  if (pkg.workdays[d] !== undefined) return true;
  return !isWeekend(d) && pkg.holidays[d] === undefined;
}

function scheduleIsWorkday(schedule: YearSchedule, d: string): boolean {
  if (schedule.workdays.includes(d)) return true;
  return !isWeekend(d) && !schedule.holidays.includes(d);
}

/** Admin-loaded years take precedence over the package; any other year throws CalendarUnavailable. */
export function createCalendar(loaded: ReadonlyMap<number, YearSchedule>): Calendar {
  return {
    isWorkday(d: string): boolean {
      const year = yearOf(d);
      const schedule = loaded.get(year);
      if (schedule) return scheduleIsWorkday(schedule, d);
      if (packageCovers(year)) return packageIsWorkday(d);
      throw new CalendarUnavailable(year);
    },
  };
}
