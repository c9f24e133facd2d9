import type { EducationLevel, Facts } from '../facts';
import { educationLevels } from '../facts';
import { addYears } from './dates';

// Insurance and seniority are counted to 31 December of the plan year (一(一)): a span
// of N years started on `since` is complete when since + N years is no later than
// 1 January of the following year.
export function hasServedYears(since: string | null, years: number, planYear: number): boolean {
  if (years <= 0) return true;
  if (since === null) return false;
  return addYears(since, years) <= `${planYear + 1}-01-01`;
}

export function educationAtLeast(level: EducationLevel, required: EducationLevel): boolean {
  return educationLevels.indexOf(level) >= educationLevels.indexOf(required);
}

/**
 * Time as a registered qualification holder counts as time as 助理工程师 (一(三)), and the earliest
 * start counts. Version 2's reading, frozen with it; version 1 follows `coincidingSince`.
 */
export function assistantEngineerSince(facts: Pick<Facts, 'assistantEngineerSince' | 'registeredQualificationSince'>): string | null {
  return earliest([facts.assistantEngineerSince, facts.registeredQualificationSince]);
}

/**
 * 一(三): a qualification holder's time counts as 助理工程师 time only where registration, social
 * insurance and the unit's appointment coincide — from the latest of the three, so none may be
 * missing. Added to time as an appointed 助理工程师, the earlier start counts.
 */
export function qualificationSince(
  facts: Pick<Facts, 'registeredQualificationSince' | 'socialInsuranceSince' | 'qualificationAppointedSince'>,
): string | null {
  const starts = [facts.registeredQualificationSince, facts.socialInsuranceSince, facts.qualificationAppointedSince ?? null];
  // ISO dates order as strings.
  return starts.includes(null) ? null : (starts as string[]).sort().at(-1)!;
}

export const coincidingSince = (facts: Facts) => earliest([facts.assistantEngineerSince, qualificationSince(facts)]);

// ISO dates order as strings.
const earliest = (dates: (string | null)[]) => dates.filter((d): d is string => d !== null).sort()[0] ?? null;
