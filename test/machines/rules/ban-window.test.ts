import { describe, expect, it } from 'vitest';
import { bansCovering, banYears } from '../../../machines/rules/ban-window';

describe('three-year ban (五(四), SPEC §5)', () => {
  it('covers the finding year and the three after it', () => {
    expect(banYears('2021-11-03')).toEqual({ fromYear: 2021, toYear: 2024 });
    expect(banYears('2021-01-01')).toEqual({ fromYear: 2021, toYear: 2024 });
    expect(banYears('2021-12-31')).toEqual({ fromYear: 2021, toYear: 2024 });
  });

  it('a 2021 finding bars plans of 2021 through 2024, not 2020 or 2025', () => {
    const ban = { id: 'b1', ...banYears('2021-11-03'), liftedAt: null };
    expect(bansCovering([ban], 2020)).toEqual([]);
    expect(bansCovering([ban], 2021)).toEqual([ban]);
    expect(bansCovering([ban], 2024)).toEqual([ban]);
    expect(bansCovering([ban], 2025)).toEqual([]);
  });

  it('a lifted ban covers nothing', () => {
    const lifted = { id: 'b2', ...banYears('2021-11-03'), liftedAt: '2022-03-01T02:00:00.000Z' };
    expect(bansCovering([lifted], 2022)).toEqual([]);
  });

  it('returns only the bans in force among several', () => {
    const old = { id: 'old', fromYear: 2015, toYear: 2018, liftedAt: null };
    const current = { id: 'current', fromYear: 2020, toYear: 2023, liftedAt: null };
    expect(bansCovering([old, current], 2022).map((b) => b.id)).toEqual(['current']);
  });
});
