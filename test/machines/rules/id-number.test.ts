import { describe, expect, it } from 'vitest';
import { birthDateOf, checkCharFor, isValidIdNumber, sexOf } from '../../../machines/rules/id-number';

// Check characters computed independently of the module under test (GB 11643-1999).
function referenceCheck(first17: string): string {
  const sum = [...first17].reduce((acc, digit, i) => acc + Number(digit) * (2 ** (17 - i) % 11), 0);
  return '10X98765432'[sum % 11]!;
}
const withCheck = (first17: string) => first17 + referenceCheck(first17);

describe('ID numbers (GB 11643-1999)', () => {
  it('accepts the published example with an X check character', () => {
    expect(isValidIdNumber('11010519491231002X')).toBe(true);
    expect(birthDateOf('11010519491231002X')).toBe('1949-12-31');
  });

  it('accepts generated numbers and agrees with the reference check', () => {
    for (const first17 of ['33028219900512123', '33028219650315001', '44030420000229876', '11010120211009555']) {
      expect(checkCharFor(first17)).toBe(referenceCheck(first17));
      expect(isValidIdNumber(withCheck(first17))).toBe(true);
    }
  });

  it('reads the sex from the 17th character: odd for men, even for women', () => {
    // The published example 11010519491231002X is a woman's (sequence 002).
    expect(sexOf('11010519491231002X')).toBe('female');
    for (const [digit, sex] of [
      ['1', 'male'],
      ['0', 'female'],
      ['7', 'male'],
      ['8', 'female'],
    ] as const)
      expect(sexOf(withCheck(`3302821990051212${digit}`))).toBe(sex);
  });

  it('refuses a wrong check character', () => {
    expect(isValidIdNumber('110105194912310021')).toBe(false);
    const valid = withCheck('33028219900512123');
    const wrong = valid.slice(0, 17) + (valid[17] === '0' ? '1' : '0');
    expect(isValidIdNumber(wrong)).toBe(false);
  });

  it('refuses an impossible birth date even with a correct check character', () => {
    expect(isValidIdNumber(withCheck('33028219900230123'))).toBe(false);
    expect(isValidIdNumber(withCheck('33028219901301123'))).toBe(false);
    expect(isValidIdNumber(withCheck('33028220010229123'))).toBe(false);
  });

  it('refuses the wrong shape', () => {
    expect(isValidIdNumber('11010519491231002x')).toBe(false);
    expect(isValidIdNumber('11010519491231002')).toBe(false);
    expect(isValidIdNumber('1101051949123100200')).toBe(false);
    expect(isValidIdNumber('1101051949123100X2')).toBe(false);
    expect(isValidIdNumber('')).toBe(false);
  });
});
