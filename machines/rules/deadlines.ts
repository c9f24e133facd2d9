import type { PlanInput } from '../facts';
import { addDays, shanghaiDate, shanghaiMidnight } from './dates';

// Issue 24, the bureau's choices where the notice is silent (README): the fee is due within
// `feeDeadlineDays` calendar days after the fee notice (四 names no period), the three paper
// copies within `paperDeadlineDays` after the audit approval (三(二) names none). Calendar
// days, so a deadline never depends on a year's holiday schedule being loaded.

export const DEFAULT_FEE_DEADLINE_DAYS = 10;
export const DEFAULT_PAPER_DEADLINE_DAYS = 15;

/** When a deadline whose last day is `lastDay` has passed: 00:00 Asia/Shanghai of the day after. */
export const passesAfter = (lastDay: string) => shanghaiMidnight(addDays(lastDay, 1));

/** The last day of a deadline of `days` days counted from the day of `from` (an instant). */
export const lastDayAfter = (from: string, days: number) => addDays(shanghaiDate(from), days);

export const feeDeadlineDays = (plan: Pick<PlanInput, 'feeDeadlineDays'>) => plan.feeDeadlineDays ?? DEFAULT_FEE_DEADLINE_DAYS;
export const paperDeadlineDays = (plan: Pick<PlanInput, 'paperDeadlineDays'>) => plan.paperDeadlineDays ?? DEFAULT_PAPER_DEADLINE_DAYS;
