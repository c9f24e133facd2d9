import { describe, expect, it } from 'vitest';
import { feeFor } from '../../../machines/rules/fee';

describe('review fee (四)', () => {
  it('is 100 yuan for junior and 180 yuan for intermediate', () => {
    expect(feeFor('junior')).toBe(100);
    expect(feeFor('intermediate')).toBe(180);
  });
});
