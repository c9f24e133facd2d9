import { describe, expect, it } from 'vitest';
import { maskIdNumber } from '../../src/documents/mask';

describe('maskIdNumber', () => {
  it('keeps the area code and the last four characters, and hides the birth date', () => {
    expect(maskIdNumber('33028219900512123X')).toBe('330282********123X');
    expect(maskIdNumber('330282199005121234')).toBe('330282********1234');
  });

  it('refuses anything that is not an 18-character ID number rather than pass it through', () => {
    for (const bad of ['', '330282900512123', '33028219900512123X ', '3302821990051212345', 'abcdefghijklmnopqr']) {
      expect(() => maskIdNumber(bad), bad).toThrow(RangeError);
    }
  });
});
