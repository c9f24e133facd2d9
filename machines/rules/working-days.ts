import { addDays } from './dates';

// "5 working days" counts mainland-China working days (SPEC §6): weekends and statutory
// holidays off, 调休 days on. The calendar is injected so the rules stay pure.

export interface Calendar {
  /** Throws CalendarUnavailable for a date in a year the calendar does not know. */
  isWorkday(date: string): boolean;
}

/** No official schedule is known for `year`; counting Monday–Friday would be a guess. */
export class CalendarUnavailable extends Error {
  override readonly name = 'CalendarUnavailable';
  constructor(readonly year: number) {
    super(`no working-day calendar for ${year}`);
  }
}

/** The `days`-th working day of a publicity starting on `start`, which counts when it is a working day. */
export function publicityLastDay(start: string, cal: Calendar, days = 5): string {
  if (!Number.isInteger(days) || days < 1) throw new RangeError(`publicity length must be a positive integer: ${days}`);
  let date = start;
  let counted = 0;
  for (;;) {
    if (cal.isWorkday(date)) {
      counted += 1;
      if (counted === days) return date;
    }
    date = addDays(date, 1);
  }
}

/** The first day on which the publicity has fully elapsed: the day after its last day. */
export function publicityEndsOn(start: string, cal: Calendar, days = 5): string {
  return addDays(publicityLastDay(start, cal, days), 1);
}

/** The `days`-th working day before `date`, not counting `date` itself. */
export function workingDayBefore(date: string, cal: Calendar, days: number): string {
  if (!Number.isInteger(days) || days < 1) throw new RangeError(`working days must be a positive integer: ${days}`);
  let d = date;
  for (let counted = 0; counted < days; ) {
    d = addDays(d, -1);
    if (cal.isWorkday(d)) counted += 1;
  }
  return d;
}
