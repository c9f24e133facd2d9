import { addMonths } from './dates';

// Statutory retirement age, with the gradual raise decided in 2024 and in force from
// 1 January 2025 (全国人大常委会《关于实施渐进式延迟法定退休年龄的决定》, 附件1 对照表):
// the raise is set by birth month, counted from the first cohort it reaches.
export type RetirementCategory = 'male60' | 'female55' | 'female50';

type Schedule = {
  baseYears: number;
  /** First birth month (year, 1-based month) that retires later. */
  firstYear: number;
  firstMonth: number;
  /** One extra month per this many birth months. */
  birthMonthsPerStep: number;
  maxExtraMonths: number;
};

const SCHEDULES: Record<RetirementCategory, Schedule> = {
  male60: { baseYears: 60, firstYear: 1965, firstMonth: 1, birthMonthsPerStep: 4, maxExtraMonths: 36 },
  female55: { baseYears: 55, firstYear: 1970, firstMonth: 1, birthMonthsPerStep: 4, maxExtraMonths: 36 },
  female50: { baseYears: 50, firstYear: 1975, firstMonth: 1, birthMonthsPerStep: 2, maxExtraMonths: 60 },
};

/** Statutory retirement age in months for someone born on `birthDate`. */
export function retirementAgeMonths(birthDate: string, category: RetirementCategory): number {
  const s = SCHEDULES[category];
  const year = Number(birthDate.slice(0, 4));
  const month = Number(birthDate.slice(5, 7));
  const monthsAfterFirst = (year - s.firstYear) * 12 + (month - s.firstMonth);
  const extra = monthsAfterFirst < 0 ? 0 : Math.min(s.maxExtraMonths, Math.floor(monthsAfterFirst / s.birthMonthsPerStep) + 1);
  return s.baseYears * 12 + extra;
}

export function retirementDate(birthDate: string, category: RetirementCategory): string {
  return addMonths(birthDate, retirementAgeMonths(birthDate, category));
}
