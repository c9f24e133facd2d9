import { describe, expect, it } from 'vitest';
import { weekdayOf, yearOf } from '../../../machines/rules/dates';
import { type Calendar, CalendarUnavailable, publicityEndsOn, publicityLastDay } from '../../../machines/rules/working-days';

// A stub of the 2021 National Day schedule so these tests stay pure; the real data is
// exercised in test/calendar/holidays.test.ts.
const offWeekdays = new Set(['2021-10-01', '2021-10-04', '2021-10-05', '2021-10-06', '2021-10-07']);
const workedWeekends = new Set(['2021-09-26', '2021-10-09']);
const stub2021: Calendar = {
  isWorkday(date) {
    if (yearOf(date) !== 2021) throw new CalendarUnavailable(yearOf(date));
    if (workedWeekends.has(date)) return true;
    const weekday = weekdayOf(date);
    return weekday !== 0 && weekday !== 6 && !offWeekdays.has(date);
  },
};

describe('publicity of 5 working days (SPEC §6)', () => {
  it('counts the start day and skips the National Day holiday', () => {
    expect(publicityLastDay('2021-09-27', stub2021)).toBe('2021-10-08');
    expect(publicityEndsOn('2021-09-27', stub2021)).toBe('2021-10-09');
  });

  it('does not count a start day that is not a working day', () => {
    expect(publicityLastDay('2021-10-02', stub2021)).toBe('2021-10-13');
  });

  it('counts a 调休 weekend day as a working day', () => {
    // 10-09 (Saturday, 调休) is day 1; 10-11…10-14 are days 2–5.
    expect(publicityLastDay('2021-10-09', stub2021)).toBe('2021-10-14');
    expect(publicityLastDay('2021-09-26', stub2021, 1)).toBe('2021-09-26');
  });

  it('supports other lengths', () => {
    expect(publicityLastDay('2021-09-27', stub2021, 1)).toBe('2021-09-27');
    expect(() => publicityLastDay('2021-09-27', stub2021, 0)).toThrow(RangeError);
  });

  it('propagates CalendarUnavailable when the count runs into an unknown year', () => {
    const err = (() => {
      try {
        publicityLastDay('2021-12-28', stub2021);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(CalendarUnavailable);
    expect((err as CalendarUnavailable).year).toBe(2022);
  });
});
