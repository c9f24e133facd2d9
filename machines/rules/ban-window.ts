import { z } from 'zod';
import { yearOf } from './dates';

// 五(四): "从次年起3年内不得申报" bars Y+1…Y+3; year Y is barred too because that
// year's materials were returned (SPEC §5).
const BAN_LENGTH_YEARS = 3;

/** The years a ban bars, both included. */
export const BanYears = z.object({ fromYear: z.number().int(), toYear: z.number().int() });
export type BanYears = z.infer<typeof BanYears>;

export function banYears(findingDate: string): BanYears {
  const year = yearOf(findingDate);
  return { fromYear: year, toYear: year + BAN_LENGTH_YEARS };
}

/** The bans still in force for a plan of `planYear`. */
export function bansCovering<T extends BanYears & { liftedAt: unknown }>(bans: T[], planYear: number): T[] {
  return bans.filter((ban) => ban.liftedAt === null && ban.fromYear <= planYear && planYear <= ban.toYear);
}
