import { describe, expect, it } from 'vitest';
import { isPlanOpen } from '../../../machines/rules/plan-window';

describe('plan window (六)', () => {
  const plan = { opensAt: '2021-07-30', closesAt: '2021-09-30' };
  it('is open on both end days inclusive', () => {
    expect(isPlanOpen(plan, '2021-07-30')).toBe(true);
    expect(isPlanOpen(plan, '2021-08-15')).toBe(true);
    expect(isPlanOpen(plan, '2021-09-30')).toBe(true);
  });
  it('is closed the day before and the day after (逾期不再受理)', () => {
    expect(isPlanOpen(plan, '2021-07-29')).toBe(false);
    expect(isPlanOpen(plan, '2021-10-01')).toBe(false);
  });
});
