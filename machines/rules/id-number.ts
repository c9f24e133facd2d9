import { isRealDate } from './dates';

// GB 11643-1999 citizen identity number: 6-digit area code, 8-digit birth date,
// 3-digit sequence, ISO 7064 MOD 11-2 check character.
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';
const SHAPE = /^\d{17}[\dX]$/;

/** The check character for the first 17 digits. */
export function checkCharFor(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

export function isValidIdNumber(s: string): boolean {
  if (!SHAPE.test(s)) return false;
  if (checkCharFor(s.slice(0, 17)) !== s[17]) return false;
  return isRealDate(birthDateOf(s));
}

/** The embedded birth date (characters 7–14) as YYYY-MM-DD; validate the number first. */
export function birthDateOf(id: string): string {
  return `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
}

/** GB 11643-1999: the 17th character, the sequence's last digit, is odd for men and even for women. */
export function sexOf(id: string): 'male' | 'female' {
  return Number(id[16]) % 2 === 1 ? 'male' : 'female';
}
