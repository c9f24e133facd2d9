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

/** Time as a registered qualification holder counts as time as 助理工程师 (一(三)). */
export function assistantEngineerSince(facts: Pick<Facts, 'assistantEngineerSince' | 'registeredQualificationSince'>): string | null {
  const starts = [facts.assistantEngineerSince, facts.registeredQualificationSince].filter((d): d is string => d !== null);
  // ISO dates order as strings: the earliest start counts.
  return starts.sort()[0] ?? null;
}
