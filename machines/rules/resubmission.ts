import { addDays } from './dates';
import { type Calendar, publicityLastDay } from './working-days';

/** The service's choice where the notice is silent: a returned applicant has a week to resubmit. */
export const DEFAULT_RESUBMIT_WORKING_DAYS = 5;

/**
 * The last day a draft returned on `returnedOn` may be resubmitted, even after the plan has
 * closed: the `days`-th working day after the return; the return day itself if `days` is 0.
 */
export function resubmitBy(returnedOn: string, cal: Calendar, days: number): string {
  return days === 0 ? returnedOn : publicityLastDay(addDays(returnedOn, 1), cal, days);
}
