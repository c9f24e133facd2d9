// Calendar arithmetic over 'YYYY-MM-DD' strings. UTC Date arithmetic only, so the
// host time zone never leaks in; China keeps a fixed UTC+8 (no daylight saving).

const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

function parts(date: string): { year: number; month: number; day: number } {
  const match = DATE_PATTERN.exec(date);
  if (!match) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  return { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
}

function toUtcMs(date: string): number {
  const { year, month, day } = parts(date);
  return Date.UTC(year, month - 1, day);
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

// Written out rather than toISOString().slice: the eligibility checks call this often enough to show in a profile.
function fromUtcMs(ms: number): string {
  const d = new Date(ms);
  const year = d.getUTCFullYear();
  if (!(year >= 1000 && year <= 9999)) return d.toISOString().slice(0, 10);
  return `${year}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}

/** True when `date` is a well-formed, existing calendar date. */
export function isRealDate(date: string): boolean {
  if (!DATE_PATTERN.test(date)) return false;
  return fromUtcMs(toUtcMs(date)) === date;
}

export function shanghaiDate(instantIso: string): string {
  const ms = Date.parse(instantIso);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO instant: ${instantIso}`);
  return fromUtcMs(ms + SHANGHAI_OFFSET_MS);
}

export function shanghaiMidnight(date: string): string {
  return new Date(toUtcMs(date) - SHANGHAI_OFFSET_MS).toISOString();
}

export function addDays(date: string, n: number): string {
  return fromUtcMs(toUtcMs(date) + n * DAY_MS);
}

/** Adds calendar months; a day past the target month's end is clamped to its last day. */
export function addMonths(date: string, n: number): string {
  const { year, month, day } = parts(date);
  const target = new Date(Date.UTC(year, month - 1 + n, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return fromUtcMs(target.getTime());
}

export function addYears(date: string, n: number): string {
  return addMonths(date, 12 * n);
}

export function yearOf(date: string): number {
  return parts(date).year;
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(date: string): number {
  return new Date(toUtcMs(date)).getUTCDay();
}

/** 31 December of `year`: the cut-off for seniority, insurance and retirement (一(一)). */
export function yearEnd(year: number): string {
  return `${String(year).padStart(4, '0')}-12-31`;
}

/**
 * The last day of a period that ends at the instant `endsAt` — a publicity's 5 working days
 * end at 00:00 Asia/Shanghai of the day after its last (三(三)), a deadline likewise: the one
 * date every list, page and document prints as its end.
 */
export function lastDayBefore(endsAt: string): string {
  const ms = Date.parse(endsAt);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO instant: ${endsAt}`);
  return fromUtcMs(ms - 1 + SHANGHAI_OFFSET_MS);
}
