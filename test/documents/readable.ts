import { expect } from 'vitest';
import { sexOf } from '../../machines/rules/id-number';
import { sexLabel } from '../../src/documents/labels';
import { maskIdNumber } from '../../src/documents/mask';

// What no document may print, whatever its kind: an internal id where the registry has a name,
// a scoring item's id instead of its name, or a sex that contradicts the ID number (GB 11643:
// the 17th digit). `text` is a document's text with whitespace removed.

export type Known = {
  /** Units that have a registered name: their ids must not appear. */
  unitIds: readonly string[];
  /** Scoring item ids of the plan. */
  itemIds: readonly string[];
  /** Whoever the document names, with their ID number. */
  people: ReadonlyArray<{ name: string; idNumber: string }>;
  /** Any other id that must stay inside the system (application ids …). */
  internalIds?: readonly string[];
};

export function expectReadable(text: string, known: Known): void {
  for (const id of [...known.unitIds, ...(known.internalIds ?? [])]) expect(text, `an internal id: ${id}`).not.toContain(id);
  for (const id of known.itemIds) expect(text, `a scoring item id: ${id}`).not.toContain(id);
  expect(text).not.toMatch(/undefined|null|NaN|\[object/);
  const other = { male: sexLabel.female, female: sexLabel.male } as const;
  for (const { name, idNumber } of known.people) {
    const wrong = other[sexOf(idNumber)];
    // As a list prints a row (sex, then the masked number) and as a form prints its grid (性别, then the sex).
    expect(text, `${name}: a sex that contradicts the ID number`).not.toContain(`${wrong}${maskIdNumber(idNumber)}`);
    if (known.people.length === 1) expect(text, `${name}: 性别 contradicts the ID number`).not.toContain(`性别${wrong}`);
  }
}
