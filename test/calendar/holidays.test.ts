import packageData from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import { describe, expect, it } from 'vitest';
import { CalendarUnavailable, publicityEndsOn, publicityLastDay } from '../../machines/rules/working-days';
import { createCalendar, packageCovers, parseYearSchedule, YearSchedule } from '../../src/calendar/holidays';

const packageCalendar = createCalendar(new Map());

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

// A 2027-shaped schedule: 元旦 Fri 01-01; 春节 Mon 02-08 … Fri 02-12 with Sun 02-07 worked.
const schedule2027: YearSchedule = {
  holidays: ['2027-01-01', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11', '2027-02-12'],
  workdays: ['2027-02-07'],
};

describe('package calendar (chinese-days)', () => {
  it('counts the SPEC §6 example: publicity from Monday 2021-09-27', () => {
    expect(publicityLastDay('2021-09-27', packageCalendar)).toBe('2021-10-08');
    expect(publicityEndsOn('2021-09-27', packageCalendar)).toBe('2021-10-09');
  });

  it('knows the National Day holiday and the 调休 weekend days of 2021', () => {
    expect(packageCalendar.isWorkday('2021-10-01')).toBe(false);
    expect(packageCalendar.isWorkday('2021-10-07')).toBe(false);
    expect(packageCalendar.isWorkday('2021-10-08')).toBe(true);
    expect(packageCalendar.isWorkday('2021-09-26')).toBe(true); // Sunday, 调休
    expect(packageCalendar.isWorkday('2021-10-09')).toBe(true); // Saturday, 调休
    expect(packageCalendar.isWorkday('2021-10-10')).toBe(false); // plain Sunday
    expect(packageCalendar.isWorkday('2021-10-11')).toBe(true);
  });

  it('derives coverage from the package data', () => {
    const years = new Set(Object.keys(packageData.holidays).map((d) => Number(d.slice(0, 4))));
    for (let year = 1990; year <= 2040; year += 1) expect(packageCovers(year)).toBe(years.has(year));
    // chinese-days 1.5.7 ships 2004–2026.
    expect(packageCovers(2004)).toBe(true);
    expect(packageCovers(2026)).toBe(true);
    expect(packageCovers(2003)).toBe(false);
  });

  it('throws CalendarUnavailable for a year the package does not cover, never guessing Monday–Friday', () => {
    const firstUncovered = [...Array(100).keys()].map((i) => 2004 + i).find((y) => !packageCovers(y))!;
    const err = thrown(() => packageCalendar.isWorkday(`${firstUncovered}-03-03`));
    expect(err).toBeInstanceOf(CalendarUnavailable);
    expect((err as CalendarUnavailable).year).toBe(firstUncovered);
    expect(thrown(() => packageCalendar.isWorkday('2003-06-02'))).toBeInstanceOf(CalendarUnavailable);
  });

  it('refuses a publicity that runs into an uncovered year', () => {
    expect(thrown(() => publicityLastDay('2026-12-29', packageCalendar))).toBeInstanceOf(CalendarUnavailable);
  });
});

describe('admin-loaded years', () => {
  const calendar = createCalendar(new Map([[2027, schedule2027]]));

  it('makes an uncovered year usable', () => {
    expect(calendar.isWorkday('2027-01-01')).toBe(false);
    expect(calendar.isWorkday('2027-01-04')).toBe(true);
    expect(calendar.isWorkday('2027-02-07')).toBe(true); // Sunday, 调休
    expect(calendar.isWorkday('2027-02-06')).toBe(false);
    expect(publicityLastDay('2027-02-05', calendar)).toBe('2027-02-17');
  });

  it('crosses from a package year into a loaded year', () => {
    // 2026-12-29 Tue … 12-31 Thu are days 1–3; 2027-01-01 is a holiday; 01-04, 01-05 are days 4–5.
    expect(publicityLastDay('2026-12-29', calendar)).toBe('2027-01-05');
  });

  it('overrides the package for a year it covers', () => {
    const override = createCalendar(new Map([[2021, { holidays: ['2021-10-08'], workdays: [] }]]));
    expect(packageCalendar.isWorkday('2021-10-08')).toBe(true);
    expect(override.isWorkday('2021-10-08')).toBe(false);
    expect(override.isWorkday('2021-10-01')).toBe(true);
    expect(override.isWorkday('2021-10-09')).toBe(false);
  });

  it('leaves other years unavailable', () => {
    expect(thrown(() => calendar.isWorkday('2028-01-03'))).toBeInstanceOf(CalendarUnavailable);
  });
});

describe('YearSchedule validation', () => {
  it('accepts an official-shaped schedule', () => {
    expect(YearSchedule.safeParse(schedule2027).success).toBe(true);
    expect(parseYearSchedule(2027, schedule2027)).toEqual(schedule2027);
  });

  it.each([
    ['a weekend holiday', { holidays: ['2027-01-02'], workdays: [] }],
    ['a weekday workday', { holidays: ['2027-01-01'], workdays: ['2027-01-04'] }],
    ['a duplicate', { holidays: ['2027-01-01', '2027-01-01'], workdays: [] }],
    ['a date in both lists', { holidays: ['2027-01-01'], workdays: ['2027-01-01'] }],
    ['dates in two years', { holidays: ['2027-01-01', '2028-01-03'], workdays: [] }],
    ['an impossible date', { holidays: ['2027-02-30'], workdays: [] }],
    ['no holiday at all', { holidays: [], workdays: [] }],
  ])('refuses %s', (_, input) => {
    expect(YearSchedule.safeParse(input).success).toBe(false);
  });

  it('refuses dates outside the year being loaded', () => {
    expect(() => parseYearSchedule(2028, schedule2027)).toThrow();
  });
});

it('refuses a schedule with fields it does not know, rather than dropping them', () => {
  expect(YearSchedule.safeParse({ holidays: ['2027-01-01'], workdays: [], note: '国务院办公厅通知' }).success).toBe(false);
});
