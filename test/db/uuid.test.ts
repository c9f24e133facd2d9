import { expect, it } from 'vitest';
import { uuidv7 } from '../../src/db/uuid';

it('generates version-7 ids that sort in creation order, even within one millisecond', () => {
  const ids = Array.from({ length: 5000 }, () => uuidv7(1_800_000_000_000));
  expect(new Set(ids).size).toBe(ids.length);
  expect([...ids].sort()).toEqual(ids);
  expect(ids.every((id) => /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(id))).toBe(true);
  expect(uuidv7(1_800_000_000_100) > ids.at(-1)!).toBe(true);
});
