import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  addYears,
  isRealDate,
  lastDayBefore,
  shanghaiDate,
  shanghaiMidnight,
  weekdayOf,
  yearOf,
} from '../../../machines/rules/dates';

describe('dates', () => {
  it('maps a UTC instant to the Shanghai calendar date', () => {
    expect(shanghaiDate('2021-10-08T15:59:59.999Z')).toBe('2021-10-08');
    expect(shanghaiDate('2021-10-08T16:00:00.000Z')).toBe('2021-10-09');
    expect(shanghaiDate('2021-10-09T08:00:00+08:00')).toBe('2021-10-09');
  });

  it('gives 00:00 Shanghai as a UTC instant', () => {
    expect(shanghaiMidnight('2021-10-09')).toBe('2021-10-08T16:00:00.000Z');
    expect(shanghaiDate(shanghaiMidnight('2022-01-01'))).toBe('2022-01-01');
  });

  it('names the last day of a period that ends at an instant: the day before 00:00 Shanghai, else the day it ends in', () => {
    // 三(三): 5 working days 2021-08-10…16 end at 2021-08-17 00:00 Shanghai.
    expect(lastDayBefore('2021-08-16T16:00:00.000Z')).toBe('2021-08-16');
    expect(lastDayBefore('2021-08-17T00:00:00+08:00')).toBe('2021-08-16');
    expect(lastDayBefore('2021-08-16T16:00:00.001Z')).toBe('2021-08-17');
    expect(lastDayBefore('2021-12-31T16:00:00.000Z')).toBe('2021-12-31');
    expect(lastDayBefore(shanghaiMidnight('2022-03-01'))).toBe('2022-02-28');
  });

  it('adds days across months and years', () => {
    expect(addDays('2021-09-30', 1)).toBe('2021-10-01');
    expect(addDays('2021-12-31', 1)).toBe('2022-01-01');
    expect(addDays('2021-03-01', -1)).toBe('2021-02-28');
  });

  it('clamps the day to the end of the target month', () => {
    expect(addMonths('2021-01-31', 1)).toBe('2021-02-28');
    expect(addMonths('2020-01-31', 1)).toBe('2020-02-29');
    expect(addMonths('2021-11-15', 3)).toBe('2022-02-15');
    expect(addMonths('2021-03-31', -1)).toBe('2021-02-28');
    expect(addYears('2020-02-29', 1)).toBe('2021-02-28');
    expect(addYears('2021-08-15', -3)).toBe('2018-08-15');
  });

  it('reads the year and weekday', () => {
    expect(yearOf('2021-10-09')).toBe(2021);
    expect(weekdayOf('2021-10-09')).toBe(6);
    expect(weekdayOf('2021-09-27')).toBe(1);
  });

  it('tells real dates from impossible ones', () => {
    expect(isRealDate('2020-02-29')).toBe(true);
    expect(isRealDate('2021-02-29')).toBe(false);
    expect(isRealDate('2021-13-01')).toBe(false);
    expect(isRealDate('2021-1-1')).toBe(false);
  });

  it('rejects malformed input', () => {
    expect(() => addDays('2021/10/09', 1)).toThrow(RangeError);
    expect(() => shanghaiDate('not a date')).toThrow(RangeError);
  });
});
