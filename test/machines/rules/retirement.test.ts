import { describe, expect, it } from 'vitest';
import { retirementAgeMonths, retirementDate } from '../../../machines/rules/retirement';

const years = (y: number, m = 0) => y * 12 + m;

describe('statutory retirement age (SPEC §4 rule 1)', () => {
  it.each([
    ['male60', '1964-12-15', years(60)],
    ['male60', '1965-01-15', years(60, 1)],
    ['male60', '1965-03-15', years(60, 1)],
    ['male60', '1965-04-15', years(60, 1)],
    ['male60', '1965-05-15', years(60, 2)],
    ['male60', '1976-08-15', years(62, 11)],
    ['male60', '1976-09-15', years(63)],
    ['male60', '1990-01-01', years(63)],
    ['female55', '1969-12-31', years(55)],
    ['female55', '1970-01-01', years(55, 1)],
    ['female55', '1970-06-10', years(55, 2)],
    ['female55', '1981-09-10', years(58)],
    ['female50', '1974-12-31', years(50)],
    ['female50', '1975-01-01', years(50, 1)],
    ['female50', '1975-06-10', years(50, 3)],
    ['female50', '1984-12-10', years(55)],
    ['female50', '1995-01-10', years(55)],
  ] as const)('%s born %s retires at %i months', (category, birth, months) => {
    expect(retirementAgeMonths(birth, category)).toBe(months);
  });

  it('gives the date: a man born 1965-03 retires in 2025-04', () => {
    expect(retirementDate('1965-03-20', 'male60')).toBe('2025-04-20');
    expect(retirementDate('1965-05-20', 'male60')).toBe('2025-07-20');
    expect(retirementDate('1976-09-01', 'male60')).toBe('2039-09-01');
    expect(retirementDate('1970-06-01', 'female55')).toBe('2025-08-01');
    expect(retirementDate('1975-06-01', 'female50')).toBe('2025-09-01');
    expect(retirementDate('1961-12-31', 'male60')).toBe('2021-12-31');
  });
});
